import random

import pytest

from studyapp.core import shape_drills as sd


def test_closed_forms_on_known_layers():
    assert sd.conv_out(224, 7, 2, 3) == 112            # ResNet stem
    assert sd.conv_out(112, 3, 2, 1) == 56             # its max-pool
    assert sd.conv_out(32, 3, 1, 2, 2) == 32           # dilated, "same"
    assert sd.conv_transpose_out(7, 4, 2, 1) == 14     # DCGAN upsampling
    assert sd.conv_params(3, 64, 7, bias=False) == 9408
    assert sd.linear_params(512, 1000) == 513000
    assert sd.lstm_params(10, 20) == 2560
    assert sd.mha_params(512) == 1050624
    assert sd.matmul_flops(2, 3, 4) == 48
    assert sd.receptive_field([3, 3, 3], [1, 1, 1]) == 7
    assert sd.receptive_field([3, 3], [2, 1]) == 7


def naive_conv_len(n, k, s, p, d):
    """Count window positions directly."""
    span = d * (k - 1) + 1
    return sum(1 for start in range(0, n + 2 * p - span + 1, s))


@pytest.mark.parametrize("seed", range(200))
def test_conv_formula_matches_counting_windows(seed):
    rng = random.Random(seed)
    n, k, s, p, d = rng.randint(5, 64), rng.randint(1, 5), rng.randint(1, 3), rng.randint(0, 2), rng.randint(1, 2)
    if d * (k - 1) + 1 > n + 2 * p:
        return
    assert sd.conv_out(n, k, s, p, d) == naive_conv_len(n, k, s, p, d)


@pytest.mark.parametrize("kind", list(sd.GENERATORS))
def test_every_generator_gives_a_positive_exact_answer(kind):
    rng = random.Random(7)
    for _ in range(30):
        ex = sd.generate(kind, rng)
        assert ex.kind == kind and ex.answer > 0 and ex.prompt.endswith("?")
        assert sd.check(ex, f"{ex.answer:,}") is True
        assert sd.check(ex, str(ex.answer + 1)) is False
        assert sd.check(ex, "about ten") is None


def test_shapes_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = random.Random(3)
    for _ in range(40):
        ex_n, k, s, p = rng.choice([16, 28, 32]), rng.choice([1, 3, 5]), rng.choice([1, 2]), rng.choice([0, 1, 2])
        conv = torch.nn.Conv2d(4, 6, k, s, p)
        out = conv(torch.zeros(1, 4, ex_n, ex_n))
        assert out.shape[-1] == sd.conv_out(ex_n, k, s, p)
        assert sum(t.numel() for t in conv.parameters()) == sd.conv_params(4, 6, k)
        up = torch.nn.ConvTranspose2d(4, 6, k, s, p)
        assert up(torch.zeros(1, 4, ex_n, ex_n)).shape[-1] == sd.conv_transpose_out(ex_n, k, s, p)
    lstm = torch.nn.LSTM(30, 40)
    assert sum(t.numel() for t in lstm.parameters()) == sd.lstm_params(30, 40)
    mha = torch.nn.MultiheadAttention(64, 8)
    assert sum(t.numel() for t in mha.parameters()) == sd.mha_params(64)
