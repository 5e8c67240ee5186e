"""The settings module refuses bad environments with a message naming the variable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_KEY = "k" * 50
PRINT = (
    "import json, thidua.settings as s; print(json.dumps({k: getattr(s, k, None) for k in ("
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', 'ALLOWED_HOSTS', 'SECRET_KEY')}))"
)


def _import_settings(
    tmp_path: Path, code: str = "import thidua.settings", **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("THIDUA_", "DJANGO_"))}
    clean["THIDUA_DATA_DIR"] = str(tmp_path)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60, check=False
    )


PRODUCTION = {
    "THIDUA_SECRET_KEY": GOOD_KEY,
    "THIDUA_ALLOWED_HOSTS": "thidua.example.vn",
    "THIDUA_PERSONAL_ID_PEPPER": "p" * 40,
    "THIDUA_AUDIT_KEY": "a" * 40,
}
NO_AUDIT_KEY = "THIDUA_AUDIT_KEY (or THIDUA_AUDIT_KEY_FILE) is required when THIDUA_DEBUG is off"
NO_PEPPER = (
    "THIDUA_PERSONAL_ID_PEPPER (or THIDUA_PERSONAL_ID_PEPPER_FILE) is required when THIDUA_DEBUG is off"
)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"THIDUA_DEBUG": "maybe"},
            "THIDUA_DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'",
        ),
        (
            {"THIDUA_ALLOWED_HOSTS": "x"},
            "THIDUA_SECRET_KEY (or THIDUA_SECRET_KEY_FILE) is required when THIDUA_DEBUG is off",
        ),
        (
            {**PRODUCTION, "THIDUA_SECRET_KEY": "short"},
            "THIDUA_SECRET_KEY must be at least 32 characters long",
        ),
        ({"THIDUA_SECRET_KEY": GOOD_KEY}, "THIDUA_ALLOWED_HOSTS is required when THIDUA_DEBUG is off"),
        (
            {**PRODUCTION, "THIDUA_ALLOWED_HOSTS": " , "},
            "THIDUA_ALLOWED_HOSTS is required when THIDUA_DEBUG is off",
        ),
        (
            {"THIDUA_DEBUG": "1", "THIDUA_DB_CONN_MAX_AGE": "abc"},
            "THIDUA_DB_CONN_MAX_AGE must be a whole number; got 'abc'",
        ),
        (
            {"THIDUA_DEBUG": "1", "THIDUA_DB_CONN_MAX_AGE": "-5"},
            "THIDUA_DB_CONN_MAX_AGE must be at least 0; got -5",
        ),
        (
            {"THIDUA_ALLOWED_HOSTS": "x", "THIDUA_SECRET_KEY_FILE": "/nonexistent/thidua-secret"},
            "THIDUA_SECRET_KEY_FILE='/nonexistent/thidua-secret' cannot be read",
        ),
        (
            {**PRODUCTION, "THIDUA_SECRET_KEY_FILE": "/etc/hostname"},
            "Set either THIDUA_SECRET_KEY or THIDUA_SECRET_KEY_FILE, not both",
        ),
        (
            {"THIDUA_DEBUG": "1", "THIDUA_TASKS_BACKEND": "celery"},
            "THIDUA_TASKS_BACKEND must be 'database' or 'immediate'",
        ),
        ({k: v for k, v in PRODUCTION.items() if k != "THIDUA_PERSONAL_ID_PEPPER"}, NO_PEPPER),
        ({**PRODUCTION, "THIDUA_PERSONAL_ID_PEPPER": ""}, NO_PEPPER),
        (
            {**PRODUCTION, "THIDUA_PERSONAL_ID_PEPPER_FILE": "/etc/hostname"},
            "Set either THIDUA_PERSONAL_ID_PEPPER or THIDUA_PERSONAL_ID_PEPPER_FILE, not both",
        ),
        ({k: v for k, v in PRODUCTION.items() if k != "THIDUA_AUDIT_KEY"}, NO_AUDIT_KEY),
        ({**PRODUCTION, "THIDUA_AUDIT_KEY": "short"}, "THIDUA_AUDIT_KEY must be at least 32 characters long"),
        (
            {
                **{k: v for k, v in PRODUCTION.items() if k != "THIDUA_AUDIT_KEY"},
                "THIDUA_AUDIT_KEY_FILE": "/nonexistent/thidua-audit",
            },
            "THIDUA_AUDIT_KEY_FILE='/nonexistent/thidua-audit' cannot be read",
        ),
    ],
    ids=[
        "debug-maybe",
        "no-secret-key",
        "short-secret-key",
        "no-allowed-hosts",
        "blank-allowed-hosts",
        "conn-max-age-abc",
        "conn-max-age-negative",
        "key-file-missing",
        "key-and-key-file",
        "tasks-celery",
        "no-pepper",
        "blank-pepper",
        "pepper-and-pepper-file",
        "no-audit-key",
        "short-audit-key",
        "audit-key-file-missing",
    ],
)
def test_settings_refuse_a_bad_environment_naming_the_variable(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    result = _import_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_settings_for_production_are_secure(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, PRINT, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "ALLOWED_HOSTS": ["thidua.example.vn"],
        "SECRET_KEY": GOOD_KEY,
    }


def test_settings_read_the_secret_key_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text(f"  {'s' * 40}\n", encoding="utf-8")
    result = _import_settings(
        tmp_path,
        PRINT,
        THIDUA_SECRET_KEY_FILE=str(key_file),
        THIDUA_ALLOWED_HOSTS="a.vn, b.vn",
        THIDUA_PERSONAL_ID_PEPPER="p" * 40,
        THIDUA_AUDIT_KEY="a" * 40,
        THIDUA_SSL_REDIRECT="off",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert (values["SECRET_KEY"], values["ALLOWED_HOSTS"], values["SECURE_SSL_REDIRECT"]) == (
        "s" * 40,
        ["a.vn", "b.vn"],
        False,
    )


def test_settings_read_the_personal_id_pepper_from_a_file(tmp_path: Path) -> None:
    pepper_file = tmp_path / "pepper"
    pepper_file.write_text(f"  {'q' * 40}\n", encoding="utf-8")
    env = {k: v for k, v in PRODUCTION.items() if k != "THIDUA_PERSONAL_ID_PEPPER"}
    code = "import thidua.settings as s; print(s.PERSONAL_ID_PEPPER)"
    result = _import_settings(tmp_path, code, THIDUA_PERSONAL_ID_PEPPER_FILE=str(pepper_file), **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "q" * 40


def test_settings_read_the_audit_key_from_a_file_and_derive_one_in_debug(tmp_path: Path) -> None:
    key_file = tmp_path / "audit"
    key_file.write_text(f"  {'z' * 40}\n", encoding="utf-8")
    env = {k: v for k, v in PRODUCTION.items() if k != "THIDUA_AUDIT_KEY"}
    code = "import thidua.settings as s; print(s.AUDIT_KEY)"
    result = _import_settings(tmp_path, code, THIDUA_AUDIT_KEY_FILE=str(key_file), **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "z" * 40
    debug = _import_settings(tmp_path, code, THIDUA_DEBUG="1")
    assert debug.stdout.strip() == "development-audit-key:insecure-development-key-never-used-in-production"
