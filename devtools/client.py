"""`make client`: the Python clients of the public API, generated from each service's OpenAPI
document with openapi-python-client into clients/python/, beside the documents themselves
(clients/python/openapi/<service>.json). tests/test_client.py fails when what is committed
differs from what the code generates, so a change to the API ships with its client."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = ROOT / "clients" / "python"
BIN = Path(sys.executable).parent
SERVICES = ("identification", "referral", "shelter", "justice", "operations")


def package(service: str) -> str:
    return f"nrm_{service}_client"


def documents() -> dict[str, dict[str, Any]]:
    """Each service's OpenAPI document, from its app as built (nothing is started)."""
    import identification.bootstrap
    import justice.bootstrap
    import operations.bootstrap
    import referral.bootstrap
    import shelter.bootstrap

    modules = {
        "identification": identification.bootstrap,
        "referral": referral.bootstrap,
        "shelter": shelter.bootstrap,
        "justice": justice.bootstrap,
        "operations": operations.bootstrap,
    }

    async def build() -> dict[str, dict[str, Any]]:
        found = {}
        for service, module in modules.items():
            app = module.bootstrap()
            found[service] = app.openapi()
            await app.state.runtime.stop()
        return found

    return asyncio.run(build())


def document_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generate(into: Path, docs: dict[str, dict[str, Any]] | None = None) -> None:
    """Write the documents and the clients under `into` (clients/python, or a scratch folder)."""
    docs = docs if docs is not None else documents()
    (into / "openapi").mkdir(parents=True, exist_ok=True)
    for service, document in docs.items():
        path = into / "openapi" / f"{service}.json"
        path.write_text(document_text(document))
        target = into / package(service).replace("_", "-")
        with tempfile.TemporaryDirectory() as scratch:
            config = Path(scratch) / "config.json"
            config.write_text(
                json.dumps(
                    {
                        "project_name_override": package(service).replace("_", "-"),
                        "package_name_override": package(service),
                    }
                )
            )
            subprocess.run(
                [
                    str(BIN / "openapi-python-client"),
                    "generate",
                    "--path",
                    str(path),
                    "--output-path",
                    str(target),
                    "--config",
                    str(config),
                    "--meta",
                    "setup",
                    "--overwrite",
                    "--fail-on-warning",
                ],
                check=True,
                capture_output=True,
                cwd=scratch,
                # Its post-generation hooks run the ruff of this environment.
                env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
            )
        shutil.rmtree(target / ".ruff_cache", ignore_errors=True)


def main() -> None:
    for service in SERVICES:
        shutil.rmtree(CLIENTS / package(service).replace("_", "-"), ignore_errors=True)
    generate(CLIENTS)
    print(f"clients written to {CLIENTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
