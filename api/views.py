"""The API tokens page (/api-tokens/): a signed-in user makes and revokes their own tokens.

A new token's secret is shown once, in the answer to the POST that made it, and never again:
it is not kept anywhere it could be shown from (not in the session, not in a message). The
page is never stored by the browser, so Back does not bring the secret back either.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.models import ApiToken
from api.tokens import token_create, token_revoke

TEMPLATE = "api/tokens.html"
REVOKED = gettext_noop("The token “{name}” is revoked: it opens nothing any more.")


@require_http_methods(["GET", "POST"])
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a POST makes one and shows its secret this once."""
    form, secret, status = TokenForm(), "", 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data["days"]
            _, secret = token_create(user=request.user, name=form.cleaned_data["name"], days=days)
            form = TokenForm()
        else:
            status = 400
    context = {
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.filter(user=request.user),
        "now": timezone.now(),
    }
    return render(request, TEMPLATE, context, status=status)


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of the user's own tokens (another user's is not found)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(token=token)
    messages.success(request, gettext(REVOKED).format(name=token.name))
    return redirect("api-tokens")
