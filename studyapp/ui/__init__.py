"""Qt widgets: the only layer importing PySide6."""

from studyapp.ui.pyside_source import stop_source_caching

stop_source_caching()
