"""The overview: the whole mechanism at a glance, from the read models and the monitor.
Each section says how fresh it is (`as_of`, `stale`); alerts say what needs a person now.
The same document feeds `GET /v1/overview` and every widget of the dashboard."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from nrm_bus.clock import as_utc
from operations.adapters.orm import (
    acknowledgements,
    consent_deliveries,
    consent_ends,
    erasures,
    referrals,
    reflection_periods,
    series,
    shelter_capacity,
    waitlist_counts,
)
from operations.service_layer import dead_letters
from operations.service_layer.monitor import Monitor

SECTIONS = (
    "capacity",
    "referrals",
    "reflection_periods_ending",
    "unacknowledged",
    "bus",
    "dead_letters",
    "declines",
)


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value is not None else None


async def capacity(conn: AsyncConnection) -> list[dict[str, Any]]:
    """Beds by region, target group, regime and language, and the requests waiting for a
    bed of that region, target group and language (shared by its regimes' rows)."""
    beds: dict[tuple[str, str, str, str], dict[str, int]] = {}
    for shelter in await conn.execute(select(shelter_capacity)):
        for group in shelter.target_groups:
            for language in shelter.languages or ["und"]:
                key = (shelter.region, group, shelter.regime, language.split("-")[0].lower())
                row = beds.setdefault(
                    key, {"shelters": 0, "beds_total": 0, "beds_free": 0, "beds_held": 0}
                )
                row["shelters"] += 1
                row["beds_total"] += shelter.beds_total
                row["beds_free"] += shelter.beds_free
                row["beds_held"] += shelter.beds_held or 0
    waiting: dict[tuple[str, str, str], tuple[int, datetime]] = {}
    for bucket in await conn.execute(select(waitlist_counts)):
        waiting[(bucket.region, bucket.target_group, bucket.language)] = (
            int(bucket._mapping["count"]),
            as_utc(bucket.oldest_since),
        )
    rows: list[dict[str, Any]] = []
    for (region, group, regime, language), figures in sorted(beds.items()):
        count, since = waiting.get((region, group, language), (0, None))
        rows.append(
            {
                "region": region,
                "target_group": group,
                "regime": regime,
                "language": language,
                **figures,
                "waiting": count,
                "oldest_wait_since": _iso(since),
            }
        )
    served = {(r["region"], r["target_group"], r["language"]) for r in rows}
    for (region, group, language), (count, since) in sorted(waiting.items()):
        if (region, group, language) not in served:
            # People wait where no shelter of their group and language exists at all.
            rows.append(
                {
                    "region": region,
                    "target_group": group,
                    "regime": None,
                    "language": language,
                    "shelters": 0,
                    "beds_total": 0,
                    "beds_free": 0,
                    "beds_held": 0,
                    "waiting": count,
                    "oldest_wait_since": _iso(since),
                }
            )
    rows.sort(key=lambda r: (r["region"], r["target_group"], r["language"], r["regime"] or ""))
    return rows


async def capacity_totals(conn: AsyncConnection) -> dict[str, Any]:
    beds = (
        await conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(shelter_capacity.c.beds_total), 0),
                func.coalesce(func.sum(shelter_capacity.c.beds_free), 0),
                func.coalesce(func.sum(shelter_capacity.c.beds_held), 0),
            )
        )
    ).one()
    waiting = (
        await conn.execute(
            select(
                func.coalesce(func.sum(waitlist_counts.c.count), 0),
                func.min(waitlist_counts.c.oldest_since),
            )
        )
    ).one()
    return {
        "shelters": int(beds[0]),
        "beds_total": int(beds[1]),
        "beds_free": int(beds[2]),
        "beds_held": int(beds[3]),
        "waiting": int(waiting[0]),
        "oldest_wait_since": _iso(waiting[1]),
    }


async def pipeline(conn: AsyncConnection) -> list[dict[str, Any]]:
    rows = await conn.execute(
        select(referrals.c.service_type, referrals.c.status, func.count())
        .group_by(referrals.c.service_type, referrals.c.status)
        .order_by(referrals.c.service_type, referrals.c.status)
    )
    return [
        {"service_type": service_type, "status": status, "count": int(count)}
        for service_type, status, count in rows
    ]


