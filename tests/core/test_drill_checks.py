import numpy as np
import pytest

from studyapp.core.drill_checks import assert_close, preview


def test_close_values_pass():
    assert_close(np.array([1.0, 2.0]), [1.0, 2.0 + 1e-9])


def test_shape_mismatch_names_both_shapes_and_the_case():
    with pytest.raises(AssertionError, match=r"ties: expected shape \(3,\), got shape \(2,\)"):
        assert_close(np.zeros(2), np.zeros(3), case="ties")


def test_difference_names_index_errors_tolerance_and_input():
    with pytest.raises(AssertionError) as info:
        assert_close(np.array([[1.0, 2.0], [3.0, 5.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]),
                     case="a 2x2 case", inputs={"x": np.arange(4.0)})
    message = str(info.value)
    assert "at index (1, 1): expected 4, got 5" in message
    assert "1 of 4 differ, max abs error 1, max rel error 0.25" in message
    assert "rtol=1e-06, atol=1e-08" in message
    assert "input x = shape (4,) float64 [0., 1., 2., 3.]" in message


def test_none_is_reported_as_a_missing_return():
    with pytest.raises(AssertionError, match="returned None"):
        assert_close(None, 1.0)


def test_preview_truncates_long_arrays():
    assert preview(np.arange(100)).endswith("… (100 values)")
    assert preview(3.5) == "3.5"
