"""Decoding strategies on a tiny bigram language model."""

from __future__ import annotations

import random
from itertools import pairwise

import numpy as np

from studyapp.viz.challenges import Challenge
from studyapp.viz.explorers.softmax import keep_mask
from studyapp.viz.numerics import softmax
from studyapp.viz.patches import Bars
from studyapp.viz.spec import Choice, Explorer, Float, Int, Preset
from studyapp.viz.theme import PALETTE

VOCAB = ("<s>", "the", "a", "cat", "dog", "sat", "ran", "on", "mat", "rug", "</s>")
# Bigram logits: row = previous token, column = next token.
_NEXT = {
    "<s>": {"the": 2.0, "a": 1.6},
    "the": {"cat": 1.5, "dog": 1.4, "mat": 0.4, "rug": 0.2},
    "a": {"cat": 1.0, "dog": 1.3, "mat": 0.8, "rug": 0.6},
    "cat": {"sat": 1.8, "ran": 0.8, "</s>": 0.3},
    "dog": {"ran": 1.6, "sat": 1.2, "</s>": 0.3},
    "sat": {"on": 2.2, "</s>": 0.8},
    "ran": {"on": 1.0, "</s>": 1.4},
    "on": {"the": 1.7, "a": 1.2},
    "mat": {"</s>": 2.5, "on": 0.1},
    "rug": {"</s>": 2.5, "on": 0.1},
}
LOGITS = np.full((len(VOCAB), len(VOCAB)), -8.0)
for _prev, _row in _NEXT.items():
    for _tok, _z in _row.items():
        LOGITS[VOCAB.index(_prev), VOCAB.index(_tok)] = _z
END = VOCAB.index("</s>")


def next_distribution(prev: int, temperature: float = 1.0, top_k: int = 0,
                      top_p: float = 1.0) -> np.ndarray:
    p = softmax(LOGITS[prev], temperature)
    q = np.where(keep_mask(p, top_k, top_p), p, 0.0)
    return q / q.sum()


def log_prob(tokens: list[int]) -> float:
    """Log-probability of a continuation under the unmodified model (T = 1)."""
    return float(sum(np.log(softmax(LOGITS[a])[b]) for a, b in pairwise(tokens)))


def greedy(length: int) -> list[int]:
    seq = [0]
    while len(seq) <= length and seq[-1] != END:
        seq.append(int(np.argmax(LOGITS[seq[-1]])))
    return seq


def beam_search(width: int, length: int) -> list[int]:
    beams = [([0], 0.0)]
    for _ in range(length):
        candidates = []
        for seq, score in beams:
            if seq[-1] == END:
                candidates.append((seq, score))
                continue
            logp = np.log(softmax(LOGITS[seq[-1]]))
            candidates += [([*seq, t], score + logp[t]) for t in range(len(VOCAB))]
        beams = sorted(candidates, key=lambda b: -b[1])[:width]
    return beams[0][0]


def sample(length: int, temperature: float, top_k: int, top_p: float,
           rng: np.random.Generator) -> list[int]:
    seq = [0]
    while len(seq) <= length and seq[-1] != END:
        p = next_distribution(seq[-1], temperature, top_k, top_p)
        seq.append(int(rng.choice(len(VOCAB), p=p)))
    return seq


def words(tokens: list[int]) -> str:
    return " ".join(VOCAB[t] for t in tokens[1:])


# --- challenges -----------------------------------------------------------------------------------
def _decoding_cold(rng: random.Random) -> Challenge:
    options = ("greedy decoding", "beam search", "uniform sampling", "top-k with k = 2")
    return Challenge("decoding-cold-sampling", "decoding",
                     "As the sampling temperature T goes to 0, sampling becomes the same as…",
                     options[0], "All mass goes to the most probable next token at every step.",
                     {"strategy": "sample", "T": 0.05}, options=options)