async def stuck(
    conn: AsyncConnection, now: datetime, requested_after: timedelta
) -> list[dict[str, Any]]:
    """Offered past the hold (nobody took the person's answer to the shelter), requested
    with no answer for too long: by pseudonym, with the organisations to call."""
    query = (
        select(referrals)
        .where(
            (
                (referrals.c.status == "offered")
                & referrals.c.hold_expires_at.is_not(None)
                & (referrals.c.hold_expires_at < now)
            )
            | ((referrals.c.status == "requested") & (referrals.c.since < now - requested_after))
        )
        .order_by(referrals.c.since)
        .limit(200)
    )
    found = []
    for row in await conn.execute(query):
        late_since = as_utc(row.hold_expires_at) if row.status == "offered" else as_utc(row.since)
        found.append(
            {
                "referral_id": str(row.referral_id),
                "subject_id": str(row.subject_id),
                "service_type": row.service_type,
                "status": row.status,
                "since": _iso(row.since),
                "hold_expires_at": _iso(row.hold_expires_at),
                "why": "offer past its hold" if row.status == "offered" else "no answer",
                "overdue_s": int((now - late_since).total_seconds()),
                "region": row.region,
                "referred_by_organisation": row.referred_by_organisation,
                "provider_organisation": row.provider_organisation,
            }
        )
    return found


async def reflection(conn: AsyncConnection, today: date, horizon_days: int) -> list[dict[str, Any]]:
    """Periods ending within the horizon, and those ended with no follow-up, soonest first."""
    query = (
        select(reflection_periods)
        .where(
            (
                (reflection_periods.c.notice == "ended")
                & reflection_periods.c.followed_up_at.is_(None)
            )
            | (
                (reflection_periods.c.notice != "ended")
                & (reflection_periods.c.ends_on >= today)
                & (reflection_periods.c.ends_on <= today + timedelta(days=horizon_days))
            )
        )
        .order_by(reflection_periods.c.ends_on)
        .limit(500)
    )
    return [
        {
            "subject_id": str(row.subject_id),
            "jurisdiction": row.jurisdiction,
            "responsible_organisation": row.responsible_organisation,
            "ends_on": row.ends_on.isoformat(),
            "days_left": (row.ends_on - today).days,
            "state": "ended" if row.notice == "ended" else "ending",
            "followed_up": row.followed_up_at is not None,
            "follow_up": row.follow_up,
        }
        for row in await conn.execute(query)
    ]


async def unacknowledged(
    conn: AsyncConnection, now: datetime, after: timedelta
) -> list[dict[str, Any]]:
    """Ends of consents and erasures that a service holding data under them has not
    acknowledged after `after`. A withdrawal is named by its consent (not the person: the
    service owing it may be the police, which only whom it concerns may know)."""
    cutoff = now - after
    owed: list[dict[str, Any]] = []
    ended = await conn.execute(
        select(consent_ends, consent_deliveries.c.service)
        .join(consent_deliveries, consent_deliveries.c.consent_id == consent_ends.c.consent_id)
        .outerjoin(
            acknowledgements,
            and_(
                acknowledgements.c.kind == "consent",
                acknowledgements.c.ref == consent_ends.c.consent_id,
                acknowledgements.c.service == consent_deliveries.c.service,
            ),
        )
        .where(acknowledgements.c.at.is_(None), consent_ends.c.ended_at < cutoff)
        .order_by(consent_ends.c.ended_at)
        .limit(200)
    )
    for row in ended:
        owed.append(
            {
                "kind": "withdrawal" if row.status == "withdrawn" else "expiry",
                "consent_id": str(row.consent_id),
                "subject_id": None,
                "service": row.service,
                "since": _iso(row.ended_at),
                "waiting_s": int((now - as_utc(row.ended_at)).total_seconds()),
            }
        )
    erased = await conn.execute(
        select(erasures, consent_deliveries.c.service)
        .distinct()
        .join(consent_deliveries, consent_deliveries.c.subject_id == erasures.c.subject_id)
        .outerjoin(
            acknowledgements,
            and_(
                acknowledgements.c.kind == "erasure",
                acknowledgements.c.ref == erasures.c.subject_id,
                acknowledgements.c.service == consent_deliveries.c.service,
            ),
        )
        .where(acknowledgements.c.at.is_(None), erasures.c.requested_at < cutoff)
        .order_by(erasures.c.requested_at)
        .limit(200)
    )
    for row in erased:
        owed.append(
            {
                "kind": "erasure",
                "consent_id": None,
                "subject_id": str(row.subject_id),
                "service": row.service,
                "since": _iso(row.requested_at),
                "waiting_s": int((now - as_utc(row.requested_at)).total_seconds()),
            }
        )
    return owed


