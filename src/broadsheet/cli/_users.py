"""Commands about accounts: ``user create NAME [--staff]`` and ``user passwd NAME``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from broadsheet.errors import AccountError


def register(sub: Any) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("user", help="create accounts and set their passwords")
    actions = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    c = actions.add_parser(
        "create", help="create an account (the first account of an install is the administrator)"
    )
    c.add_argument("name", help="account name")
    c.add_argument("--staff", action="store_true", help="may manage the instance's feeds")
    c.add_argument("--email", default="", help="address for password resets")
    c.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    c.set_defaults(func=cmd_create)
    pw = actions.add_parser("passwd", help="set an account's password")
    pw.add_argument("name")
    pw.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    pw.set_defaults(func=cmd_passwd)


def _password(args: argparse.Namespace) -> str:
    """The new password: the first line of stdin, or typed twice at a prompt."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sys.stdin.isatty():
        raise AccountError("no terminal to ask for the password: pipe it in with --password-stdin")
    else:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Same password again: ") != password:
            raise AccountError("the two passwords differ; nothing was changed")
    if not password:
        raise AccountError("the password is empty; nothing was changed")
    return password


def cmd_create(args: argparse.Namespace) -> int:
    """Create the account and say whether it is staff."""
    from broadsheet.pipeline import create_account
    from broadsheet.reading import get_user

    user = get_user(create_account(args.name, _password(args), email=args.email, staff=args.staff))
    role = "administrator" if user.is_staff else "reader"
    print(f"created account {user.id}: {user.username} ({role})")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    """Set the account's password."""
    from broadsheet.pipeline import change_password

    change_password(args.name, _password(args))
    print(f"password of {args.name} changed")
    return 0
