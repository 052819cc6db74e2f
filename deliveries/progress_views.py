"""``/search-progress/<token>/``: how far the search the page is waiting for has come."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from access.roles import SEARCH, permission_required
from access.sessions import not_activity
from deliveries.progress import search_progress


@require_GET
@never_cache
@not_activity
@permission_required(SEARCH)
def progress(request: HttpRequest, token: str) -> JsonResponse:
    """``{"done": 12, "total": 30}`` while the search runs; ``{}`` before it starts and after."""
    found = search_progress(token)
    return JsonResponse({} if found is None else {"done": found.done, "total": found.total})
