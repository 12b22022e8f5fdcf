"""PySide6 widgets: they show state and forward intent."""
