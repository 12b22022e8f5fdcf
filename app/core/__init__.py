"""Pure Python: plans, cues, the session and the room; neither Qt nor pygame."""
