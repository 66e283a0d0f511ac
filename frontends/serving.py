"""How the app is exposed: optional login (KQA_AUTH) and a warning for an open bind address."""

from __future__ import annotations

import ipaddress
from pathlib import Path

Credentials = list[tuple[str, str]]


class AuthError(ValueError):
    """KQA_AUTH cannot be used as given; the message says how to fix it."""


def _pair(text: str, where: str) -> tuple[str, str]:
    user, sep, password = text.strip().partition(":")
    if not sep or not user.strip() or not password:
        raise AuthError(f"{where}: expected user:password")
    return user.strip(), password


def parse_auth(value: str | None) -> Credentials | None:
    """None when no login is wanted; else the (user, password) pairs.

    KQA_AUTH is either `user:password` or the path of a file with one `user:password` a line
    (blank lines and lines starting with # are skipped).
    """
    if not value or not value.strip():
        return None
    path = Path(value.strip()).expanduser()
    if path.is_file():
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if not lines:
            raise AuthError(f"KQA_AUTH file {path} has no user:password lines")
        return [_pair(line, f"KQA_AUTH file {path}, line '{line.split(':')[0].strip()}'") for line in lines]
    if ":" not in value:
        raise AuthError(f"KQA_AUTH is neither user:password nor an existing file ({path})")
    return [_pair(value, "KQA_AUTH")]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_warning(host: str, credentials: Credentials | None) -> str | None:
    """A warning when anyone on the network could use the app without logging in."""
    if credentials or is_loopback(host):
        return None
    return (
        f"serving on {host} without a login: anyone who can reach this machine can use the app. "
        "Set KQA_AUTH=user:password (or a file of them) to require one."
    )
