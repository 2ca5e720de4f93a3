"""Commands about API tokens: create, list, revoke (for the JSON and Google Reader APIs)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("token", help="create, list or revoke API tokens")
    actions = p.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    c = actions.add_parser("create", help="create a token for a user and print it (shown once)")
    c.add_argument("user", help="user name")
    c.add_argument("--name", default="cli", help="what the token is for (shown in lists)")
    c.set_defaults(func=cmd_create)
    ls = actions.add_parser("list", help="list a user's tokens (names and prefixes only)")
    ls.add_argument("user")
    ls.set_defaults(func=cmd_list)
    r = actions.add_parser("revoke", help="delete one of a user's tokens")
    r.add_argument("user")
    r.add_argument("token_id", type=int)
    r.set_defaults(func=cmd_revoke)


def cmd_create(args: argparse.Namespace) -> int:
    """Print a new token for the user: `Authorization: Bearer <token>`."""
    from broadsheet.reading import create_token, user_id_for

    token = create_token(user_id_for(args.user), args.name)
    print(token)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print the user's tokens, one a line."""
    from broadsheet.reading import list_tokens, user_id_for

    for t in list_tokens(user_id_for(args.user)):
        used = t.last_used_at.isoformat() if t.last_used_at else "never"
        print(
            f"{t.id}\t{t.prefix}…\t{t.kind}\t{t.name}\tcreated {t.created_at.isoformat()}\tused {used}"
        )
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    """Delete a token."""
    from broadsheet.reading import revoke_token, user_id_for

    revoke_token(user_id_for(args.user), args.token_id)
    print(f"revoked token {args.token_id}")
    return 0
