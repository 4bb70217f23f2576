"""The dashboard at `GET /`: server-rendered widgets, updated live through server-sent
events (each changed widget is sent again as HTML), every widget saying how fresh it is.
Signed-in staff only (a session cookie, see signin.py); auditors see it read-only, and
replay or discard from the page is a form post checked against cross-site requests."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from operations.entrypoints.signin import (
    CrossSiteRefused,
    StaffSession,
    checked_form,
    page_session,
    stream_session,
)
from operations.entrypoints.templates import templates
from operations.service_layer import dead_letters, overview
from operations.service_layer.dead_letters import Resolve

STATIC = Path(__file__).parent / "static"
# Widgets, in page order: (element id, template, heading).
WIDGETS = (
    ("alerts", "widgets/alerts.html", "Alerts"),
    ("capacity", "widgets/capacity.html", "Shelter capacity"),
    ("pipeline", "widgets/pipeline.html", "Referral pipeline"),
    ("plots", "widgets/plots.html", "Over time"),
    ("reflection", "widgets/reflection.html", "Reflection periods"),
    ("dead-letters", "widgets/dead_letters.html", "Dead letters"),
    ("unacknowledged", "widgets/unacknowledged.html", "Acknowledgements owed"),
    ("declines", "widgets/declines.html", "Who declines, and why"),
    ("bus", "widgets/bus.html", "Bus health"),
)

router = APIRouter(include_in_schema=False)
PageSession = Annotated[StaffSession, Depends(page_session)]
StreamSession = Annotated[StaffSession, Depends(stream_session)]


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


async def _document(request: Request) -> dict[str, Any]:
    operations = request.app.state.operations
    async with operations.runtime.engine.connect() as conn:
        document: dict[str, Any] = await overview.build(
            conn, operations.monitor, operations.settings, request.app.state.clock.now()
        )
        return document


def _context(request: Request, session: StaffSession, document: dict[str, Any]) -> dict[str, Any]:
    lag_lines = [
        (name.split(":", 1)[1], points)
        for name, points in sorted(document["history"].items())
        if name.startswith("lag:")
    ]
    return {
        "o": document,
        "lag_lines": lag_lines,
        "session": session,
        "settings": request.app.state.operations.settings,
        "widgets": WIDGETS,
    }


def render_widgets(
    request: Request, session: StaffSession, document: dict[str, Any]
) -> dict[str, str]:
    context = {"request": request, **_context(request, session, document)}
    return {
        widget_id: templates.get_template(template).render(context)
        for widget_id, template, _ in WIDGETS
    }


@router.get("/", response_class=HTMLResponse)
async def page(request: Request, session: PageSession, done: str | None = None) -> Response:
    document = await _document(request)
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            **_context(request, session, document),
            "rendered": render_widgets(request, session, document),
            "done": done,
            "title": "NRM operations",
        },
        headers={"Cache-Control": "no-store"},
    )


@router.get("/dashboard/stream")
async def stream(request: Request, session: StreamSession) -> StreamingResponse:
    """Server-sent events: `widget` events with `{id, html}` for each widget that changed,
    on every change of the read models (and every few seconds, as data ages)."""
    monitor = request.app.state.operations.monitor

    async def events() -> AsyncIterator[str]:
        sent: dict[str, str] = {}
        seen = -1
        yield "retry: 2000\n\n"
        while not await request.is_disconnected():
            seen = await monitor.wait_change(seen, timeout_s=5.0)
            document = await _document(request)
            for widget_id, html in render_widgets(request, session, document).items():
                if sent.get(widget_id) != html:
                    sent[widget_id] = html
                    payload = json.dumps(
                        {"id": widget_id, "html": html, "as_of": document["as_of"]}
                    )
                    yield f"event: widget\ndata: {payload}\n\n"
            yield ": alive\n\n"
            # Changes arriving together are sent together: at most a few renders a second
            # per open page, however busy the bus.
            await asyncio.sleep(0.2)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _resolve(request: Request, session: StaffSession, action: str) -> Response:
    if not session.may_operate:
        raise CrossSiteRefused(
            "Auditors see the dashboard read-only: only operations staff "
            "replay or discard dead letters."
        )
    form = await checked_form(request, session)
    reason = (form.get("reason") or [""])[0].strip()
    ids = form.get("dead_letter_id") or []
    if not reason or not ids:
        return _answer(request, 422, "A reason is required, and at least one dead letter.")
    operations = request.app.state.operations
    outcomes: list[str] = []
    for raw in ids:
        try:
            dead_letter_id = uuid.UUID(raw)
            async with operations.runtime.unit_of_work() as uow:
                cmd = Resolve(dead_letter_id, reason[:500], session)
                if action == "replay":
                    await dead_letters.replay(
                        cmd,
                        uow,
                        request.app.state.clock.now(),
                        operations.read_back,
                        operations.write_back,
                    )
                else:
                    await dead_letters.discard(cmd, uow, request.app.state.clock.now())
            outcomes.append(f"{raw[:8]}… {'replayed' if action == 'replay' else 'discarded'}")
        except ValueError:
            outcomes.append(f"{raw[:8]}…: not a dead letter id")
        except dead_letters.DeadLetterNotFound:
            outcomes.append(f"{raw[:8]}…: no such dead letter")
        except dead_letters.AlreadyResolved as exc:
            outcomes.append(f"{raw[:8]}…: {exc.status} already")
        except dead_letters.NotReplayable as exc:
            outcomes.append(f"{raw[:8]}…: {exc}")
    operations.monitor.notify()
    return _answer(request, 200, "; ".join(outcomes))


def _answer(request: Request, status: int, message: str) -> Response:
    """To the page's script a short text; to a plain form post, the dashboard again."""
    if request.headers.get("x-requested-with") == "fetch":
        return Response(message, status_code=status, media_type="text/plain")
    if status >= 400:
        return Response(message, status_code=status, media_type="text/plain")
    return Response(status_code=303, headers={"Location": f"/?done={quote(message)}#dead-letters"})


@router.post("/dashboard/dead-letters/replay")
async def replay(request: Request, session: PageSession) -> Response:
    return await _resolve(request, session, "replay")


@router.post("/dashboard/dead-letters/discard")
async def discard(request: Request, session: PageSession) -> Response:
    return await _resolve(request, session, "discard")
