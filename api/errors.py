"""The API's refusals, each with its status and a sentence in the active language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from access.roles import refusal

TOKEN_REFUSED = gettext_noop(
    "Send a valid API token as “Authorization: Bearer <token>”: this one is missing, unknown, "
    "expired or revoked."
)
RATE_LIMITED = gettext_noop("Too many calls with this token: wait the seconds in Retry-After.")
NOT_FOUND = gettext_noop("There is no such record (or it is no longer stored).")
INVALID = gettext_noop("Some parameters are not valid; see errors.")


class InvalidParameters(Exception):
    """A page's form refused the query: its messages, per field (``api.parameters``)."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def forbid_unless(request: HttpRequest, permission: str) -> None:
    """403 with the 403 page's words unless the token's user holds ``permission``."""
    if not request.user.has_perm(permission):
        raise HttpError(403, refusal(request.user))


def install_handlers(api: NinjaAPI) -> None:
    """Every refusal as ``{"detail": ...}`` (422s with ``errors`` per field), never a 500."""

    def answer(request, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = answer(request, 401, {"detail": gettext(TOKEN_REFUSED)})
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return answer(request, 429, {"detail": gettext(RATE_LIMITED)})

    @api.exception_handler(InvalidParameters)
    def invalid(request, exc):
        return answer(request, 422, {"detail": gettext(INVALID), "errors": exc.errors})

    @api.exception_handler(ValidationError)
    def malformed(request, exc):
        # ninja's own checks (a record id that is not a number): the field and pydantic's words.
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(str(error.get("loc", ["?"])[-1]), []).append(str(error.get("msg")))
        return answer(request, 422, {"detail": gettext(INVALID), "errors": errors})

    @api.exception_handler(HttpError)
    def refused(request, exc):
        return answer(request, exc.status_code, {"detail": str(exc)})
