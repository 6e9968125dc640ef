"""The Qt application a headless command needs to lay out text (PDFs), made when first asked for.

Qt (PySide6, through ui.printing and ui.instance_lock) is imported inside the few commands that
lay out PDFs or take the window's lock, where they are used: the other commands start without it.
"""
from __future__ import annotations

import os

from govoffice_desktop.display import has_display

_QT_APP = None  # a headless command's Qt application, kept for the life of the process


def offscreen_qt():
    """The Qt application (offscreen without a display)."""
    global _QT_APP
    if not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # Qt: PDF commands only (fast start)

    _QT_APP = QApplication.instance() or QApplication(["govoffice"])
    return _QT_APP
