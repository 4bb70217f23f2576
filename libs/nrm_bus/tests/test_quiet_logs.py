"""Operators read the services' logs: third-party chatter (a line per font subset of every
PDF, Kafka record contents) stays below what the services log, in-process and under
uvicorn's logging config alike."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from nrm_bus import telemetry

LOGGING_YAML = Path(__file__).resolve().parents[3] / "deploy" / "logging.yaml"


def test_font_subsetting_and_kafka_records_are_not_logged_at_info() -> None:
    telemetry.configure_logging("INFO")
    for name in ("fontTools.subset", "fontTools.ttLib.ttFont", "aiokafka.consumer"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    assert logging.getLogger("nrm_bus.relay").isEnabledFor(logging.INFO)


def test_the_uvicorn_logging_config_quiets_them_too() -> None:
    loggers = yaml.safe_load(LOGGING_YAML.read_text())["loggers"]
    for name in telemetry.QUIET_LOGGERS:
        assert loggers[name]["level"] == "WARNING", name
