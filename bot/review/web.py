"""The review pages at /review: login, the conversation list, transcripts, annotations and exports.

Nothing under /review answers without a login: pages redirect to the login form, exports and the
JSON API answer 401. The JSON API also accepts the API token (`?token=` or a Bearer header), as the
contract says. Every form carries the session's CSRF token. Templates autoescape, so whatever a
person typed is shown as text.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.review import accounts, exports, queries, throttle
from bot.review import annotations as review_notes
from bot.review.chart import pain_svg
from bot.settings import Settings
from bot.web.sessions import Session, Sessions

Handler = Callable[..., Awaitable[HTTPResponse]]
NO_STORE = {"Cache-Control": "no-store"}


def review_blueprint(settings: Settings, templates: Environment, headers: dict[str, str]) -> Blueprint:
    """The /review routes for these settings; `headers` are the site's security headers."""
    bp = Blueprint("review", url_prefix="/review")
    url = settings.database_url
    sessions = Sessions(settings.review_secret(), settings.secure_cookies)
    admin_token = settings.token()
    page_headers = {**headers, **NO_STORE}

    def render(name: str, status: int = 200, **values: Any) -> HTTPResponse:
        return response.html(
            templates.get_template(f"review/{name}.html").render(**values), status=status, headers=page_headers
        )

    def session_of(request: Request) -> Session | None:
        return sessions.read(request.cookies.get("guywire_review"))

    def logged_in(handler: Handler) -> Handler:
        """Pages need a session; POSTs also need its CSRF token."""

        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            session = session_of(request)
            if session is None:
                if request.method == "GET" and "/export" not in request.path:
                    return response.redirect("/review/login?" + urlencode({"next": request.path}))
                return response.text("Please log in.", status=401, headers=page_headers)
            if request.method == "POST" and not session.csrf_ok(request.form.get("csrf")):
                return response.text(
                    "This form has expired. Please go back and try again.", status=403, headers=page_headers
                )
            return await handler(request, session, *args, **kwargs)

        return guarded

    def token_or_login(handler: Handler) -> Handler:
        """The JSON API: a reviewer's session or the API token."""

        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            sent = request.args.get("token") or request.headers.get("authorization", "").removeprefix("Bearer ")
            token_ok = bool(sent) and hmac.compare_digest(sent.encode(), admin_token.encode())
            if not token_ok and session_of(request) is None:
                return response.json({"error": "unauthorised"}, status=401, headers=NO_STORE)
            return await handler(request, *args, **kwargs)

        return guarded

    def filters_or_error(request: Request) -> tuple[queries.Filters, str | None]:
        try:
            return queries.Filters.from_mapping({k: request.args.get(k) for k in request.args}), None
        except queries.FilterError as problem:
            return queries.Filters(), str(problem)

    def login_page(destination: str, error: str | None = None, status: int = 200) -> HTTPResponse:
        csrf = secrets.token_urlsafe(24)
        page = render("login", status=status, next=destination, error=error, csrf=csrf)
        sessions.set_login_token(page, csrf)
        return page

    @bp.get("/login")
    async def login_form(request: Request) -> HTTPResponse:
        return login_page(_safe_next(request.args.get("next")))

    @bp.post("/login")
    async def login(request: Request) -> HTTPResponse:
        form = request.form
        destination = _safe_next(form.get("next"))
        if not sessions.login_token_ok(request.cookies.get("guywire_login"), form.get("csrf")):
            return response.redirect("/review/login")
        username, address = form.get("username", ""), request.remote_addr or request.ip
        if throttle.is_throttled(url, username, address):
            throttle.record(url, throttle.THROTTLED, username, address)
            page = login_page(destination, throttle.MESSAGE, status=429)
            page.headers["Retry-After"] = str(int(throttle.WINDOW.total_seconds()))
            return page
        reviewer = accounts.authenticate(url, username, form.get("password", ""), admin_token)
        if reviewer is None:
            throttle.record(url, throttle.FAILED, username, address)
            return login_page(destination, "That name and password don't match.", status=401)
        done = response.redirect(destination)
        sessions.start(done, reviewer)
        return done

    @bp.post("/logout")
    @logged_in
    async def logout(request: Request, session: Session) -> HTTPResponse:
        done = response.redirect("/review/login")
        sessions.end(done)
        return done

    @bp.get("/")
    @logged_in
    async def conversation_list(request: Request, session: Session) -> HTTPResponse:
        filters, error = filters_or_error(request)
        page = queries.list_conversations(url, filters, _page_number(request))
        return render(
            "list",
            session=session,
            page=page,
            filters=filters,
            error=error,
            params=filters.as_params(),
            formats=exports.FORMATS,
        )

    def detail_page(template: str, session: Session, conversation_id: int, **values: Any) -> HTTPResponse:
        detail = queries.conversation_detail(url, conversation_id)
        if detail is None:
            return render("missing", status=404, session=session)
        return render(template, session=session, detail=detail, **values)

    @bp.get("/conversations/<conversation_id:int>")
    @logged_in
    async def transcript(request: Request, session: Session, conversation_id: int) -> HTTPResponse:
        return detail_page(
            "conversation",
            session,
            conversation_id,
            chart=lambda d: pain_svg(d.pain),
            formats=exports.FORMATS,
            error=request.args.get("error"),
        )

    def annotate(action: Callable[[str, Session, int, Any], Any]) -> Handler:
        async def handle(request: Request, session: Session, conversation_id: int) -> HTTPResponse:
            back = f"/review/conversations/{conversation_id}"
            try:
                action(url, session, conversation_id, request.form)
            except review_notes.ReviewError as problem:
                return response.redirect(back + "?" + urlencode({"error": str(problem)}))
            return response.redirect(back)

        return handle

    bp.add_route(
        logged_in(annotate(lambda u, s, c, f: review_notes.add_note(u, s.reviewer, c, f.get("text", "")))),
        "/conversations/<conversation_id:int>/notes",
        methods=["POST"],
        name="add_note",
    )
    bp.add_route(
        logged_in(annotate(lambda u, s, c, f: review_notes.add_tag(u, s.reviewer, c, f.get("tag", "")))),
        "/conversations/<conversation_id:int>/tags",
        methods=["POST"],
        name="add_tag",
    )
    bp.add_route(
        logged_in(annotate(lambda u, s, c, f: review_notes.mark_reviewed(u, s.reviewer, c))),
        "/conversations/<conversation_id:int>/reviewed",
        methods=["POST"],
        name="mark_reviewed",
    )

    @bp.post("/safety/<event_id:int>/follow-up")
    @logged_in
    async def follow_up(request: Request, session: Session, event_id: int) -> HTTPResponse:
        try:
            conversation_id = review_notes.follow_up(url, session.reviewer, event_id)
        except review_notes.ReviewError:
            return render("missing", status=404, session=session)
        return response.redirect(f"/review/conversations/{conversation_id}")

    @bp.get("/conversations/<conversation_id:int>/delete")
    @logged_in
    async def confirm_delete(request: Request, session: Session, conversation_id: int) -> HTTPResponse:
        return detail_page("delete", session, conversation_id)

    @bp.post("/conversations/<conversation_id:int>/delete")
    @logged_in
    async def delete(request: Request, session: Session, conversation_id: int) -> HTTPResponse:
        if request.form.get("confirm") != "delete":
            return response.redirect(f"/review/conversations/{conversation_id}/delete")
        try:
            review_notes.delete_conversation(url, session.reviewer, conversation_id)
        except review_notes.ReviewError:
            return render("missing", status=404, session=session)
        return response.redirect("/review/?deleted=1")

    @bp.get("/conversations/<conversation_id:int>/export/<fmt:str>")
    @logged_in
    async def export_one(request: Request, session: Session, conversation_id: int, fmt: str) -> HTTPResponse:
        detail = queries.conversation_detail(url, conversation_id)
        if detail is None or fmt not in exports.FORMATS:
            return response.text("No such conversation or format.", status=404, headers=page_headers)
        return _download(url, session, [detail], fmt, f"conversation-{conversation_id}")

    @bp.get("/export/<fmt:str>")
    @logged_in
    async def export_many(request: Request, session: Session, fmt: str) -> HTTPResponse:
        filters, error = filters_or_error(request)
        if error or fmt not in exports.FORMATS:
            return response.text(error or "No such format.", status=400, headers=page_headers)
        return _download(url, session, queries.matching_details(url, filters), fmt, "conversations")

    @bp.get("/audit")
    @logged_in
    async def audit(request: Request, session: Session) -> HTTPResponse:
        return render("audit", session=session, entries=review_notes.audit_log(url))

    @bp.get("/api/conversations")
    @token_or_login
    async def api_list(request: Request) -> HTTPResponse:
        filters, error = filters_or_error(request)
        if error:
            return response.json({"error": error}, status=400, headers=NO_STORE)
        page = queries.list_conversations(url, filters, _page_number(request))
        return response.json(
            {
                "total": page.total,
                "page": page.page,
                "conversations": [
                    {
                        **row.__dict__,
                        "started_at": row.started_at.isoformat(),
                        "last_seen_at": row.last_seen_at.isoformat(),
                    }
                    for row in page.rows
                ],
            },
            headers=NO_STORE,
        )

    @bp.get("/api/conversations/<conversation_id:int>")
    @token_or_login
    async def api_show(request: Request, conversation_id: int) -> HTTPResponse:
        detail = queries.conversation_detail(url, conversation_id)
        if detail is None:
            return response.json({"error": "no such conversation"}, status=404, headers=NO_STORE)
        return response.raw(exports.to_json([detail]).encode(), content_type="application/json", headers=NO_STORE)

    return bp


def _download(url: str, session: Session, details: list[queries.Detail], fmt: str, stem: str) -> HTTPResponse:
    review_notes.record_export(url, session.reviewer, [d.row.id for d in details], fmt)
    body = exports.export(url, details, fmt)
    return response.raw(
        body.encode(),
        content_type=f"{exports.MEDIA_TYPES[fmt]}; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{stem}.{exports.EXTENSIONS[fmt]}"'},
    )


def _page_number(request: Request) -> int:
    """The `page` argument, or 1 when it is missing or not a positive number."""
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _safe_next(value: str | None) -> str:
    """Only redirect within /review after login (no open redirects)."""
    return value if value and value.startswith("/review") and "//" not in value else "/review/"
