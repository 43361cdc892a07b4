"""Indexing for search after the questions are on screen.

On a large bank's first start (or after many of its files changed) the search index
would hold the questions back for seconds. Start-up indexes at most ``AT_START``
questions; the rest are indexed here, ``STEP`` at a time whenever the event loop is
idle, each step in a transaction of its own: quitting part-way loses nothing, and the
next start goes on where this one stopped. Where the file cannot take more (a full
disk), search goes on from an index built in memory (``store.search.grow_index``).
Meanwhile ``ctx.unindexed`` says how many are not yet searchable and
``ctx.events.index_grew`` tells the screens of each step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from studyapp.services.search import index_more
from studyapp.ui.context import Context

AT_START = 500           # about a tenth of a second: the shipped bank (422) at once
STEP = 200               # about 70 ms at 10k: the window stays responsive between steps


class SearchIndexing(QObject):
    def __init__(self, ctx: Context, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self, interval=0)
        self.timer.timeout.connect(self.step)
        ctx.index, ctx.unindexed = index_more(ctx.index, ctx.bank, 0)
        if ctx.unindexed:
            self.timer.start()

    def step(self) -> None:
        self.ctx.index, self.ctx.unindexed = index_more(self.ctx.index, self.ctx.bank, STEP)
        if not self.ctx.unindexed:
            self.timer.stop()
        self.ctx.events.index_grew.emit()

    def finish(self) -> None:
        """Index everything left now."""
        while self.ctx.unindexed:
            self.step()
