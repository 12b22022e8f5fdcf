"""Sound for Lull: the engine that plays soundscapes and chimes, and the sound library."""

import os

# pygame prints a banner on stdout when imported; it would land in `lull plans --json`.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