def bus(monitor: Monitor) -> list[dict[str, Any]]:
    rows = []
    for service in sorted(monitor.health):
        health = monitor.health[service]
        rows.append(
            {
                "service": service,
                "as_of": _iso(health.as_of),
                "reachable": health.error is None,
                "error": health.error,
                "consumer_lag": [
                    {"topic": topic, "partition": partition, "lag": lag}
                    for (topic, partition), lag in sorted(health.lag.items())
                ],
                "lag_total": health.lag_total,
                "outbox_backlog": health.outbox_backlog,
                "outbox_oldest_age_s": round(health.outbox_oldest_age_s, 1),
                "held": health.held,
                "held_oldest_age_s": round(health.held_oldest_age_s, 1),
                "refusals_last_hour": health.refusals_last_hour,
                "dead_lettered": dict(sorted(health.dead_lettered.items())),
            }
        )
    return rows


async def history(conn: AsyncConnection, now: datetime, hours: float) -> dict[str, list[Any]]:
    rows = await conn.execute(
        select(series.c.name, series.c.at, series.c.value)
        .where(series.c.at >= now - timedelta(hours=hours))
        .order_by(series.c.at)
    )
    points: dict[str, list[Any]] = defaultdict(list)
    for name, at, value in rows:
        points[name].append([_iso(at), value])
    return dict(points)


def alerts(
    document: dict[str, Any], settings: Any, now: datetime, stale: dict[str, bool]
) -> list[dict[str, Any]]:
    """What needs a person now, worst first."""
    found: list[dict[str, Any]] = []
    for service in document["bus"]:
        if not service["reachable"]:
            name = service["service"]
            found.append(_alert("critical", "unreachable", f"{name} does not answer", name))
            continue
        if service["lag_total"] > settings.lag_alert_records:
            found.append(
                _alert(
                    "warning",
                    "consumer-lag",
                    f"{service['service']} is {service['lag_total']} records behind",
                    service["service"],
                )
            )
        if service["held"] and service["held_oldest_age_s"] > settings.held_alert_after_s:
            found.append(
                _alert(
                    "warning",
                    "held-event",
                    f"{service['service']} has held an event for "
                    f"{_duration(service['held_oldest_age_s'])} waiting for its consent",
                    service["service"],
                )
            )
    new_dead = [row for row in document["dead_letters"] if row["status"] == "new"]
    if new_dead:
        by_topic: dict[str, int] = defaultdict(int)
        for row in new_dead:
            by_topic[row["topic"]] += 1
        found.append(
            _alert(
                "critical",
                "dead-letters",
                f"{len(new_dead)} dead letter{'s' if len(new_dead) != 1 else ''} to handle ("
                + ", ".join(f"{topic}: {count}" for topic, count in sorted(by_topic.items()))
                + ")",
                None,
            )
        )
    for period in document["reflection_periods_ending"]:
        if (
            period["state"] == "ending"
            and not period["followed_up"]
            and period["days_left"] <= settings.reflection_alert_days
        ):
            found.append(
                _alert(
                    "warning",
                    "reflection-period",
                    f"reflection period of {period['subject_id'][:8]}… ({period['jurisdiction']}) "
                    f"ends in {period['days_left']} day{'s' if period['days_left'] != 1 else ''} "
                    "with no follow-up; call "
                    + (period["responsible_organisation"] or "the identifying organisation"),
                    period["subject_id"],
                )
            )
    for owed in document["unacknowledged"]:
        what = (
            f"consent {owed['consent_id'][:8]}…"
            if owed["consent_id"]
            else f"erasure of {owed['subject_id'][:8]}…"
        )
        found.append(
            _alert(
                "warning",
                "unacknowledged",
                f"{owed['service']} has not acknowledged the {owed['kind']} ({what}) "
                f"for {_duration(owed['waiting_s'])}",
                owed["consent_id"] or owed["subject_id"],
            )
        )
    if document["stuck_referrals"]:
        found.append(
            _alert(
                "info",
                "stuck-referrals",
                f"{len(document['stuck_referrals'])} referral(s) stuck: see the pipeline",
                None,
            )
        )
    for section, is_stale in sorted(stale.items()):
        # Decline statistics change slowly and their widget says how old they are.
        if is_stale and section != "declines":
            what = section.replace("_", " ")
            found.append(_alert("warning", "stale", f"{what} is not up to date", section))
    order = {"critical": 0, "warning": 1, "info": 2}
    found.sort(key=lambda alert: order[alert["severity"]])
    return found


