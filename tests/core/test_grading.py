"""Key-point suggestions on typed answers: real key points from the shipped bank, answers a
candidate might type that cover them in other words, and near misses that must not be
ticked. ``suggest`` only proposes ticks; the person grading decides."""

import pytest

from studyapp import paths
from studyapp.core import grading
from studyapp.core.bank import load_bank

# (question id, key point index, answer): the answer covers the key point in other words.
COVERED = [
    ("gradient-descent", 4, ("SGD estimates the gradient from a random minibatch, so it's "
                            "noisy but unbiased.")),
    ("batch-vs-minibatch-vs-stochastic-gradient-descent", 1,
     ("With SGD you update after every single example, which is super cheap per step but "
     "really noisy.")),
    ("batch-vs-minibatch-vs-stochastic-gradient-descent", 0,
     ("Full-batch GD computes the exact gradient over the entire training set each step, so "
     "every step is expensive.")),
    ("learning-rate-role", 1, "If the LR is too high the loss oscillates and can diverge."),
    ("learning-rate-role", 2, ("Too low a learning rate makes progress very slow and training "
                              "can get stuck on a plateau.")),
    ("overfitting-and-how-to-avoid-it", 1,
     ("You see it when the validation loss goes up while the training loss keeps going down — "
     "the gap between them grows.")),
    ("overfitting-and-how-to-avoid-it", 2,
     "The best cures are collecting more data and augmenting the data you have."),
    ("dropout-train-vs-test", 0,
     ("In training, each neuron's output is set to zero at random with probability p, "
     "independently.")),
    ("dropout-train-vs-test", 1,
     ("With inverted dropout the kept activations are scaled up by 1/(1-p) so the expected "
     "value stays the same.")),
    ("relu-pros-and-cons", 2,
     ("The big downside is dead ReLUs: a unit that always gets negative inputs has zero "
     "gradient and never recovers.")),
    ("adam-optimizer", 0,
     ("Adam keeps an exponential moving average of the gradients (first moment, beta1 0.9) and "
     "of the squared gradients (second moment, beta2 0.999).")),
    ("adamw-decoupled-weight-decay", 0,
     ("AdamW decouples weight decay: it shrinks the weights directly, theta -= lr * wd * "
     "theta, separately from the adaptive gradient update.")),
    ("batch-normalization-train-vs-test", 2,
     ("At inference BN uses the running mean and variance collected during training, so one "
     "example's output doesn't depend on the batch; that's what model.eval() switches.")),
    ("vanishing-and-exploding-gradients", 4,
     ("Clipping the gradient norm fixes exploding gradients but doesn't help with vanishing "
     "ones.")),
    ("sigmoid-and-softmax", 2,
     ("Adding the same constant to every logit doesn't change softmax, so we subtract the "
     "maximum logit for numerical stability.")),
    ("attention", 0,
     ("Attention outputs a weighted average of the values, where the weights are a softmax "
     "over query-key similarity scores.")),
    ("bias-variance-tradeoff", 0,
     ("The expected squared error decomposes into bias squared plus variance plus the "
     "irreducible noise.")),
    ("overfitting-and-how-to-avoid-it", 3,
     "Then regularise: weight decay, dropout and early stopping."),
    ("vanishing-and-exploding-gradients", 3,
     "Use ReLU instead of sigmoid, He init, batch norm and skip connections."),
    ("cross-entropy-vs-binary-cross-entropy", 2,
     ("For multi-label classification you apply a sigmoid and binary cross-entropy to each "
     "label independently.")),
]

# (question id, key point index, answer): on the topic, sharing words, but not the point.
MISSED = [
    ("gradient-descent", 4, ("Gradient descent subtracts the gradient times the learning "
                            "rate from the weights.")),
    ("learning-rate-role", 1, "The learning rate is usually warmed up and then decayed."),
    ("overfitting-and-how-to-avoid-it", 2,
     "Overfitting means the training loss is low but the validation loss is high."),
    ("dropout-train-vs-test", 1,
     "At test time dropout is switched off and the whole network is used."),
    ("relu-pros-and-cons", 2, "ReLU is cheap to compute and gives sparse activations."),
    ("adam-optimizer", 0, "Adam uses a learning rate of 1e-3 by default."),
    ("batch-normalization-train-vs-test", 2,
     "Batch norm normalises each feature with the mini-batch mean and variance."),
    ("vanishing-and-exploding-gradients", 4,
     "Vanishing gradients are fixed with ReLU, good initialisation and residual connections."),
    ("attention", 0, "Attention was introduced for machine translation."),
    ("overfitting-and-how-to-avoid-it", 3, "Dropout is a kind of regularisation."),
    ("bias-variance-tradeoff", 0,
     "High variance means the model overfits; high bias means it underfits."),
]


@pytest.fixture(scope="module")
def bank():
    return load_bank([paths.bank_dir()])


def point(bank, qid, index):
    return bank.questions[qid].key_points[index]


def scores(bank):
    """(true positives, false positives, false negatives) over all cases."""
    hits = [grading.suggest(answer, [point(bank, q, i)])[0] for q, i, answer in COVERED]
    false_alarms = [grading.suggest(answer, [point(bank, q, i)])[0] for q, i, answer in MISSED]
    return sum(hits), sum(false_alarms), len(hits) - sum(hits)


@pytest.mark.parametrize(("qid", "index", "answer"), COVERED,
                         ids=[f"{q}-{i}" for q, i, _ in COVERED])
def test_an_answer_in_other_words_is_suggested(bank, qid, index, answer):
    assert grading.suggest(answer, [point(bank, qid, index)]) == [True]


@pytest.mark.parametrize(("qid", "index", "answer"), MISSED,
                         ids=[f"{q}-{i}" for q, i, _ in MISSED])
def test_a_near_miss_is_not_suggested(bank, qid, index, answer):
    assert grading.suggest(answer, [point(bank, qid, index)]) == [False]


def test_precision_and_recall_on_the_cases(bank):
    true, false, missed = scores(bank)
    precision, recall = true / max(1, true + false), true / (true + missed)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_abbreviations_and_their_words_match_both_ways():
    assert grading.suggest("we used SGD", ["stochastic gradient descent"]) == [True]
    assert grading.suggest("stochastic gradient descent with momentum",
                           ["SGD with momentum"]) == [True]
    assert grading.suggest("the LR was too large", ["learning rate too large"]) == [True]


def test_inflections_and_spelling_variants_match():
    assert grading.suggest("it normalizes the inputs", ["normalising inputs"]) == [True]
    assert grading.suggest("the losses diverged", ["loss diverges"]) == [True]


def test_nothing_typed_suggests_nothing():
    assert grading.suggest("", ["a point"]) == [False]
    assert grading.suggest("words", []) == []
