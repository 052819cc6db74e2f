"""API tokens in the admin: who has which, when used; revoke, never add, edit or delete.

A token is made by its owner (the tokens page) or an operator (``manage.py api_token``), who
then hold the one copy of its secret; the admin has none to show. Deleting would lose what a
token was called, which the audit trail's entries do not name, so tokens are revoked instead.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from api.models import ApiToken
from api.tokens import token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created", "last_used", "expires", "revoked")
    list_filter = (("revoked", admin.EmptyFieldListFilter), "expires")
    search_fields = ("name", "user__username")
    fields = ("name", "user", "created", "last_used", "expires", "revoked")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset) -> None:
        ended = sum(token_revoke(token=token) for token in queryset)
        said = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", ended)
        self.message_user(request, said % {"count": ended}, messages.SUCCESS)
