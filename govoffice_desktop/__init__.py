"""govoffice-desktop: 政府办公室管理系统."""
import os
import sys

__version__ = "0.1.0"
APP_NAME = "govoffice-desktop"
ORG_NAME = "govoffice"
EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2  # success; the data refused, nothing written; usage


def command_name() -> str:
    """How the user started the program, for messages that name a command: ``python main.py``
    from a checkout, ``python -m govoffice_desktop``, or the installed ``govoffice`` (the wheel's
    console script, the stand-alone build, the .deb's launcher)."""
    path = sys.argv[0] if sys.argv and sys.argv[0] else ""
    started = os.path.basename(path)
    if started == "main.py":
        return "python main.py"
    if started == "__main__.py" and os.path.basename(os.path.dirname(path)) == "govoffice_desktop":
        return "python -m govoffice_desktop"
    if started.lower().startswith("govoffice"):
        return os.path.splitext(started)[0]  # govoffice, govoffice-cli (Windows: .exe)
    return "python main.py"
