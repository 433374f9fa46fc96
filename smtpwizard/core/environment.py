"""Facts about this computer that a support person needs next to a probe's result.

Collected without importing Qt (the Qt version comes from the installed PySide6 package's
metadata) and without ever failing: whatever cannot be found reads "unknown". Proxy settings
are reported by name only, never by value (a proxy URL can hold a password).
"""

from __future__ import annotations

import os
import platform
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata

PROXY_VARIABLES: tuple[str, ...] = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "FTP_PROXY",
    "SOCKS_PROXY",
    "SOCKS5_PROXY",
)

UNKNOWN = "unknown"


@dataclass(frozen=True)
class EnvironmentInfo:
    os: str
    python: str
    openssl: str
    program: str
    qt: str
    keyring_backend: str
    proxy_variables: tuple[str, ...]
    clock_utc: datetime
    # sign-in with Google/Microsoft: whether a client ID is set up, and where one would go (the
    # wizard's page says only "not set up"; the file and variable names belong in the report)
    oauth_setup: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "os": self.os,
            "python": self.python,
            "openssl": self.openssl,
            "program": self.program,
            "qt": self.qt,
            "keyring_backend": self.keyring_backend,
            "proxy_variables": list(self.proxy_variables),
            "clock_utc": self.clock_utc.isoformat(timespec="seconds"),
            "oauth_setup": self.oauth_setup,
        }


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except Exception:  # a broken installation must not break a report
        return UNKNOWN


def _program_version() -> str:
    version = _package_version("smtpwizard")
    if version != UNKNOWN:
        return version
    try:
        # lazy: guarded, so a broken installation still gets its report ("unknown")
        from smtpwizard import __version__
    except Exception:
        return UNKNOWN
    return __version__


def _os_description() -> str:
    try:
        system = platform.system() or UNKNOWN
        if system == "Linux":
            try:
                pretty = platform.freedesktop_os_release().get("PRETTY_NAME", "")
            except OSError:
                pretty = ""
            return f"Linux {platform.release()}" + (f" ({pretty})" if pretty else "")
        if system == "Darwin":
            return f"macOS {platform.mac_ver()[0] or platform.release()}"
        if system == "Windows":
            return f"Windows {platform.release()} ({platform.version()})"
        return f"{system} {platform.release()}"
    except Exception:
        return UNKNOWN


def _qt_version() -> str:
    for package in ("PySide6-Essentials", "PySide6"):
        version = _package_version(package)
        if version != UNKNOWN:
            return f"{version} ({package})"
    return "not installed"


def keyring_backend_name() -> str:
    """The keyring backend in use (module and class), or why there is none. Never raises."""
    try:
        # lazy: loads the keyring backends (D-Bus) only when a secret is needed
        import keyring

        backend = keyring.get_keyring()
        cls = type(backend)
        path = f"{cls.__module__}.{cls.__qualname__}"
        name = getattr(cls, "name", "")
        return f"{name} ({path})" if isinstance(name, str) and name else path
    except Exception as exc:  # a keyring problem is a fact for the report, not a crash
        return f"unavailable ({type(exc).__name__})"


def proxy_variables_set(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Names of the proxy environment variables that are set (any case), sorted."""
    env = os.environ if environ is None else environ
    wanted = set(PROXY_VARIABLES)
    return tuple(sorted(name for name, value in env.items() if name.upper() in wanted and value))


def collect_environment(
    *, now: datetime | None = None, environ: Mapping[str, str] | None = None
) -> EnvironmentInfo:
    return EnvironmentInfo(
        os=_os_description(),
        python=f"{platform.python_version()} ({platform.python_implementation()}, {sys.platform})",
        openssl=ssl.OPENSSL_VERSION,
        program=_program_version(),
        qt=_qt_version(),
        keyring_backend=keyring_backend_name(),
        proxy_variables=proxy_variables_set(environ),
        clock_utc=(now or datetime.now(UTC)).astimezone(UTC),
        oauth_setup=oauth_setup(environ),
    )


#: (provider, the table in oauth.toml, the environment variable of its client ID)
_OAUTH_CLIENTS = (
    ("Google", "google", "SMTPWIZARD_OAUTH_GOOGLE_CLIENT_ID"),
    ("Microsoft", "microsoft", "SMTPWIZARD_OAUTH_MICROSOFT_CLIENT_ID"),
)


def oauth_setup(environ: Mapping[str, str] | None = None) -> str:
    """Whether sign-in with Google/Microsoft has a client ID here, and where one would go.

    A quick look (the variable is set; the settings file has the provider's table), never a
    failure: the OAuth code itself checks the values when someone signs in.
    """
    env = os.environ if environ is None else environ
    try:
        # lazy: only on the path that needs it
        from smtpwizard.core.paths import config_dir

        settings = config_dir() / "oauth.toml"
        text = settings.read_text(encoding="utf-8") if settings.is_file() else ""
    except Exception:  # an unreadable folder must not break a report
        settings, text = None, ""
    parts = []
    for name, table, variable in _OAUTH_CLIENTS:
        if env.get(variable):
            parts.append(f"{name}: set up ({variable})")
        elif f"[{table}]" in text:
            parts.append(f"{name}: set up ({settings})")
        else:
            where = f"[{table}] client_id in {settings}" if settings else f"[{table}] in oauth.toml"
            parts.append(f"{name}: not set up (set {variable}, or {where})")
    return "; ".join(parts)
