"""The Qt application a headless command needs to lay out text (PDFs), made when first asked for.

Qt (PySide6, through ui.printing and ui.instance_lock) is imported inside the few commands that
lay out PDFs or take the window's lock, where they are used: the other commands start without it.
"""
from __future__ import annotations

import os
import sys

_QT_APP = None  # a headless command's Qt application, kept for the life of the process


def has_display() -> bool:
    """Whether Qt has a screen to open a window on: on Linux an X11 or Wayland display, or a
    platform chosen in QT_QPA_PLATFORM (offscreen, vnc, …); Windows and macOS always."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


NO_DISPLAY = ("无法打开窗口：没有图形显示（环境变量 DISPLAY 和 WAYLAND_DISPLAY 都没有设置，"
              "例如在服务器上或通过 ssh 登录时）。\n"
              "  · 在有桌面的电脑上运行，或用 ssh -X 登录后运行；\n"
              "  · 没有显示器的服务器上：xvfb-run python main.py；\n"
              "  · 或者使用命令行，它不需要显示：python main.py --help 列出全部命令，"
              "例如 python main.py info、report、import、export、pdf。")


def offscreen_qt():
    """The Qt application (offscreen without a display)."""
    global _QT_APP
    if not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # Qt: PDF commands only (fast start)

    _QT_APP = QApplication.instance() or QApplication(["govoffice"])
    return _QT_APP
