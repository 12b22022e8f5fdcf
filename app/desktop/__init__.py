"""Lull on the desktop: Qt but no widgets (the launcher entry, and later media keys and one
instance)."""