def _decoding_beam(rng: random.Random) -> Challenge:
    length = rng.randint(5, 9)
    better = log_prob(beam_search(3, length)) > \
        log_prob(greedy(length)) + 1e-9
    options = ("yes", "no")
    return Challenge("decoding-beam-vs-greedy", "decoding",
                     f"In this bigram model with maximum length {length}, does beam search of "
                     "width 3 find a more probable continuation than greedy decoding?",
                     options[0] if better else options[1],
                     "Greedy commits to the best next word; beam search keeps several prefixes "
                     "and can find a sequence whose first word was not the best.",
                     {"strategy": "beam", "width": 3, "length": length}, options=options)


class Decoding(Explorer):
    id = "decoding"
    title = "Decoding strategies"
    tags = ("decoding", "language-models", "softmax", "inference")
    params = (
        Choice("strategy", "Strategy", ("greedy", "beam", "sample"), "sample"),
        Int("width", "Beam width", 1, 6, 3),
        Float("T", "Temperature T", 0.05, 5.0, 1.0, log=True),
        Int("top_k", "Top-k (0 = off)", 0, 10, 0),
        Float("top_p", "Top-p (1 = off)", 0.05, 1.0, 1.0, step=0.01),
        Int("length", "Maximum length", 2, 12, 8),
        Int("seed", "Sampling seed", 0, 999, 0),
        Choice("after", "Distribution after", VOCAB[:-1], "the"),
    )
    presets = (
        Preset("Greedy", {"strategy": "greedy"}),
        Preset("Beam search, width 3", {"strategy": "beam", "width": 3}),
        Preset("Cold sampling T = 0.3", {"strategy": "sample", "T": 0.3}),
        Preset("Nucleus p = 0.8", {"strategy": "sample", "top_p": 0.8}),
        Preset("Hot sampling T = 3", {"strategy": "sample", "T": 3.0}),
    )
    formula = (r"p_T(w \mid w_{t-1}) \propto e^{z_w / T},\qquad"
               r"\text{top-}p: \text{smallest set with} \sum p \ge p_{\mathrm{top}}")
    notice = ("Greedy takes the single best next word and can miss a better sentence; beam "
              "search keeps several prefixes and finds higher-probability sequences. Sampling "
              "is varied: low T approaches greedy, high T brings in unlikely words; top-k and "
              "top-p cut the tail before sampling.")

    challenges = (_decoding_cold, _decoding_beam)

    def build(self, fig, params: dict) -> None:
        self.ax = fig.add_subplot(1, 1, 1)
        self.bars = Bars(self.ax, range(len(VOCAB)), color=PALETTE[0])
        self.ax.set_xticks(range(len(VOCAB)), VOCAB, rotation=30)
        self.ax.set_xlim(-0.6, len(VOCAB) - 0.4)
        self.ax.set_ylim(0, 1.02)
        self.ax.set_ylabel("probability")
        self.ax.grid(True, axis="y", alpha=0.4)
        self.update(params)

    def continuation(self, params: dict) -> list[int]:
        if params["strategy"] == "greedy":
            return greedy(params["length"])
        if params["strategy"] == "beam":
            return beam_search(params["width"], params["length"])
        rng = np.random.default_rng(params["seed"])
        return sample(params["length"], params["T"], params["top_k"], params["top_p"], rng)

    def update(self, params: dict) -> list | None:
        prev = VOCAB.index(params["after"])
        self.bars.set_heights(next_distribution(prev, params["T"], params["top_k"],
                                                params["top_p"]))
        title = f"Next-token distribution after “{params['after']}”"
        if title != self.ax.get_title():
            self.ax.set_title(title)
            return None
        # The continuation is in the read-outs: text is the slowest thing a frame can draw.
        return [self.bars.artist]

    def readouts(self, params: dict) -> list[tuple[str, str]]:
        seq = self.continuation(params)
        prev = VOCAB.index(params["after"])
        raw = softmax(LOGITS[prev], params["T"])
        kept = keep_mask(raw, params["top_k"], params["top_p"])
        return [
            ("Continuation", words(seq)),
            ("Its log-probability (T = 1)", f"{log_prob(seq):.3f}"),
            ("Greedy / beam-3 log-probability",
             f"{log_prob(greedy(params['length'])):.3f} / "
             + f"{log_prob(beam_search(3, params['length'])):.3f}"),
            ("Mass kept by top-k/top-p", f"{raw[kept].sum():.3f} over {int(kept.sum())} tokens"),
        ]
