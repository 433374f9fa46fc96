"""Export working settings in the formats mail clients, tools and applications read.

Public API::

    from smtpwizard.core.export.registry import export, list_formats, write_export
    text = export(report_or_settings, "msmtp")            # no secret: keyring lookup/placeholder
    text = export(settings, "env", secret=pw, include_secret=True)   # only when asked
    write_export("~/.msmtprc", text)                       # atomic; refuses to overwrite

The secret is written only when ``include_secret`` is true (and a secret is given). Otherwise a
format that can read the keyring by itself (msmtp through secret-tool, the Python snippet
through the ``keyring`` package) does that, and every other format carries the clearly marked
placeholder :data:`PASSWORD_PLACEHOLDER`. Every value from outside is checked and quoted for
its consumer; a line break in any field is refused with :class:`ExportError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from smtpwizard.core.export.base import (
    PASSWORD_PLACEHOLDER,
    PLACEHOLDER,
    ExportError,
    ExportFormat,
    SecretMode,
)
from smtpwizard.core.export.data import SETTINGS_SCHEMA
from smtpwizard.core.export.formats import FORMATS
from smtpwizard.core.models import PROBE_SCHEMA, IncomingSettings, ProbeReport, Settings

__all__ = [
    "PASSWORD_PLACEHOLDER",
    "PLACEHOLDER",
    "SETTINGS_SCHEMA",
    "ExportError",
    "ExportFormat",
    "NoWorkingSettings",
    "SecretMode",
    "export",
    "get_format",
    "list_formats",
    "settings_from_document",
    "write_export",
]

_BY_NAME: dict[str, ExportFormat] = {fmt.name: fmt for fmt in FORMATS}


class NoWorkingSettings(ExportError):
    """The probe result holds no recommended settings, so there is nothing to export."""


def list_formats() -> tuple[ExportFormat, ...]:
    """Every export format, in the order a menu should show them."""
    return FORMATS


def get_format(name: str) -> ExportFormat:
    try:
        return _BY_NAME[name.strip().lower()]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise ExportError(f"There is no export format {name!r}. Choose one of: {known}.") from None


def _no_settings_message() -> str:
    return (
        "The probe found no working settings, so there is nothing to export. Fix the "
        "problem the probe reported and run it again."
    )


def settings_of(source: Settings | ProbeReport) -> Settings:
    if isinstance(source, ProbeReport):
        if source.recommended is None:
            raise NoWorkingSettings(_no_settings_message())
        return source.recommended
    return source


_TEXT_FIELDS = ("host", "security", "username", "sender", "provider")


def _check_types(data: Mapping[str, Any]) -> None:
    """Refuse wrong JSON types instead of coercing them (``"host": true``, ``"port": 587.5``)."""
    for key in _TEXT_FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ExportError(f"The settings' {key!r} must be text, not {json.dumps(value)[:40]}.")
    port = data.get("port")
    if isinstance(port, bool) or not isinstance(port, int):
        raise ExportError(
            f"The settings' 'port' must be a whole number like 587, not {json.dumps(port)[:40]}."
        )


def _incoming_of(data: Mapping[str, Any]) -> IncomingSettings | None:
    """The proven incoming server of a probe result (``incoming.recommended``) or the
    ``incoming`` object of a settings document; None when there is none or it is unusable."""
    found = data.get("incoming")
    if isinstance(found, Mapping) and "attempts" in found:
        found = found.get("recommended")
    if not isinstance(found, Mapping):
        return None
    try:
        return IncomingSettings.from_dict(found)
    except (ValueError, TypeError, KeyError):
        return None


def settings_from_document(data: Any) -> Settings:
    """Settings from a parsed JSON document: a ``probe --json`` result or a settings object."""
    if not isinstance(data, Mapping):
        raise ExportError("The JSON is not an object with settings or a probe result.")
    schema = data.get("schema")
    incoming = _incoming_of(data)
    if schema == PROBE_SCHEMA or (schema is None and "attempts" in data):
        recommended = data.get("recommended")
        if recommended is None:
            raise NoWorkingSettings(_no_settings_message())
        data = recommended
        if not isinstance(data, Mapping):
            raise ExportError("The probe result's 'recommended' entry is not an object.")
    elif schema not in (None, SETTINGS_SCHEMA):
        raise ExportError(
            f"Cannot export from a {schema!r} document; use the JSON of "
            "'smtpwizard probe --json' or an exported settings JSON."
        )
    missing = [key for key in ("host", "port", "security") if data.get(key) in (None, "")]
    if missing:
        raise ExportError("The settings lack " + ", ".join(missing) + ".")
    _check_types(data)
    try:
        settings = Settings.from_dict(data)
        return replace(settings, incoming=incoming) if incoming is not None else settings
    except (ValueError, TypeError, KeyError):
        raise ExportError(
            f"The settings are not valid: port {data.get('port')!r}, security "
            f"{data.get('security')!r} (use none, starttls or tls)."
        ) from None


def export(
    source: Settings | ProbeReport | Mapping[str, Any],
    format_name: str,
    *,
    secret: str | None = None,
    include_secret: bool = False,
) -> str:
    """The settings (or a probe report's recommendation) written in ``format_name``.

    ``secret`` is written only when ``include_secret`` is true; raises :class:`ExportError`
    (plain-language message) for an unknown format or settings the format cannot carry.
    """
    fmt = get_format(format_name)
    if isinstance(source, Mapping):
        settings = settings_from_document(source)
    else:
        settings = settings_of(source)
    if include_secret and secret is None:
        raise ExportError("include_secret needs the secret (password) to include.")
    mode = SecretMode.include(secret) if include_secret and secret is not None else PLACEHOLDER
    return fmt.render(settings, secret=mode)


def write_export(
    path: str | os.PathLike[str], text: str, *, force: bool = False, private: bool = False
) -> Path:
    """Write ``text`` to ``path`` atomically and return the path written.

    A temporary file in the same folder is renamed into place, so a reader never sees half a
    file. An existing file is replaced only with ``force``; otherwise :class:`FileExistsError`
    says so. ``private`` (use it when the text holds a secret) makes the file readable by its
    owner only (mode 0600); other files get the usual mode for new files.
    """
    target = Path(path).expanduser()
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"The folder {str(folder)!r} does not exist.")
    if target.is_dir():
        raise IsADirectoryError(f"{str(target)!r} is a folder; give a file name.")
    if not force and target.exists():
        raise FileExistsError(
            f"{str(target)!r} already exists; choose another name or allow replacing it."
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        if not private:  # mkstemp made it 0600; give an ordinary file the umask's mode
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


def _link_new(tmp: Path, target: Path) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there (no window for a race)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise FileExistsError(
            f"{str(target)!r} already exists; choose another name or allow replacing it."
        ) from None
    except OSError:  # a file system without hard links: best effort
        if target.exists():
            raise FileExistsError(
                f"{str(target)!r} already exists; choose another name or allow replacing it."
            ) from None
        os.replace(tmp, target)
