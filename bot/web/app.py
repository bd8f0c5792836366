"""The web app: the chat page with the local widget bundle, and the transcript review at /review.

Sanic is already Rasa's web framework, so this adds no server stack. Every asset is served from this
app: the page makes no outside request (the Content-Security-Policy enforces it in the browser), and
the only other origin it talks to is the Rasa server's socketio channel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.coach.content import load_content
from bot.coach.safety import crisis_resources
from bot.review.web import review_blueprint
from bot.settings import Settings

HERE = Path(__file__).resolve().parent
logger = logging.getLogger(__name__)
# What an error page says: never the requested path (Sanic's own pages echo it) nor a trace.
ERROR_TEXTS = {
    400: "That request wasn't understood.",
    401: "Please log in.",
    403: "That isn't allowed.",
    404: "There is nothing here.",
    405: "That isn't allowed here.",
    413: "That was too large.",
}
SERVER_ERROR = "Something went wrong on our side. Please try again in a moment."


def socket_url(settings: Settings, request: Request) -> str:
    """Where the browser finds Rasa's socketio channel: configured, or this host on Rasa's port."""
    if settings.socket_url:
        return settings.socket_url
    hostname = urlsplit(f"//{request.host}").hostname or settings.host
    return f"{request.scheme}://{hostname}:{settings.rasa_port}"


def security_headers(socket: str = "") -> dict[str, str]:
    """Headers that keep a page to this site's own assets (and the Rasa socket, when given)."""
    connect = f" {socket} {socket.replace('http', 'ws', 1)}" if socket else ""
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:; font-src 'self' data:; connect-src 'self'{connect}; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def create_app(settings: Settings) -> Sanic:
    """The web app for these settings (content and widget bundle are read once, at start)."""
    app = Sanic("guywire_web")
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    content = load_content(str(settings.content_dir))
    page = templates.get_template("index.html")
    bundle = settings.widget_bundle
    if not bundle.exists():
        raise FileNotFoundError(f"{bundle} is missing: `make run` builds it (npm ci, then the copy)")

    @app.get("/")
    async def index(request: Request) -> HTTPResponse:
        socket = socket_url(settings, request)
        html = page.render(
            web=content.raw("web"), resources=crisis_resources(content, settings.locale), socket_url=socket
        )
        return response.html(html, headers=security_headers(socket))

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.exception(Exception)
    async def plain_error(request: Request, exception: Exception) -> HTTPResponse:
        status = exception.status_code if isinstance(exception, SanicException) else 500
        if status >= 500:
            logger.error("error serving %s %s", request.method, request.path, exc_info=exception)
        text = ERROR_TEXTS.get(status, SERVER_ERROR if status >= 500 else ERROR_TEXTS[400])
        return response.text(text, status=status, headers={**security_headers(), "Cache-Control": "no-store"})

    app.blueprint(review_blueprint(settings, templates, security_headers()))
    app.static("/static", str(HERE / "static"))
    app.static("/vendor/webchat.js", str(bundle), content_type="application/javascript")
    return app


def serve(settings: Settings) -> None:
    """Run the web app in this process until it is interrupted."""
    create_app(settings).run(host=settings.host, port=settings.web_port, access_log=False, motd=False, workers=1)
