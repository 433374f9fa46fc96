"""The bundled provider data: loading, checking and looking up by domain, MX host or SMTP host.

The curated data lives in ``smtpwizard/resources/providers.json`` (described by
``providers.schema.json`` next to it). :func:`validate_data` applies the same rules as the schema
in plain code, so no JSON-Schema library is needed at run time, and reports every problem in
words a data editor understands. :func:`bundled_providers` loads the curated file and the
converted Thunderbird ISPDB (``resources/ispdb/ispdb.json``, see ``ispdb_data``) once, on first
use, and merges them (``provider_merge``): the curated entry wins and says why it differs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from smtpwizard.core.discovery.provider_model import (
    IncomingServer,
    OAuthSupport,
    Origin,
    Provider,
    ProviderData,
    ProviderDataError,
    ProviderKind,
    ProviderServer,
    SecretKind,
    UsernameForm,
)
from smtpwizard.core.models import Security
from smtpwizard.core.validation import InputError, normalize_host

__all__ = [
    "DATA_VERSION",
    "IncomingServer",
    "OAuthSupport",
    "Origin",
    "Provider",
    "ProviderData",
    "ProviderDataError",
    "ProviderKind",
    "ProviderServer",
    "SecretKind",
    "UsernameForm",
    "bundled_providers",
    "data_path",
    "load_providers",
    "parse_data",
    "schema_path",
    "validate_data",
]

DATA_VERSION = 1
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PATTERN = re.compile(r"^[a-z0-9*][a-z0-9.*-]*[a-z0-9*]$")


# a lower-case ASCII host name: normalize_host() returns it unchanged, so the (slow) IDNA
# conversion is skipped for it — the bundled data is checked at every start
_NORMAL_HOST = re.compile(
    r"^(?=.{1,253}$)((?!-)[a-z0-9-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)$"
)


def _already_normal(host: str) -> bool:
    return _NORMAL_HOST.match(host) is not None


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _check_server(where: str, raw: object, errors: list[str]) -> None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: must be an object")
        return
    for key in set(raw) - {"host", "port", "security", "region", "match"}:
        errors.append(f"{where}: unknown field {key!r}")
    host = raw.get("host")
    if not isinstance(host, str):
        errors.append(f"{where}: host must be a string")
    else:
        try:
            if not _already_normal(host) and normalize_host(host) != host:
                errors.append(f"{where}: host {host!r} must be written in lower-case ASCII")
        except InputError as exc:
            errors.append(f"{where}: host {host!r}: {exc}")
    port = raw.get("port")
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        errors.append(f"{where}: port must be a number from 1 to 65535")
    if raw.get("security") not in {s.value for s in Security}:
        errors.append(f"{where}: security must be none, starttls or tls")
    if "region" in raw and not (isinstance(raw["region"], str) and raw["region"]):
        errors.append(f"{where}: region must be a non-empty string")
    if "match" in raw:
        match = raw["match"]
        if not _is_str_list(match) or not match:
            errors.append(f"{where}: match must be a non-empty list of patterns")
        else:
            for pattern in match:
                if not _PATTERN.match(pattern):
                    errors.append(f"{where}: {pattern!r} is not a valid pattern")


_REQUIRED = (
    "id",
    "name",
    "kind",
    "domains",
    "mx_patterns",
    "smtp",
    "username",
    "secrets",
    "oauth",
    "hints",
    "sources",
    "last_checked",
)
_OPTIONAL = (
    "username_literal",
    "username_note",
    "app_password_url",
    "uncertain",
    "incoming",
    "before_login",
    "after_login",
    "sending_limit",
    "documentation",
    "ispdb",
    "ispdb_differs",
    "secret_name",
    "secret_url",
)
_DATE = re.compile(r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
_ISPDB_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


def _check_incoming(where: str, raw: object, errors: list[str]) -> None:
    if not isinstance(raw, list):
        errors.append(f"{where}: incoming must be a list")
        return
    for n, server in enumerate(raw):
        if not isinstance(server, dict) or server.get("protocol") not in ("imap", "pop3"):
            errors.append(f"{where} incoming[{n}]: protocol must be imap or pop3")
            continue
        _check_server(
            f"{where} incoming[{n}]", {k: v for k, v in server.items() if k != "protocol"}, errors
        )


def _check_extras(where: str, raw: dict[str, Any], errors: list[str]) -> None:
    """The fields added for hints as data and the ISPDB merge."""
    for key in ("before_login", "after_login"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
            errors.append(f"{where}: {key} must be a list of sentences")
    for key in ("sending_limit", "ispdb_differs"):
        if key in raw and not (isinstance(raw[key], str) and raw[key]):
            errors.append(f"{where}: {key} must be a non-empty string")
    checked = raw.get("last_checked")
    if not (isinstance(checked, str) and _DATE.match(checked)):
        errors.append(f"{where}: last_checked must be a date written YYYY-MM-DD")
    docs = raw.get("documentation", [])
    if docs != [] and not (
        _is_str_list(docs) and all(d.startswith(("https://", "http://")) for d in docs)
    ):
        errors.append(f"{where}: documentation must be a list of web addresses")
    ispdb = raw.get("ispdb", [])
    if not isinstance(ispdb, list) or not all(
        isinstance(i, str) and _ISPDB_ID.match(i) for i in ispdb
    ):
        errors.append(f"{where}: ispdb must list ISPDB provider ids (e.g. 'gmx.net')")
    if "incoming" in raw:
        _check_incoming(where, raw["incoming"], errors)


def _check_provider(index: int, raw: object, errors: list[str]) -> None:
    if not isinstance(raw, dict):
        errors.append(f"providers[{index}]: must be an object")
        return
    pid = raw.get("id")
    where = f"provider {pid!r}" if isinstance(pid, str) else f"providers[{index}]"
    for key in _REQUIRED:
        if key not in raw:
            errors.append(f"{where}: missing field {key!r}")
    for key in set(raw) - set(_REQUIRED) - set(_OPTIONAL):
        errors.append(f"{where}: unknown field {key!r}")
    if not isinstance(pid, str) or not _ID.match(pid):
        errors.append(f"{where}: id must be lower-case words joined by hyphens")
    if not isinstance(raw.get("name"), str) or not raw.get("name"):
        errors.append(f"{where}: name must be a non-empty string")
    if raw.get("kind") not in {k.value for k in ProviderKind}:
        errors.append(f"{where}: kind must be mailbox, service or relay")
    domains = raw.get("domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        errors.append(f"{where}: domains must be a list of strings")
    else:
        for domain in domains:
            try:
                ok = (_already_normal(domain) or normalize_host(domain) == domain) and (
                    "." in domain
                )
            except InputError:
                ok = False
            if not ok:
                errors.append(f"{where}: {domain!r} is not a lower-case ASCII domain")
    mx = raw.get("mx_patterns", [])
    if not isinstance(mx, list) or not all(isinstance(m, str) and _PATTERN.match(m) for m in mx):
        errors.append(f"{where}: mx_patterns must be a list of host patterns")
    smtp = raw.get("smtp", [])
    if not isinstance(smtp, list):
        errors.append(f"{where}: smtp must be a list")
    else:
        for n, server in enumerate(smtp):
            _check_server(f"{where} smtp[{n}]", server, errors)
        if not smtp and not raw.get("hints"):
            errors.append(f"{where}: a provider without SMTP servers needs a hint saying so")
    username = raw.get("username")
    if username not in {u.value for u in UsernameForm}:
        errors.append(
            f"{where}: username must be email, localpart, literal, other, template or none"
        )
    if username in ("literal", "template") and not isinstance(raw.get("username_literal"), str):
        errors.append(f"{where}: username {username!r} needs username_literal")
    if username == "other" and not isinstance(raw.get("username_note"), str):
        errors.append(f"{where}: username 'other' needs username_note")
    secrets = raw.get("secrets")
    if (
        not _is_str_list(secrets)
        or not secrets
        or not set(secrets) <= {s.value for s in SecretKind}
    ):
        errors.append(f"{where}: secrets must list password, app-password, api-key or oauth2")
    if raw.get("oauth") not in {o.value for o in OAuthSupport}:
        errors.append(f"{where}: oauth must be none, possible or required")
    for key in ("app_password_url", "secret_url"):
        url = raw.get(key)
        if url is not None and not (isinstance(url, str) and url.startswith("https://")):
            errors.append(f"{where}: {key} must be an https:// address")
    hints = raw.get("hints")
    if not isinstance(hints, list) or not all(isinstance(h, str) and h for h in hints):
        errors.append(f"{where}: hints must be a list of sentences")
    sources = raw.get("sources")
    if (
        not _is_str_list(sources)
        or not sources
        or not all(s == "ispdb" or s.startswith(("https://", "http://")) for s in sources)
    ):
        errors.append(f"{where}: sources must list web addresses or 'ispdb'")
    for key in ("username_literal", "username_note", "uncertain", "secret_name"):
        if key in raw and not (isinstance(raw[key], str) and raw[key]):
            errors.append(f"{where}: {key} must be a non-empty string")
    _check_extras(where, raw, errors)


def validate_data(data: object) -> list[str]:
    """Every rule of ``providers.schema.json`` plus cross-entry rules; returns the problems."""
    errors: list[str] = []
    if not isinstance(data, dict):
        return ["the provider data must be a JSON object"]
    if data.get("version") != DATA_VERSION:
        errors.append(f"version must be {DATA_VERSION}")
    for key in set(data) - {"$schema", "version", "about", "providers"}:
        errors.append(f"unknown top-level field {key!r}")
    providers = data.get("providers")
    if not isinstance(providers, list) or not providers:
        errors.append("providers must be a non-empty list")
        return errors
    for index, raw in enumerate(providers):
        _check_provider(index, raw, errors)
    seen_ids: set[str] = set()
    seen_domains: dict[str, str] = {}
    for raw in providers:
        if not isinstance(raw, dict):
            continue
        pid = str(raw.get("id"))
        if pid in seen_ids:
            errors.append(f"provider id {pid!r} is used twice")
        seen_ids.add(pid)
        domains = raw.get("domains")
        for domain in domains if isinstance(domains, list) else []:
            if domain in seen_domains:
                errors.append(
                    f"domain {domain!r} belongs to both {seen_domains[domain]!r} and {pid!r}"
                )
            seen_domains[str(domain)] = pid
    return errors


def _server(raw: Mapping[str, Any]) -> ProviderServer:
    return ProviderServer(
        host=raw["host"],
        port=raw["port"],
        security=Security(raw["security"]),
        region=raw.get("region"),
        match=tuple(raw.get("match", ())),
    )


def _provider(raw: Mapping[str, Any]) -> Provider:
    return Provider(
        id=raw["id"],
        name=raw["name"],
        kind=ProviderKind(raw["kind"]),
        domains=tuple(raw["domains"]),
        mx_patterns=tuple(raw["mx_patterns"]),
        smtp=tuple(_server(s) for s in raw["smtp"]),
        username=UsernameForm(raw["username"]),
        username_literal=raw.get("username_literal"),
        username_note=raw.get("username_note"),
        secrets=tuple(SecretKind(s) for s in raw["secrets"]),
        oauth=OAuthSupport(raw["oauth"]),
        app_password_url=raw.get("app_password_url"),
        hints=tuple(raw["hints"]),
        sources=tuple(raw["sources"]),
        uncertain=raw.get("uncertain"),
        secret_name=raw.get("secret_name"),
        secret_url=raw.get("secret_url"),
        incoming=tuple(
            IncomingServer(
                i["protocol"],
                i["host"],
                i["port"],
                Security(i["security"]),
                tuple(i.get("match", ())),
            )
            for i in raw.get("incoming", ())
        ),
        before_login=tuple(raw.get("before_login", ())),
        after_login=tuple(raw.get("after_login", ())),
        sending_limit=raw.get("sending_limit"),
        last_checked=raw.get("last_checked"),
        documentation=tuple(raw.get("documentation", ())),
        ispdb=tuple(raw.get("ispdb", ())),
        ispdb_differs=raw.get("ispdb_differs"),
    )


def parse_data(data: object) -> ProviderData:
    """Check ``data`` (the decoded JSON) and build the look-up tables."""
    errors = validate_data(data)
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise ProviderDataError(f"the provider data has {len(errors)} problem(s):\n  {shown}{more}")
    assert isinstance(data, dict)
    return ProviderData([_provider(p) for p in data["providers"]])


def data_path() -> Path:
    """Where the bundled ``providers.json`` is (inside the installed package)."""
    return Path(str(resources.files("smtpwizard").joinpath("resources", "providers.json")))


def schema_path() -> Path:
    return Path(str(resources.files("smtpwizard").joinpath("resources", "providers.schema.json")))


def _read_curated(file: Path) -> ProviderData:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProviderDataError(f"cannot read the provider data {file}: {exc}") from exc
    except ValueError as exc:
        raise ProviderDataError(f"the provider data {file} is not valid JSON: {exc}") from exc
    return parse_data(data)


def load_providers(path: Path | str | None = None) -> ProviderData:
    """Read and check a curated provider data file; by default the bundled data: the curated
    ``providers.json`` merged with the converted ISPDB (``resources/ispdb/ispdb.json``)."""
    if path is not None:
        return _read_curated(Path(path))
    # lazy: loads data or a backend only on the path that needs it
    from smtpwizard.core.discovery.ispdb_data import load_ispdb

    # lazy: loads data or a backend only on the path that needs it
    from smtpwizard.core.discovery.provider_merge import merge

    curated = _read_curated(data_path())
    return ProviderData(merge(curated.providers, load_ispdb()))


@cache
def bundled_providers() -> ProviderData:
    """The bundled provider data, loaded, checked and merged once per process (on first use)."""
    return load_providers()
