"""Large banks for the scale benchmarks, made in a temporary folder.

Question files are copies of the shipped ones (so their size, Markdown, formulas, code
and drill files are real), each copy's ids and links given a suffix so that every copy
is a valid bank of its own. The user's notes come through the real CSV import.
"""

from __future__ import annotations

import csv
import random
import re
import shutil
from pathlib import Path

from studyapp import paths

LINK_RE = re.compile(r"\]\(q:([^)\s]+)\)")
ID_RE = re.compile(r'^id = "([^"]+)"', re.MULTILINE)


def question_bank(target: Path, files: int) -> Path:
    """A bank of ``files`` question files in ``target`` (created), copies of the shipped
    bank's files in order, copy k under topic folders named ``<topic>-c<k>``."""
    shipped = paths.bank_dir()
    originals = sorted(shipped.rglob("[0-9]*.md"))
    target.mkdir(parents=True)
    shutil.copy(shipped / "tags.toml", target / "tags.toml")
    for n in range(files):
        copy, source = divmod(n, len(originals))
        original = originals[source]
        parts = original.relative_to(shipped).parts
        folder = target / f"{parts[0]}-c{copy}" / Path(*parts[1:-1])
        if not folder.exists():
            folder.mkdir(parents=True)
            for level in range(len(parts) - 1):
                topic = shipped / Path(*parts[:level + 1]) / "_topic.toml"
                dest = target / f"{parts[0]}-c{copy}" / Path(*parts[1:level + 1])
                if topic.exists() and not (dest / "_topic.toml").exists():
                    shutil.copy(topic, dest / "_topic.toml")
        suffix = f"-c{copy}"
        text = original.read_text(encoding="utf-8")
        text = ID_RE.sub(rf'id = "\1{suffix}"', text, count=1)
        text = LINK_RE.sub(rf"](q:\1{suffix})", text)
        (folder / original.name).write_text(text, encoding="utf-8")
        drill = original.with_suffix(".py")
        if drill.exists():
            shutil.copy(drill, folder / drill.name)
    return target


WORDS = ("gradient", "attention", "softmax", "dropout", "variance", "bias", "layer", "norm",
         "batch", "residual", "encoder", "decoder", "token", "embedding", "optimizer",
         "momentum", "learning", "rate", "schedule", "loss", "entropy", "logits", "weights",
         "activation", "convolution", "kernel", "stride", "padding", "pooling", "recall",
         "precision", "calibration", "sampling", "temperature", "beam", "search")
FORMULAS = ("$\\frac{1}{1-p}$", "$\\sigma(x) = 1/(1+e^{-x})$", "$\\nabla_\\theta L$",
            "$\\sqrt{d_k}$", "$\\mathbb{E}[x^2] - \\mathbb{E}[x]^2$")


def user_notes(data_dir: Path, notes: int, seed: int = 0) -> int:
    """Import ``notes`` flashcard-style notes (a question, a two-to-five sentence answer,
    a formula in one of three) into the user's own bank, as the CSV import does."""
    from studyapp.core import user_questions

    rng = random.Random(seed)
    sheet = data_dir / "notes.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["front", "back", "tags"])
        for n in range(notes):
            front = f"Note {n}: how does {' '.join(rng.choices(WORDS, k=4))} work?"
            sentences = [" ".join(rng.choices(WORDS, k=rng.randint(8, 20))).capitalize() + "."
                         for _ in range(rng.randint(2, 5))]
            if n % 3 == 0:
                sentences.append(f"It scales as {rng.choice(FORMULAS)}.")
            writer.writerow([front, " ".join(sentences), rng.choice(["", "imported"])])
    written, errors = user_questions.import_csv(sheet, data_dir / "bank", set(), set())
    if errors:
        raise SystemExit(f"synthetic notes did not import: {errors[:3]}")
    return len(written)
