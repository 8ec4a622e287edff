"""The per-document time budget interrupts a runaway component (never a hang): the document
keeps what was done, says what was cut (W102), and the next document is processed."""

from __future__ import annotations

import sys
import types

import marsad
from marsad import pipeline as pipeline_module
from marsad.component import ComponentSpec


def _runaway(settings):
    def process(doc):
        if "حلب" in doc.text:
            while True:  # a component stuck on one document
                pass
        return doc

    return process


def test_runaway_component_is_interrupted(monkeypatch):
    module = types.ModuleType("marsad_test_runaway")
    module.SPEC = ComponentSpec("runaway", ("tokens",), ("runaway",), _runaway)
    monkeypatch.setitem(sys.modules, "marsad_test_runaway", module)
    monkeypatch.setitem(pipeline_module.REGISTRY, "runaway", "marsad_test_runaway:SPEC")
    nlp = marsad.load(pipeline=("sentences", "tokens", "runaway", "times"), time_budget_seconds=0.5)

    docs = list(nlp.pipe(["قصف على حلب أمس.", "قال الوزير إن المحادثات ستستأنف."]))

    stuck, fine = docs
    assert stuck.error is None and stuck.sentences and stuck.tokens
    [warning] = [w for w in stuck.warnings if w.code == "W102"]
    assert warning.component == "runaway" and "times" in warning.message
    assert "times" not in stuck.done
    assert fine.warnings == [] and "times" in fine.done
