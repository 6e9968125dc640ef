#!/usr/bin/env python3
"""Thin launcher: ``python main.py [--db PATH] [COMMAND]``."""
import sys

from govoffice_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
