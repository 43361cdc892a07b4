"""What the main window relies on in every mode's widget."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter


class Mode:
    """Mixed into each mode's top widget; the defaults do nothing.

    The window calls these instead of asking which methods a mode happens to have."""

    split: QSplitter | None = None    # the splitter whose sizes are remembered, if any

    def activate(self) -> None:
        """The mode was opened (or its data changed while it is open): show it fresh."""

    def apply_theme(self, dark: bool) -> None:
        """Draw what is on show again in the new theme's colours."""

    def apply_text_size(self, scale: float) -> None:
        """Lay out again for a new text size (the style sheet has already changed)."""

    def shutdown(self) -> None:
        """The window is closing: stop timers, save what is in progress."""
