"""Lull itself, unchanged, each log line stamped with the monotonic clock to the microsecond."""

# Lull's own log format stamps lines with the wall clock to the millisecond; at --speed 60 a
# millisecond of wall time is 60 ms of session, and the chime benchmark compares the log with
# the sound written by another process. Both need the monotonic clock, which is system-wide.
# logging.basicConfig in Lull's main() does nothing once the root logger has a handler.

import logging
import sys
import time

FORMAT = "%(mono).6f %(name)s %(levelname)s: %(message)s"


class _Stamp(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.mono = time.monotonic()
        return True


def main() -> int:
    handler = logging.StreamHandler()
    handler.addFilter(_Stamp())
    handler.setFormatter(logging.Formatter(FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    from app.main import main as lull

    return lull(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
