"""The program's icon in the shapes the builds need, made from the one SVG in the package
(govoffice_desktop/data/icons/govoffice.svg), so no picture is kept twice:

- ``write_ico``: a Windows .ico (16…256 px, PNG-compressed images) for the .exe and the installer;
- ``write_png``: a PNG of one size (the .deb's hicolor icon next to the SVG).

Used by packaging/govoffice.spec and packaging/build.sh; Qt (PySide6, there for the build anyway)
draws the SVG.
"""
from __future__ import annotations

import os
import struct
import sys

SIZES = (16, 24, 32, 48, 64, 128, 256)


def _png(svg: str, size: int) -> bytes:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    global _APP
    _APP = QGuiApplication.instance() or QGuiApplication(["icons"])
    renderer = QSvgRenderer(svg)
    if not renderer.isValid():
        raise SystemExit(f"cannot read the icon {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def write_png(svg: str, target: str, size: int) -> str:
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    with open(target, "wb") as out:
        out.write(_png(svg, size))
    return target


def write_ico(svg: str, target: str) -> str:
    """An .ico with one PNG image per size (the format Windows reads since Vista)."""
    images = [(size, _png(svg, size)) for size in SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    with open(target, "wb") as out:
        out.write(header + entries + blobs)
    return target


if __name__ == "__main__":  # python packaging/icons.py SVG TARGET.ico|TARGET.png [SIZE]
    svg, target = sys.argv[1], sys.argv[2]
    if target.endswith(".ico"):
        print(write_ico(svg, target))
    else:
        print(write_png(svg, target, int(sys.argv[3]) if len(sys.argv) > 3 else 256))
