

def test_treemap_areas_are_proportional_and_tile_the_square():
    import pytest

    from studyapp.core.stats import treemap

    sizes = [30, 20, 20, 10, 10, 5, 3, 2]
    rects = treemap(sizes)
    areas = [w * h for _, _, w, h in rects]
    assert areas == pytest.approx([s / sum(sizes) for s in sizes])
    assert sum(areas) == pytest.approx(1.0)
    assert all(x >= 0 and x + w <= 1 + 1e-9 and y >= 0 and y + h <= 1 + 1e-9
               for x, y, w, h in rects)
    for i, a in enumerate(rects):                      # no two tiles overlap
        for b in rects[i + 1:]:
            overlap_w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
            overlap_h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
            assert overlap_w <= 1e-9 or overlap_h <= 1e-9
    assert treemap([0, 0]) == [(0.0, 0.0, 0.0, 0.0)] * 2
