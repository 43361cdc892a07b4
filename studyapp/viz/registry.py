"""Every explorer by id, in the order the Explore list shows them, and their challenges."""

from __future__ import annotations

import random

from studyapp.viz.challenges import Challenge
from studyapp.viz.explorers.activations import Activations
from studyapp.viz.explorers.attention import Attention
from studyapp.viz.explorers.bias_variance import BiasVariance
from studyapp.viz.explorers.clt import CentralLimit
from studyapp.viz.explorers.conv_arithmetic import ConvArithmetic
from studyapp.viz.explorers.decoding import Decoding
from studyapp.viz.explorers.diffusion import Diffusion
from studyapp.viz.explorers.dropout import Dropout
from studyapp.viz.explorers.flash_tiling import FlashTiling
from studyapp.viz.explorers.gaussians import Gaussians
from studyapp.viz.explorers.gumbel import Gumbel
from studyapp.viz.explorers.init_depth import InitDepth
from studyapp.viz.explorers.lora import Lora
from studyapp.viz.explorers.loss_functions import LossFunctions
from studyapp.viz.explorers.lr_schedules import LrSchedules
from studyapp.viz.explorers.model_memory import ModelMemory
from studyapp.viz.explorers.moe_routing import MoeRouting
from studyapp.viz.explorers.normalization_axes import NormalizationAxes
from studyapp.viz.explorers.optimizers import Optimizers
from studyapp.viz.explorers.pca_power import PcaPower
from studyapp.viz.explorers.positional import Positional
from studyapp.viz.explorers.quantization import Quantization
from studyapp.viz.explorers.receptive_field import ReceptiveField
from studyapp.viz.explorers.regularization_paths import RegularizationPaths
from studyapp.viz.explorers.rnn_gradients import RnnGradients
from studyapp.viz.explorers.sampling import Sampling
from studyapp.viz.explorers.scaling_laws import ScalingLaws
from studyapp.viz.explorers.softmax import Softmax
from studyapp.viz.explorers.speculative import Speculative
from studyapp.viz.explorers.step_size import StepSize
from studyapp.viz.explorers.thresholds import Thresholds
from studyapp.viz.explorers.trainer import TrainerExplorer
from studyapp.viz.spec import Explorer

EXPLORERS: dict[str, type[Explorer]] = {cls.id: cls for cls in (
    Activations, LossFunctions, Softmax, Optimizers, StepSize, LrSchedules, Dropout,
    RegularizationPaths, BiasVariance, InitDepth, NormalizationAxes, ConvArithmetic,
    RnnGradients, Attention, Positional, Decoding, Diffusion, Gaussians, Sampling, CentralLimit,
    Gumbel, PcaPower, TrainerExplorer,
    MoeRouting, Speculative, ReceptiveField,
    ModelMemory, ScalingLaws, FlashTiling,
    Thresholds, Quantization, Lora,
)}


def ids() -> list[str]:
    return list(EXPLORERS)


def get(explorer_id: str) -> type[Explorer]:
    try:
        return EXPLORERS[explorer_id]
    except KeyError:
        raise ValueError(f"unknown explorer {explorer_id!r}") from None


def param_names(explorer_id: str) -> list[str]:
    return [p.name for p in get(explorer_id).params]


def draw_challenge(explorer_id: str, rng: random.Random) -> Challenge | None:
    """A fresh challenge from the templates the explorer declares, or None if it declares
    none (or is unknown)."""
    cls = EXPLORERS.get(explorer_id)
    return rng.choice(cls.challenges)(rng) if cls is not None and cls.challenges else None


def link_title(link: str) -> str:
    """The title of the explorer a question's link (``id?param=value``) opens."""
    return get(link.split("?")[0]).title
