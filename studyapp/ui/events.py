"""Change notifications the modes subscribe to, instead of the window probing them.

One object per window, carried by the Context: whoever changes the bank, the progress
or the appearance emits here, and every mode that shows such things listens.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Events(QObject):
    bank_changed = Signal()          # questions added, edited, removed or reloaded
    progress_changed = Signal()      # reviews, notes or stars changed from outside a mode
    theme_changed = Signal(bool)     # dark?
    text_size_changed = Signal(float)
    open_question = Signal(str)      # a question id to show in Browse
    open_explorer = Signal(str)      # an explorer link to open in Explore
    index_grew = Signal()            # more questions searchable (indexing after start-up)
