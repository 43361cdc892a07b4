"""Badges wrap onto further rows instead of being clipped or widening the pane."""

from PySide6.QtWidgets import QLabel, QWidget

from studyapp.ui.widgets.flow_layout import FlowLayout


def test_items_wrap_within_the_width_and_share_one_row_when_there_is_room(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host)
    labels = [QLabel(f"badge number {i}") for i in range(8)]
    for label in labels:
        layout.addWidget(label)
    widest = max(label.sizeHint().width() for label in labels)
    assert layout.minimumSize().width() == widest         # never wider than one badge
    row = labels[0].sizeHint().height()

    host.resize(widest + 20, layout.heightForWidth(widest + 20))
    host.show()
    qtbot.waitExposed(host)
    assert all(label.geometry().right() < host.width() for label in labels)
    assert labels[-1].y() >= 7 * row                      # one badge per row
    assert layout.heightForWidth(widest + 20) > layout.heightForWidth(5000) == row

    host.resize(5000, row)
    qtbot.waitUntil(lambda: labels[-1].y() == 0)          # all on the first row
    assert [label.x() for label in labels] == sorted(label.x() for label in labels)
