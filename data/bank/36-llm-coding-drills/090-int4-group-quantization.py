# --- starter ---
import numpy as np


def quantize_int4(w, group_size=32):
    """w: (d_out, d_in). Return (q int8 in [-8, 7], scales (d_out, d_in // group_size)),
    scale = max|group| / 7 over groups of consecutive inputs."""
    raise NotImplementedError


def pack_int4(q):
    """q: int8 (d_out, d_in) in [-8, 7]. Return uint8 (d_out, d_in // 2): low nibble = q[:, 2j],
    high nibble = q[:, 2j + 1], each as the two's-complement nibble q & 0xF."""
    raise NotImplementedError


def unpack_int4(packed):
    """Inverse of pack_int4: int8 (d_out, 2 * n_bytes) with values in [-8, 7]."""
    raise NotImplementedError


def dequantize_int4(q, scales, group_size=32):
    """Return float (d_out, d_in): each code times its group's scale."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def quantize_int4(w, group_size=32):
    w = np.asarray(w, dtype=float)
    d_out, d_in = w.shape
    groups = w.reshape(d_out, d_in // group_size, group_size)
    scales = np.abs(groups).max(axis=2) / 7.0
    scales = np.where(scales > 0, scales, 1.0)
    q = np.clip(np.round(groups / scales[:, :, None]), -8, 7).astype(np.int8)
    return q.reshape(d_out, d_in), scales


def pack_int4(q):
    nib = np.asarray(q).astype(np.uint8) & 0x0F        # two's-complement nibbles
    return (nib[:, 0::2] | (nib[:, 1::2] << 4)).astype(np.uint8)


def unpack_int4(packed):
    packed = np.asarray(packed, dtype=np.uint8)
    nib = np.empty((packed.shape[0], packed.shape[1] * 2), dtype=np.int16)
    nib[:, 0::2] = packed & 0x0F
    nib[:, 1::2] = packed >> 4
    return np.where(nib >= 8, nib - 16, nib).astype(np.int8)   # sign-extend


def dequantize_int4(q, scales, group_size=32):
    return np.asarray(q, dtype=float) * np.repeat(scales, group_size, axis=1)
# --- tests ---
import numpy as np

SIGN = "unpacked nibbles >= 8 are negative: sign-extend (n - 16)"
GROUPS = "one scale per group of consecutive inputs, not per row"


def test_packs_and_unpacks_the_hand_worked_codes(ns):
    q = np.array([[1, -1, 7, -8]], dtype=np.int8)
    packed = ns["pack_int4"](q)
    assert np.asarray(packed).dtype == np.uint8, f"packed must be uint8, got {np.asarray(packed).dtype}"
    assert np.array_equal(packed, [[241, 135]]), \
        f"bytes {np.asarray(packed).tolist()}, expected [[241, 135]] (0xF1, 0x87): low nibble = even element"
    back = ns["unpack_int4"](packed)
    assert np.array_equal(back, q), f"unpacked {np.asarray(back).tolist()}, expected [[1, -1, 7, -8]]: {SIGN}"


def test_every_pair_of_codes_round_trips_through_a_byte(ns):
    lo, hi = np.meshgrid(np.arange(-8, 8), np.arange(-8, 8), indexing="ij")
    q = np.stack([lo.ravel(), hi.ravel()], axis=1).reshape(1, -1).astype(np.int8)   # 256 pairs
    packed = ns["pack_int4"](q)
    assert np.shape(packed) == (1, 256), f"packed shape {np.shape(packed)}, expected (1, 256)"
    assert sorted(np.asarray(packed).ravel().tolist()) == list(range(256)), "the 256 pairs must use all 256 byte values"
    back = np.asarray(ns["unpack_int4"](packed))
    bad = np.flatnonzero(back.ravel() != q.ravel())
    assert bad.size == 0, f"{bad.size} of 512 codes differ after the round trip, first: code {q.ravel()[bad[0]]} came back as {back.ravel()[bad[0]]}; {SIGN}"


def test_quantizes_the_hand_worked_row_with_groups_of_four(ns):
    w = np.array([[0.7, -0.3, 0.1, 0.0, 14.0, 4.0, -2.0, 1.2]])
    q, scales = ns["quantize_int4"](w, group_size=4)
    assert_close(scales, [[0.1, 2.0]], case=f"group scales max|group| / 7; {GROUPS}")
    assert np.array_equal(q, [[7, -3, 1, 0, 7, 2, -1, 1]]), f"codes {np.asarray(q).tolist()}, expected [[7, -3, 1, 0, 7, 2, -1, 1]]"


def test_scales_and_codes_match_a_loop_over_groups(ns):
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 96))
    q, scales = ns["quantize_int4"](w)
    assert np.shape(scales) == (3, 3), f"scales shape {np.shape(scales)}, expected (3, 3) for groups of 32"
    for o in range(3):
        for g in range(3):
            block = w[o, 32 * g: 32 * (g + 1)]
            s = max(abs(v) for v in block) / 7
            assert_close(scales[o, g], s, case=f"row {o}, group {g}: scale = max|group| / 7; {GROUPS}")
            codes = [max(-8, min(7, int(np.round(v / s)))) for v in block]
            assert np.array_equal(q[o, 32 * g: 32 * (g + 1)], codes), f"row {o}, group {g}: codes differ"


def test_an_outlier_only_changes_its_own_group(ns):
    rng = np.random.default_rng(1)
    w = rng.normal(size=(2, 64))
    q0, s0 = ns["quantize_int4"](w)
    w2 = w.copy()
    w2[0, 5] = 100.0
    q1, s1 = ns["quantize_int4"](w2)
    assert_close(s1[0, 1], s0[0, 1], case=f"the outlier in group 0 must not change group 1's scale: {GROUPS}")
    assert np.array_equal(q1[0, 32:], q0[0, 32:]), f"codes of group 1 changed: {GROUPS}"
    assert np.array_equal(q1[1], q0[1]), "codes of another row changed"


def test_full_round_trip_error_is_at_most_half_a_step(ns):
    rng = np.random.default_rng(2)
    w = rng.normal(size=(4, 64)) * rng.uniform(0.1, 5, size=(4, 1))
    w[2, :32] = 0.0                                   # an all-zero group
    q, scales = ns["quantize_int4"](w)
    packed = ns["pack_int4"](q)
    assert np.shape(packed) == (4, 32), f"packed shape {np.shape(packed)}, expected (4, 32)"
    back = ns["dequantize_int4"](ns["unpack_int4"](packed), scales)
    assert np.all(np.isfinite(back)), "an all-zero group gave nan or inf"
    step = np.repeat(np.asarray(scales, dtype=float), 32, axis=1)
    err = np.abs(np.asarray(back) - w)
    assert np.all(err <= step / 2 * (1 + 1e-9)), \
        f"max error/step {np.max(err / step):.3g} exceeds 1/2 after quantize -> pack -> unpack -> dequantize; {SIGN}"
