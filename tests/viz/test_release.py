"""An explorer closed in the Explore view lets go of the data its module cached."""

from studyapp.viz import registry
from studyapp.viz.explorers import clt


def test_releasing_an_explorer_clears_its_module_caches():
    clt._running_sums.cache_clear()         # whatever earlier tests left in it
    clt.standardised_sums("dice", 2, 0)
    assert clt._running_sums.cache_info().currsize == 1
    registry.get("clt").release()
    assert clt._running_sums.cache_info().currsize == 0
    assert clt.standardised_sums("dice", 2, 0).shape == (clt.DRAWS,)   # computed again
