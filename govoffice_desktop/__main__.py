"""``python -m govoffice_desktop [--db PATH] [COMMAND]``: the same as ``python main.py`` and ``govoffice``."""
import sys

from govoffice_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
