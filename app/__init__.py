"""Lull: a calm desktop companion for giving a good back massage at home."""

__version__ = "0.1.0"
INTERRUPTED = 130  # the status a shell gives a command ended by Ctrl-C
