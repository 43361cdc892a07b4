# --- starter ---
import numpy as np


def patchify(images, patch_size):
    """images: (B, C, H, W). Return (B, N, C * P * P), N = (H / P) * (W / P): patches in row-major
    order (left to right, then top to bottom), each flattened in (C, P, P) order.
    Raise ValueError if P does not divide H and W."""
    raise NotImplementedError


def unpatchify(patches, patch_size, channels, height, width):
    """Inverse of patchify: (B, N, C * P * P) -> (B, C, H, W)."""
    raise NotImplementedError


def patch_embed(images, weight, bias, patch_size):
    """weight: (D, C, P, P) as in a Conv2d with kernel = stride = P; bias: (D,). Return (B, N, D)."""
    raise NotImplementedError
# --- solution ---
import numpy as np


def patchify(images, patch_size):
    p = patch_size
    b, c, h, w = images.shape
    if h % p or w % p:
        raise ValueError(f"patch size {p} must divide the image size {h} x {w}")
    x = images.reshape(b, c, h // p, p, w // p, p)          # split each spatial axis into (grid, within-patch)
    x = x.transpose(0, 2, 4, 1, 3, 5)                        # (B, grid_h, grid_w, C, P, P)
    return x.reshape(b, (h // p) * (w // p), c * p * p)


def unpatchify(patches, patch_size, channels, height, width):
    p = patch_size
    b = patches.shape[0]
    x = patches.reshape(b, height // p, width // p, channels, p, p)
    x = x.transpose(0, 3, 1, 4, 2, 5)                        # (B, C, grid_h, P, grid_w, P)
    return x.reshape(b, channels, height, width)


def patch_embed(images, weight, bias, patch_size):
    d = weight.shape[0]
    return patchify(images, patch_size) @ weight.reshape(d, -1).T + bias
# --- tests ---
import numpy as np

ORDER = "each token is one P x P square: reshape to (B, C, H/P, P, W/P, P) and transpose before flattening"


def ref_conv(images, weight, bias, p):
    """Slow reference: a strided convolution with kernel = stride = P, one output at a time."""
    b, c, h, w = images.shape
    d = weight.shape[0]
    out = np.zeros((b, (h // p) * (w // p), d))
    for n in range(b):
        for gi in range(h // p):
            for gj in range(w // p):
                window = images[n, :, gi * p:(gi + 1) * p, gj * p:(gj + 1) * p]
                for o in range(d):
                    out[n, gi * (w // p) + gj, o] = float(np.sum(window * weight[o])) + bias[o]
    return out


def test_hand_worked_four_by_four_image(ns):
    img = np.arange(16.0).reshape(1, 1, 4, 4)
    expected = [[[0, 1, 4, 5], [2, 3, 6, 7], [8, 9, 12, 13], [10, 11, 14, 15]]]
    assert_close(ns["patchify"](img, 2), expected, case=f"4 x 4 image, P = 2: four 2 x 2 squares in row-major order; {ORDER}")


def test_channels_come_first_within_a_patch(ns):
    img = np.arange(8.0).reshape(1, 2, 2, 2)                 # channel 0 = [0..3], channel 1 = [4..7]
    assert_close(ns["patchify"](img, 2), [[[0, 1, 2, 3, 4, 5, 6, 7]]],
                 case="one 2 x 2 patch of 2 channels flattens in (C, P, P) order: channel 0's pixels, then channel 1's")
    img = np.arange(24.0).reshape(1, 2, 2, 6)
    got = np.asarray(ns["patchify"](img, 2))
    assert_close(got[0, 1], [2, 3, 8, 9, 14, 15, 20, 21], case=f"2 x 6 image, second patch (columns 2-3); {ORDER}")


def test_round_trips_through_unpatchify(ns):
    rng = np.random.default_rng(0)
    img = rng.normal(size=(2, 3, 6, 8))
    tokens = ns["patchify"](img, 2)
    assert np.shape(tokens) == (2, 12, 12), f"(2, 3, 6, 8) with P = 2 gives (2, 12, 12) tokens, got {np.shape(tokens)}"
    assert_close(ns["unpatchify"](tokens, 2, 3, 6, 8), img, case="unpatchify(patchify(x)) == x for a non-square image")
    p = rng.normal(size=(2, 6, 3 * 4 * 4))
    assert_close(ns["patchify"](ns["unpatchify"](p, 4, 3, 8, 12), 4), p, case="patchify(unpatchify(t)) == t")


def test_patch_embedding_equals_a_strided_convolution(ns):
    rng = np.random.default_rng(1)
    img = rng.normal(size=(2, 3, 8, 12))
    weight, bias = rng.normal(size=(5, 3, 4, 4)), rng.normal(size=5)
    assert_close(ns["patch_embed"](img, weight, bias, 4), ref_conv(img, weight, bias, 4),
                 case=f"patch_embed == Conv2d(kernel=stride=P) flattened to (B, N, D); {ORDER}")


def test_shifting_the_image_by_one_patch_shifts_the_tokens(ns):
    rng = np.random.default_rng(2)
    img = rng.normal(size=(1, 3, 8, 12))
    tokens = np.asarray(ns["patchify"](img, 4)).reshape(1, 2, 3, -1)            # (B, grid_h, grid_w, C*P*P)
    shifted = np.asarray(ns["patchify"](np.roll(img, 4, axis=-1), 4)).reshape(1, 2, 3, -1)
    assert_close(shifted, np.roll(tokens, 1, axis=2),
                 case=f"rolling the image right by P pixels rolls the token grid right by one column; {ORDER}")


def test_rejects_sizes_the_patch_does_not_divide(ns):
    for shape in [(1, 3, 10, 8), (1, 3, 8, 10)]:
        try:
            ns["patchify"](np.zeros(shape), 4)
        except ValueError:
            continue
        raise AssertionError(f"patchify of an image {shape[2:]} with P = 4 must raise ValueError")
