"""The wizard's SVG icons (package data ``smtpwizard/resources/icons``), scalable for high-DPI
screens. In a PyInstaller bundle the package data sits at the same place below the bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    places = [here.parents[1] / "resources" / "icons"]
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle
    if bundle:
        places.append(Path(bundle) / "smtpwizard" / "resources" / "icons")
    return places


@cache
def icons_dir() -> Path | None:
    for place in _candidates():
        if (place / "app.svg").is_file():
            return place
    return None


@cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (``"ok"``, ``"failed"``, ``"app"``…); an empty icon when missing."""
    folder = icons_dir()
    if folder is None or not (folder / f"{name}.svg").is_file():
        return QIcon()
    return QIcon(str(folder / f"{name}.svg"))
