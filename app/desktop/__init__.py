"""Lull on the desktop, Qt but no widgets: the launcher entry, media keys (MPRIS), one instance,
the laptop kept awake, sleep noticed, and the desktop's speech service."""
