"""The JSON API's one ``NinjaAPI``, mounted at /api/v1/ by smsadmin.urls (``api_urls``).

Every operation needs a bearer token (``api.auth``) and is counted against its rate limit.
The site's ``LoginRequiredMiddleware`` would send a token caller to the login page, so the
operations are let through it (``login_required = False``): the token is their login. The
OpenAPI document and the interactive docs stay behind the site's login: they are for people
with an account, who can make a token on the tokens page and paste it into "Authorize".
Session cookies never authenticate an operation: one way in, one identity to audit and to
rate-limit, and no cross-site request can ride on a logged-in browser (the API needs no CSRF
token because it reads no cookie).

The docs are django-ninja's Swagger UI from its own static files ("ninja" is in
INSTALLED_APPS; without it ninja would load them from a CDN, which the CSP forbids anyway).
"""

from __future__ import annotations

from django.views.decorators.cache import never_cache
from ninja import NinjaAPI, Swagger

from api import records, stats
from api.auth import TokenAuth, TokenRateThrottle
from api.errors import install_handlers

# The document, the docs page and the root (which redirects to the docs) keep the site's login.
BEHIND_LOGIN = {"openapi-json", "openapi-view", "api-root"}

DESCRIPTION = (
    "Read-only JSON API of the SMS deliveries dashboard: the records search, one record and the "
    "delivery rates, with the same roles, masking and audit trail as the pages. Send a personal "
    "token (the API tokens page, or `manage.py api_token create`) as `Authorization: Bearer`."
)

api = NinjaAPI(
    title="smsadmin",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("", records.router)
api.add_router("", stats.router)


def api_urls():
    """``api.urls`` with the operations let through the site's login (the token is theirs),
    and never stored by a browser or a proxy: they hold personal data, as the pages do."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name not in BEHIND_LOGIN:
            pattern.callback = never_cache(pattern.callback)
            pattern.callback.login_required = False
    return patterns, app_name, namespace
