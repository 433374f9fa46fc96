"""The installer contract: a preset goes in, a result (and optionally the secret) comes out.

An installer runs ``smtpwizard gui --preset FILE --result-file FILE [--secret-fd N]``.

The preset (``"schema": "smtpwizard.preset/1"``) is one JSON object; every key but ``schema`` is
optional::

    {
      "schema": "smtpwizard.preset/1",
      "window_title": "Acme Mailer: set up email",
      "logo": "acme-logo.svg",                   (SVG or PNG; relative to the preset's folder)
      "email": "alex@example.com",
      "display_name": "Alex Smith",
      "provider": "gmail",                       (an id from the bundled provider data)
      "host": "smtp.example.com",
      "pairings": ["465/tls", "587/starttls"],   (PORT/SECURITY; security none, starttls, tls)
      "username": "alex@example.com",
      "locked": ["host", "pairings"],            (fields the person cannot change)
      "skip_pages": ["server"],                  (pages not shown: "account", "server")
      "oauth_client_ids": {"google": "1234.apps.googleusercontent.com"},
      "egress_check": true,                      (try reference servers when a port is silent)
      "egress_references": ["smtp.gmail.com"],   (the reference servers; default: three big ones)
      "language": "de"                           (en, de, fr or es; default: the system's)
    }

:func:`load_preset` / :func:`parse_preset` check everything and raise :class:`PresetError` (one
message that names the field) for unknown keys, wrong types, invalid host/port/email/user name,
line breaks and control characters, an unknown provider, a missing logo, a lock or skip that
cannot work.

The result (``"schema": "smtpwizard.result/1"``) is written only when the wizard finished with
working settings; it never contains the secret, only where the keyring keeps it
(:func:`result_document`, :func:`write_result_file`, atomic). The secret itself goes only to a
file descriptor the installer owns (:func:`write_secret_to_fd`), never to a file or the command
line.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smtpwizard.core.errors import SmtpWizardError
from smtpwizard.core.jsoninput import parse_json
from smtpwizard.core.models import Pairing, Settings
from smtpwizard.core.validation import (
    InputError,
    normalize_host,
    validate_email,
    validate_username,
)
from smtpwizard.core.wording.translation import LANGUAGES

PRESET_SCHEMA = "smtpwizard.preset/1"
RESULT_SCHEMA = "smtpwizard.result/1"
MAX_PRESET_BYTES = 256 * 1024
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_TEXT = 200

#: Fields that can be pre-filled and locked.
LOCKABLE = ("email", "display_name", "provider", "host", "pairings", "username")
#: Pages an installer may skip.
SKIPPABLE = ("account", "server")
KNOWN_KEYS = (
    "schema",
    "window_title",
    "logo",
    *LOCKABLE,
    "locked",
    "skip_pages",
    "oauth_client_ids",
    "egress_check",
    "egress_references",
    "language",
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PresetError(SmtpWizardError, ValueError):
    """The preset cannot be used. ``str()`` names the field and says why, in plain words."""

    def __init__(self, reason: str, field_name: str | None = None) -> None:
        self.field_name = field_name
        self.reason = reason
        if field_name and not field_name.isprintable():
            # a key of the file itself (unknown key): one line, no control character raw
            field_name = field_name.encode("unicode_escape").decode("ascii")
        if not field_name:
            text = reason
        elif field_name.startswith("--"):  # a command-line option, not a preset field
            text = f"{field_name}: {reason}"
        else:
            text = f'field "{field_name}": {reason}'
        super().__init__(text)


@dataclass(frozen=True)
class Preset:
    """A checked preset. ``None`` means "not given"."""

    window_title: str | None = None
    logo: Path | None = None
    email: str | None = None
    display_name: str | None = None
    provider: str | None = None
    host: str | None = None
    pairings: tuple[Pairing, ...] | None = None
    username: str | None = None
    locked: frozenset[str] = frozenset()
    skip_pages: frozenset[str] = frozenset()
    oauth_client_ids: Mapping[str, str] = field(default_factory=dict)
    egress_check: bool | None = None
    egress_references: tuple[str, ...] | None = None
    language: str | None = None

    def is_locked(self, name: str) -> bool:
        return name in self.locked

    def skips(self, page: str) -> bool:
        return page in self.skip_pages


# --- reading ------------------------------------------------------------------------------------


def load_preset(path: str | os.PathLike[str]) -> Preset:
    """Read and check the preset file at ``path``; raise :class:`PresetError`."""
    file = Path(path)
    try:
        with file.open("rb") as fh:
            raw = fh.read(MAX_PRESET_BYTES + 1)
    except FileNotFoundError:
        raise PresetError(f"the file {file} does not exist") from None
    except IsADirectoryError:
        raise PresetError(f"{file} is a folder, not a preset file") from None
    except OSError as exc:
        raise PresetError(f"the file {file} cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_PRESET_BYTES:
        raise PresetError(f"the file is larger than {MAX_PRESET_BYTES // 1024} KiB")
    try:
        data = parse_json(raw, "the file")
    except InputError as exc:
        raise PresetError(str(exc).rstrip(".")) from None
    return parse_preset(data, base_dir=file.resolve().parent)


def parse_preset(data: Any, base_dir: Path | None = None) -> Preset:
    """Check an already decoded preset; relative logo paths resolve against ``base_dir``."""
    if not isinstance(data, dict):
        raise PresetError("the preset must be a JSON object ({ … })")
    _check_keys(data)
    schema = data.get("schema")
    if schema != PRESET_SCHEMA:
        raise PresetError(f'must be "{PRESET_SCHEMA}" (found {json.dumps(schema)})', "schema")
    host = _optional(data, "host", _host)
    email = _optional(data, "email", _email)
    preset = Preset(
        window_title=_optional(data, "window_title", _text),
        logo=_optional(data, "logo", lambda name, v: _logo(name, v, base_dir)),
        email=email,
        display_name=_optional(data, "display_name", _text),
        provider=_optional(data, "provider", _provider),
        host=host,
        pairings=_optional(data, "pairings", _pairings),
        username=_optional(data, "username", _username),
        locked=_names(data, "locked", LOCKABLE),
        skip_pages=_names(data, "skip_pages", SKIPPABLE),
        oauth_client_ids=_optional(data, "oauth_client_ids", _client_ids) or {},
        egress_check=_optional(data, "egress_check", _bool),
        egress_references=_optional(data, "egress_references", _hosts),
        language=_optional(data, "language", _language),
    )
    _check_consistency(preset, data)
    return preset


def _check_keys(data: dict[Any, Any]) -> None:
    for key in data:
        if not isinstance(key, str) or key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1)
            hint = (
                f' (did you mean "{close[0]}"?)'
                if close
                else (" (known keys: " + ", ".join(KNOWN_KEYS) + ")")
            )
            raise PresetError(f"unknown key{hint}", str(key))


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise PresetError(f"must be true or false (found {_json_type(value)})", name)
    return value


def _hosts(name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise PresetError("must be a non-empty list of server names", name)
    return tuple(_host(name, item) for item in value)


def _optional(data: dict[str, Any], name: str, check: Any) -> Any:
    if name not in data or data[name] is None:
        return None
    return check(name, data[name])


def _string(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise PresetError(f"must be a text string, not {_json_type(value)}", name)
    if "\r" in value or "\n" in value:
        raise PresetError("contains a line break (CR or LF); remove it", name)
    if _CONTROL.search(value):
        raise PresetError("contains an invisible control character", name)
    return value


def _text(name: str, value: Any) -> str:
    text = _string(name, value).strip()
    if not text:
        raise PresetError("is empty; leave it out instead", name)
    if len(text) > MAX_TEXT:
        raise PresetError(f"is longer than {MAX_TEXT} characters", name)
    return text


def _checked(name: str, value: Any, check: Any) -> str:
    text = _string(name, value)
    try:
        return str(check(text))
    except InputError as exc:
        raise PresetError(str(exc), name) from None


def _host(name: str, value: Any) -> str:
    return _checked(name, value, normalize_host)


def _email(name: str, value: Any) -> str:
    return _checked(name, value, validate_email)


def _username(name: str, value: Any) -> str:
    return _checked(name, value, validate_username)


def _language(name: str, value: Any) -> str:
    code = _text(name, value)
    if code not in LANGUAGES:
        raise PresetError(
            f'"{code}" is not a language smtpwizard speaks (one of: {", ".join(LANGUAGES)})', name
        )
    return code


def _provider(name: str, value: Any) -> str:
    provider_id = _text(name, value)
    # lazy: loads data or a backend only on the path that needs it
    from smtpwizard.core.discovery.providers import bundled_providers

    data = bundled_providers()
    if data.get(provider_id) is None:
        ids = [p.id for p in data.providers]
        close = difflib.get_close_matches(provider_id, ids, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise PresetError(f'"{provider_id}" is not a known provider id{hint}', name)
    return provider_id


def _pairings(name: str, value: Any) -> tuple[Pairing, ...]:
    if not isinstance(value, list) or not value:
        raise PresetError('must be a non-empty list such as ["465/tls", "587/starttls"]', name)
    pairings: list[Pairing] = []
    for item in value:
        if not isinstance(item, str):
            raise PresetError(
                f'items must be "PORT/SECURITY" strings, not {_json_type(item)}', name
            )
        text = _string(name, item)
        try:
            pairing = Pairing.parse(text)
        except ValueError as exc:
            raise PresetError(str(exc), name) from None
        if pairing not in pairings:
            pairings.append(pairing)
    return tuple(pairings)


def _logo(name: str, value: Any, base_dir: Path | None) -> Path:
    text = _text(name, value)
    path = Path(text).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if path.suffix.lower() not in (".svg", ".png"):
        raise PresetError(f"{path} is not an .svg or .png file", name)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PresetError(f"{path} is not a file", name)
        if info.st_size > MAX_LOGO_BYTES:
            raise PresetError(f"{path} is larger than {MAX_LOGO_BYTES // (1024 * 1024)} MiB", name)
        with path.open("rb") as fh:
            head = fh.read(1024)
    except FileNotFoundError:
        raise PresetError(f"the file {path} does not exist", name) from None
    except OSError as exc:
        raise PresetError(f"the file {path} cannot be read ({exc.strerror})", name) from None
    is_png = head.startswith(b"\x89PNG\r\n\x1a\n")
    is_svg = b"<svg" in head or head.lstrip().startswith(b"<?xml")
    if not (is_png if path.suffix.lower() == ".png" else is_svg):
        raise PresetError(f"{path} is not a valid {path.suffix.lower()[1:].upper()} image", name)
    return path


def _names(data: dict[str, Any], name: str, allowed: tuple[str, ...]) -> frozenset[str]:
    value = data.get(name)
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PresetError(f"must be a list of names from: {', '.join(allowed)}", name)
    for item in value:
        if item not in allowed:
            raise PresetError(f'"{_string(name, item)}" is not one of: {", ".join(allowed)}', name)
    return frozenset(value)


def _client_ids(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise PresetError(
            'must be an object mapping a provider to a client id, such as {"google": "…"}', name
        )
    ids: dict[str, str] = {}
    for key, client_id in value.items():
        where = f"{name}.{key}"
        ids[_text(where, key)] = _text(where, client_id)
    return ids


def _check_consistency(preset: Preset, data: dict[str, Any]) -> None:
    for locked in sorted(preset.locked):
        if data.get(locked) is None:
            raise PresetError(f'locks "{locked}", but the preset gives no value for it', "locked")
    if preset.skips("server") and preset.host is None:
        raise PresetError('skips the "server" page, so it must give "host"', "skip_pages")
    if preset.skips("account") and preset.email is None and preset.host is None:
        raise PresetError(
            'skips the "account" page, so it must give "email" or "host"', "skip_pages"
        )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "text"


# --- the result ---------------------------------------------------------------------------------


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def result_document(
    settings: Settings,
    *,
    verified_at: datetime,
    saved_in_keyring: bool,
    email: str | None = None,
    display_name: str | None = None,
) -> dict[str, Any]:
    """The ``smtpwizard.result/1`` object. It holds where the secret is kept, never the secret."""
    keyring: dict[str, str] | None = None
    if saved_in_keyring and settings.username:
        # lazy: loads data or a backend only on the path that needs it
        from smtpwizard.core.credentials.keyring_store import keyring_entry

        keyring = keyring_entry(settings.host, settings.username, oauth=settings.oauth)
    extra: dict[str, Any] = {"auth": "oauth2"} if settings.oauth else {}
    return {
        "schema": RESULT_SCHEMA,
        "host": settings.host,
        "port": settings.port,
        "security": settings.security.value,
        "username": settings.username,
        "provider": settings.provider,
        "email": email,
        "display_name": display_name,
        "verified_at": iso_utc(verified_at),
        "keyring": keyring,
        **extra,
    }


def write_result_file(path: str | os.PathLike[str], document: Mapping[str, Any]) -> Path:
    """Write ``document`` as JSON to ``path`` atomically (a temporary file renamed over it)."""
    target = Path(path)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return target


def check_result_path(path: str | os.PathLike[str]) -> Path:
    """Fail early (``PresetError``) when the result file could never be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise PresetError(f"{target} is a folder; give a file name", "--result-file")
    if not folder.is_dir():
        raise PresetError(f"the folder {folder} does not exist", "--result-file")
    if not os.access(folder, os.W_OK):
        raise PresetError(f"the folder {folder} is not writable", "--result-file")
    return target


# --- the secret on a file descriptor ------------------------------------------------------------


def check_secret_fd(fd: int) -> int:
    """Check that ``fd`` is open for writing and is not stdin/stdout/stderr."""
    if fd < 3:
        raise PresetError(
            "use a pipe or file descriptor of your own (3 or higher), not stdin, stdout or stderr",
            "--secret-fd",
        )
    try:
        os.fstat(fd)
    except (OSError, OverflowError):
        raise PresetError(f"file descriptor {fd} is not open", "--secret-fd") from None
    try:
        # lazy: platform-specific module
        import fcntl
    except ImportError:  # Windows: fstat is all we can check
        return fd
    flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    if flags & os.O_ACCMODE == os.O_RDONLY:
        raise PresetError(f"file descriptor {fd} is open for reading only", "--secret-fd")
    return fd


def write_secret_to_fd(fd: int, secret: str | None) -> None:
    """Write ``secret`` (UTF-8, no newline) to ``fd``, then close it. ``None``: just close.

    Raises ``OSError`` when the reader went away; the descriptor is closed either way.
    """
    try:
        if secret:
            data = secret.encode("utf-8")
            while data:
                written = os.write(fd, data)
                data = data[written:]
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)
