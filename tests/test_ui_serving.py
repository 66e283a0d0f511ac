"""Serving options: KQA_AUTH parsing and the warning for an open bind address without a login."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT
from frontends.serving import AuthError, bind_warning, parse_auth


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_auth_means_no_login(value) -> None:
    assert parse_auth(value) is None


def test_user_password_pair_keeps_colons_in_the_password() -> None:
    assert parse_auth("ana:s3cr:et") == [("ana", "s3cr:et")]


def test_file_of_users(tmp_path: Path) -> None:
    users = tmp_path / "users.txt"
    users.write_text("# team\nana:one\n\n bo : two\n", encoding="utf-8")
    assert parse_auth(str(users)) == [("ana", "one"), ("bo", " two")]


@pytest.mark.parametrize(("content", "message"), [("", "no user:password lines"), ("ana\n", "expected user:password")])
def test_bad_file_is_named(tmp_path: Path, content: str, message: str) -> None:
    users = tmp_path / "users.txt"
    users.write_text(content, encoding="utf-8")
    with pytest.raises(AuthError, match=message):
        parse_auth(str(users))


@pytest.mark.parametrize("value", ["justaname", ":nopassuser", "user:", "/no/such/file"])
def test_bad_values_are_refused_with_a_reason(value: str) -> None:
    with pytest.raises(AuthError, match="KQA_AUTH"):
        parse_auth(value)


@pytest.mark.parametrize(
    ("host", "credentials", "warns"),
    [
        ("127.0.0.1", None, False),
        ("localhost", None, False),
        ("::1", None, False),
        ("0.0.0.0", None, True),
        ("192.0.2.10", None, True),
        ("0.0.0.0", [("a", "b")], False),
    ],
)
def test_bind_warning(host: str, credentials, warns: bool) -> None:
    warning = bind_warning(host, credentials)
    assert (warning is not None) is warns
    if warns:
        assert host in warning and "KQA_AUTH" in warning


def test_app_refuses_a_bad_auth_setting_before_loading_anything(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "app.py"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"KQA_AUTH": "nocolon", "KQA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    assert "bad settings" in done.stderr and "KQA_AUTH" in done.stderr and "Traceback" not in done.stderr
