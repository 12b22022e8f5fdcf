"""Save what an X display shows to a PNG: python grab_screen.py OUT.png (DISPLAY names it)."""

import sys

from PySide6.QtGui import QGuiApplication

app = QGuiApplication([sys.argv[0], "-platform", "xcb"])
if not QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1]):
    sys.exit(f"could not write {sys.argv[1]}")
