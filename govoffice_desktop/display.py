"""Whether Qt has a screen to open a window on, and what to say when it has not.

Below the command line and the window alike (``app`` asks before the window opens, a PDF command
before it makes its offscreen Qt application), and without Qt: a missing display is said in
Chinese before Qt would abort.
"""
from __future__ import annotations

import os
import sys

from govoffice_desktop import command_name


def display_problem() -> str | None:
    """Why Qt has no screen to open a window on (in Chinese, with the way round it), or None. On
    Linux a window needs an X11 or Wayland display, or a platform chosen in QT_QPA_PLATFORM
    (offscreen, vnc, …); Windows and macOS always have one.  A DISPLAY that is set but cannot be
    reached (``su`` from a desktop, ``ssh -X`` without its X authority, a display closed since) is
    tried with libxcb, as Qt would, so that the user reads this rather than Qt's abort naming a
    library that is installed."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY")
    if not display:
        return no_display_message("环境变量 DISPLAY 和 WAYLAND_DISPLAY 都没有设置，例如在服务器上或通过 ssh 登录时")
    if _x_display_reachable(display) is False:
        return no_display_message(f"DISPLAY={display} 连接不上：显示已关闭，或当前用户没有权限使用它"
                                  "（例如用 su 切换了用户，或 ssh -X 登录时没有转发授权）")
    return None


def has_display() -> bool:
    """Whether Qt has a screen to open a window on (``display_problem`` says why not)."""
    return display_problem() is None


def _x_display_reachable(display: str) -> bool | None:
    """Whether libxcb connects to ``display`` (None: libxcb is not there to ask; Qt will say so)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)  # also frees the error connection xcb_connect returns


def no_display_message(reason: str) -> str:
    command = command_name()
    return (f"无法打开窗口：没有图形显示（{reason}）。\n"
            "  · 在有桌面的电脑上运行，或用 ssh -X 登录后运行；\n"
            f"  · 没有显示器的服务器上：xvfb-run {command}；\n"
            f"  · 或者使用命令行，它不需要显示：{command} --help 列出全部命令，"
            "例如 info、report、import、export、pdf。")