def _alert(severity: str, kind: str, message: str, about: str | None) -> dict[str, Any]:
    return {"severity": severity, "kind": kind, "message": message, "about": about}


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


async def build(
    conn: AsyncConnection, monitor: Monitor, settings: Any, now: datetime
) -> dict[str, Any]:
    fresh = dict(monitor.freshness)
    for row in monitor.health.values():
        if row.as_of is not None and row.error is None:
            fresh[f"bus:{row.service}"] = row.as_of
    bus_as_of = min((as_utc(v) for k, v in fresh.items() if k.startswith("bus:")), default=None)
    if bus_as_of is not None:
        fresh["bus"] = bus_as_of
    if monitor.declines_as_of is not None:
        fresh["declines"] = monitor.declines_as_of
    limit = timedelta(seconds=settings.stale_after_s)
    stale = {
        section: section not in fresh or now - as_utc(fresh[section]) > limit
        for section in SECTIONS
        if section != "declines"
    }
    stale["declines"] = monitor.declines is None
    freshness = {
        section: {"as_of": _iso(fresh.get(section)), "stale": stale[section]}
        for section in SECTIONS
    }
    document: dict[str, Any] = {
        "as_of": now.isoformat(),
        "capacity": [
            {**row, "as_of": freshness["capacity"]["as_of"]} for row in await capacity(conn)
        ],
        "capacity_totals": await capacity_totals(conn),
        "referrals": [
            {**row, "as_of": freshness["referrals"]["as_of"]} for row in await pipeline(conn)
        ],
        "stuck_referrals": await stuck(
            conn, now, timedelta(seconds=settings.stuck_requested_after_s)
        ),
        "reflection_periods_ending": [
            {**row, "as_of": freshness["reflection_periods_ending"]["as_of"]}
            for row in await reflection(conn, now.date(), settings.reflection_horizon_days)
        ],
        "unacknowledged": [
            {**row, "as_of": freshness["unacknowledged"]["as_of"]}
            for row in await unacknowledged(
                conn, now, timedelta(seconds=settings.unacknowledged_after_s)
            )
        ],
        "dead_letters": await dead_letters.listed(conn, status="new", limit=200),
        "declines": monitor.declines,
        "freshness": freshness,
    }
    document["bus"] = bus(monitor)
    document["dead_letters_by_topic"] = await dead_letters.counts_by_topic(conn)
    for row in document["bus"]:
        row["stale"] = row["as_of"] is None or now - datetime.fromisoformat(row["as_of"]) > limit
    document["history"] = await history(conn, now, settings.history_keep_hours)
    # Each plot ends at the figures of this moment, not at the last minute's point.
    totals, live = document["capacity_totals"], now.isoformat()
    for name in ("beds_free", "beds_held", "waiting", "beds_total"):
        document["history"].setdefault(name, []).append([live, float(totals[name])])
    for row in document["bus"]:
        if row["reachable"]:
            document["history"].setdefault(f"lag:{row['service']}", []).append(
                [live, float(row["lag_total"])]
            )
    document["alerts"] = alerts(document, settings, now, stale)
    return document


async def counts(conn: AsyncConnection, settings: Any, now: datetime) -> dict[str, int]:
    """What needs a person, as numbers (Prometheus' alert rules read them)."""
    periods = await reflection(conn, now.date(), settings.reflection_horizon_days)
    return {
        "dead_letters_waiting": len(await dead_letters.listed(conn, status="new", limit=10000)),
        "reflection_unattended": sum(
            1
            for p in periods
            if p["state"] == "ending"
            and not p["followed_up"]
            and p["days_left"] <= settings.reflection_alert_days
        ),
        "reflection_ended_unattended": sum(1 for p in periods if p["state"] == "ended"),
        "unacknowledged": len(
            await unacknowledged(conn, now, timedelta(seconds=settings.unacknowledged_after_s))
        ),
        "stuck_referrals": len(
            await stuck(conn, now, timedelta(seconds=settings.stuck_requested_after_s))
        ),
    }
