"""``manage.py api_token``: personal API tokens for automation, without the tokens page.

``api_token create --user NAME --name LABEL [--days N]`` prints the new token's secret once,
alone on standard output (``TOKEN=$(manage.py api_token create ...)`` keeps it out of the
terminal's scrollback), and what it is on standard error. ``api_token revoke --id N`` or
``api_token revoke --user NAME --name LABEL`` ends one. The secret is never stored: a lost one
is revoked and made again.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.models import ApiToken
from api.tokens import token_create, token_revoke

NO_USER = "No user is called {user!r}."
NO_TOKEN = "No such token: {which}."
SEVERAL = "{user} has {count} active tokens called {name!r}: revoke one by --id ({ids})."
CREATED = "Token {id} {name!r} for {user}, {expiry}. It is printed once, above:"
REVOKED = "Token {id} {name!r} of {user} is revoked."
ALREADY = "Token {id} {name!r} of {user} was already revoked."


class Command(BaseCommand):
    help = "Create a personal API token (printed once) or revoke one."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make a token and print its secret once.")
        create.add_argument("--user", required=True, help="The username the token acts as.")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument("--days", type=int, help="Valid for this many days (default: ever).")
        revoke = actions.add_parser("revoke", help="End a token, by --id or by --user and --name.")
        revoke.add_argument("--id", type=int, dest="token_id")
        revoke.add_argument("--user")
        revoke.add_argument("--name")

    def handle(self, *args, action: str, **options) -> None:
        if action == "create":
            self.create(options["user"], options["name"], options["days"])
        else:
            self.revoke(options["token_id"], options["user"], options["name"])

    def create(self, username: str, name: str, days: int | None) -> None:
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        token, secret = token_create(user=user_called(username), name=name, days=days)
        self.stdout.write(secret)
        expiry = f"valid until {token.expires:%Y-%m-%d %H:%M %Z}" if token.expires else "no expiry"
        said = CREATED.format(id=token.pk, name=token.name, user=username, expiry=expiry)
        self.stderr.write(said)

    def revoke(self, token_id: int | None, username: str | None, name: str | None) -> None:
        token = find_token(token_id, username, name)
        done = token_revoke(token=token)
        message = REVOKED if done else ALREADY
        self.stdout.write(message.format(id=token.pk, name=token.name, user=token.user))


def user_called(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(NO_USER.format(user=username))
    return user


def find_token(token_id: int | None, username: str | None, name: str | None) -> ApiToken:
    """The token named by its id, or by its user and name (one of the active ones)."""
    if token_id is not None:
        token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
        if token is None:
            raise CommandError(NO_TOKEN.format(which=f"id {token_id}"))
        return token
    if not (username and name):
        raise CommandError("Name the token by --id, or by --user and --name.")
    tokens = list(
        ApiToken.objects.select_related("user").filter(
            user=user_called(username), name=name, revoked__isnull=True
        )
    )
    if not tokens:
        raise CommandError(NO_TOKEN.format(which=f"{name!r} of {username}"))
    if len(tokens) > 1:
        ids = ", ".join(str(token.pk) for token in tokens)
        raise CommandError(SEVERAL.format(user=username, count=len(tokens), name=name, ids=ids))
    return tokens[0]
