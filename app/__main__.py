"""The lull command, and python -m app: Lull, loaded first. Ctrl-C while it loads (a second
or so) ends it as Ctrl-C in a command does: one line, and the shell's usual status."""

import sys

from app import INTERRUPTED


def main() -> int:
    try:
        from app.main import main as lull
    except KeyboardInterrupt:
        print("lull: interrupted", file=sys.stderr)
        return INTERRUPTED
    return lull()


if __name__ == "__main__":
    sys.exit(main())
