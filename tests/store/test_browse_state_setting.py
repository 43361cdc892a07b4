import json

import pytest

from studyapp.store.db import open_db
from studyapp.store.settings_table import get_setting, set_setting


def test_browse_state_is_kept_checked_and_a_bad_one_reads_as_empty(tmp_path):
    db = open_db(tmp_path / "d.sqlite3")
    assert get_setting(db, "browse_state") == {}
    state = {"topic": "01-basics", "search": "soft", "question": "softmax-definition"}
    set_setting(db, "browse_state", state)
    assert get_setting(db, "browse_state") == state
    for bad in ({"question": 3}, {"scroll": "10"}, ["01-basics"]):
        with pytest.raises(ValueError, match="browse_state"):
            set_setting(db, "browse_state", bad)
    db.execute("UPDATE settings SET value = ? WHERE key = 'browse_state'",
               [json.dumps({"question": None})])             # edited by hand
    assert get_setting(db, "browse_state") == {}
