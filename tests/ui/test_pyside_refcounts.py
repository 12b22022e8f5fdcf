"""Guards the PySide6 version: one that mishandles bools in signals crashes Lull at exit."""

from __future__ import annotations

import subprocess
import sys

EMIT_BOOLS = """
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    changed = Signal(bool)

app = QCoreApplication([])
emitter = Emitter()
seen = []
emitter.changed.connect(lambda value: seen.append(value))
for _ in range(5000):
    emitter.changed.emit(True)
print(len(seen))
"""


def test_bools_sent_through_signals_to_lambdas_do_not_crash_the_process_at_exit() -> None:
    done = subprocess.run(
        [sys.executable, "-c", EMIT_BOOLS], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5000"
