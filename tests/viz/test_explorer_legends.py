"""Legends sit where they cover no curve (issue 29 item 19: the diffusion legend)."""

from matplotlib.figure import Figure

from studyapp.viz.explorers.diffusion import Diffusion
from studyapp.viz.theme import DARK, apply_theme


def test_the_diffusion_legend_lies_outside_the_plots_and_follows_the_theme():
    fig = Figure(figsize=(7, 5), layout="constrained")
    explorer = Diffusion()
    explorer.build(fig, Diffusion.defaults())
    fig.canvas.draw()
    (legend,) = fig.legends
    box = legend.get_window_extent()
    assert [t.get_text() for t in legend.get_texts()] == ["linear", "cosine", "quadratic"]
    assert not any(box.overlaps(ax.get_window_extent()) for ax in fig.axes)
    apply_theme(fig, dark=True)
    assert legend.get_texts()[0].get_color() == DARK["fg"]
