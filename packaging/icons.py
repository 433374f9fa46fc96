"""Render the application icon from its SVG source at build time (no binaries in git).

    python packaging/icons.py OUTDIR            # hicolor PNGs, smtpwizard.ico, smtpwizard.iconset

Writes ``OUTDIR/hicolor/<N>x<N>/apps/<APP_ID>.png`` for the freedesktop sizes,
``OUTDIR/smtpwizard.ico`` (Windows, several sizes in one file) and ``OUTDIR/smtpwizard.iconset``
(the folder macOS ``iconutil -c icns`` turns into ``smtpwizard.icns``). Uses Qt's own SVG
renderer (QtSvg ships with PySide6-Essentials), offscreen, so it runs without a screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "io.github.smtpwizard.SmtpWizard"
ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "smtpwizard" / "resources" / "icons" / "smtpwizard.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS iconset names: icon_<N>x<N>.png and icon_<N>x<N>@2x.png (twice the pixels)
ICONSET = {f"icon_{n}x{n}.png": n for n in (16, 32, 128, 256, 512)} | {
    f"icon_{n}x{n}@2x.png": 2 * n for n in (16, 32, 128, 256, 512)
}


def render(svg: Path, size: int):  # -> QImage (PySide6 is imported lazily)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons.py: {svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def _save(image, path: Path, fmt: str = "PNG") -> None:  # type: ignore[no-untyped-def]
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), fmt):
        raise SystemExit(f"icons.py: could not write {path}")


def write_ico(images: list, path: Path) -> None:  # type: ignore[type-arg]
    """A standard ICO container with one PNG-compressed entry per size (Vista and later)."""
    import struct

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    blobs: list[bytes] = []
    for image in images:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        blobs.append(bytes(data.data()))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for image, blob in zip(images, blobs, strict=True):
        side = image.width()
        entries += struct.pack("<BBBBHHII", side % 256, side % 256, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


def build_all(out: Path, svg: Path = SOURCE) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts/painting need an app
    written: list[Path] = []
    for n in HICOLOR_SIZES:
        target = out / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png"
        _save(render(svg, n), target)
        written.append(target)
    scalable = out / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(svg.read_bytes())
    written.append(scalable)
    ico = out / "smtpwizard.ico"
    out.mkdir(parents=True, exist_ok=True)
    write_ico([render(svg, n) for n in ICO_SIZES], ico)
    written.append(ico)
    for name, n in ICONSET.items():
        target = out / "smtpwizard.iconset" / name
        _save(render(svg, n), target)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    written = build_all(Path(argv[0]))
    print(f"icons.py: wrote {len(written)} files into {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
