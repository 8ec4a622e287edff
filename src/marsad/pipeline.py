"""The pipeline: named ``Document -> Document`` components in an explicit, checked order.

``marsad.load(**settings)`` builds one; ``pipeline(text, **meta)`` extracts one article;
``pipeline.pipe(items, n_process=…)`` streams many. A document never makes the pipeline
raise: what went wrong is recorded on it with a code (``doc.error`` when nothing could be
extracted, ``doc.warnings`` when a layer is missing or partial).
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import multiprocessing
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from .component import ComponentSpec, Process
from .document import Document, Meta, Problem
from .errors import MarsadError
from .settings import Settings

__version__ = "0.1.0"

# name -> "module:attribute" of its ComponentSpec; imported only when used.
REGISTRY: dict[str, str] = {
    "sentences": "marsad.text.component:SENTENCES",
    "tokens": "marsad.text.component:TOKENS",
    "times": "marsad.timex.component:TIMES",
    "quantities": "marsad.quantities.component:QUANTITIES",
    "ner": "marsad.entities.ner_component:NER",
    "entities": "marsad.entities.component:ENTITIES",
    "quotes": "marsad.quotes.component:QUOTES",
    "events": "marsad.events.component:EVENTS",
}

# Runs of what is not a letter / not Arabic: deleting them counts letters fast (no lists).
_NOT_LETTER = regex.compile(r"\P{L}+")
_NOT_ARABIC = regex.compile(r"\P{Arabic}+")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Persian and Urdu share the Arabic script: letters Arabic does not use make us look, and
# function words decide (Arabic news may spell a foreign name with پ or گ).
_PERSO_URDU_LETTER = re.compile("[پچژگکیۀٹڈڑںےہ]")
_FUNCTION_WORDS = {
    **dict.fromkeys(
        ["است", "را", "که", "می", "این", "آن", "برای", "شد", "کرد", "بود", "های", "خود"], "fa"
    ),
    **dict.fromkeys(
        ["کے", "کی", "ہے", "میں", "اور", "سے", "نے", "کو", "یہ", "ہیں", "کہ", "تھا"], "ur"
    ),
    **dict.fromkeys(
        ["في", "من", "على", "إلى", "التي", "الذي", "أن", "عن", "مع", "هذا", "هذه", "كان", "قد"],
        "ar",
    ),
}
_LANGUAGE_NAMES = {"fa": "Persian", "ur": "Urdu"}


def script_language(text: str) -> str:
    """'ar', or 'fa'/'ur' when Persian or Urdu function words outnumber Arabic ones."""
    if _PERSO_URDU_LETTER.search(text) is None:
        return "ar"
    counts = {"ar": 0, "fa": 0, "ur": 0}
    for word in text.split():
        lang = _FUNCTION_WORDS.get(word)
        if lang is not None:
            counts[lang] += 1
    best = max(("fa", "ur"), key=counts.__getitem__)
    return best if counts[best] >= 3 and counts[best] > counts["ar"] else "ar"


def spec(name: str) -> ComponentSpec:
    if name not in REGISTRY:
        raise MarsadError("E202", f"'{name}'; known: {', '.join(REGISTRY)}")
    module, attr = REGISTRY[name].split(":")
    return getattr(importlib.import_module(module), attr)


@dataclass
class Step:
    spec: ComponentSpec
    process: Process


class Pipeline:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        names = [n for n in self.settings.pipeline if n not in self.settings.disable]
        for n in self.settings.disable:
            if n not in REGISTRY:
                raise MarsadError("E202", f"cannot disable '{n}'; known: {', '.join(REGISTRY)}")
        provided: set[str] = set()
        self.steps: list[Step] = []
        for name in names:
            s = spec(name)
            missing = [layer for layer in s.requires if layer not in provided]
            if missing:
                raise MarsadError(
                    "E201",
                    f"'{name}' requires {', '.join(missing)}; put a component that provides it "
                    f"earlier, or disable '{name}' too",
                )
            provided.update(s.provides)
            self.steps.append(Step(s, s.make(self.settings)))

    @property
    def component_names(self) -> list[str]:
        return [step.spec.name for step in self.steps]

    def make_doc(
        self,
        text: str,
        *,
        id: str | None = None,
        title: str | None = None,
        source: str | None = None,
        url: str | None = None,
        published: str | None = None,
    ) -> Document:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        doc = Document(text=text, id=id or "", meta=Meta(title, source, url, None, "ar"))
        if published is not None:
            value = str(published).strip()
            if valid_published(value):
                doc.meta.published = value
            else:
                doc.warn("E108", f"'published' ignored: {value!r} is not an ISO 8601 date")
        return doc

    def __call__(self, text: str, **meta: Any) -> Document:
        return self.process(self.make_doc(text, **meta))

    def process(self, doc: Document) -> Document:
        s = self.settings
        if not doc.text.strip():
            doc.error = Problem("E102", "the document is empty")
            return doc
        if len(doc.text) > s.max_chars:
            doc.error = Problem("E103", f"{len(doc.text):,} characters > max_chars {s.max_chars:,}")
            return doc
        bad = _SURROGATE.search(doc.text)
        if bad is not None:  # not Unicode: no tokenizer, model or JSON writer can take it
            doc.error = Problem(
                "E101", f"a lone surrogate U+{ord(bad.group()):04X} at character {bad.start()}"
            )
            return doc
        sample = _NOT_LETTER.sub("", doc.text[:20000])
        letters, arabic = len(sample), len(_NOT_ARABIC.sub("", sample))
        if letters == 0 or arabic / letters < s.min_arabic_ratio:
            if s.require_arabic:
                doc.error = Problem("E107", f"{arabic} Arabic letters of {letters}")
                doc.meta.language = None
                return doc
            doc.warn("W104", f"{arabic} Arabic letters of {letters}")
            doc.meta.language = None if arabic == 0 else "ar"
        elif (other := script_language(doc.text[:20000])) != "ar":
            doc.meta.language = other
            what = f"the text looks {_LANGUAGE_NAMES[other]}, not Arabic"
            if s.require_arabic:
                doc.error = Problem("E107", what)
                return doc
            doc.warn("W104", what)
        started = time.perf_counter()
        deadline = _Deadline(s.time_budget_seconds)
        current: int | None = None
        try:
            try:
                for i, step in enumerate(self.steps):
                    current = i
                    try:
                        doc = step.process(doc)
                    except Exception as exc:  # one component's bug must not lose the document
                        doc.warn("W101", f"{type(exc).__name__}: {exc}", step.spec.name)
                    doc.done.update(step.spec.provides)
                    if time.perf_counter() - started > s.time_budget_seconds and i + 1 < len(
                        self.steps
                    ):
                        skipped = ", ".join(st.spec.name for st in self.steps[i + 1 :])
                        doc.warn("W102", f"skipped: {skipped}")
                        break
                current = None
            finally:
                deadline.live = False
        except BudgetExceeded:
            if current is not None:
                name = self.steps[current].spec.name
                skipped = ", ".join(st.spec.name for st in self.steps[current + 1 :]) or "none"
                doc.warn(
                    "W102",
                    f"interrupted in '{name}' (its layer may be partial); skipped: {skipped}",
                    name,
                )
        finally:
            deadline.cancel()
        return doc

    # many documents ------------------------------------------------------------------------
    def pipe(
        self,
        items: Iterable[str | dict[str, Any] | Document],
        *,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> Iterator[Document]:
        """Extract many documents, in order. Items are texts, dicts with a ``text`` key and
        optional ``id``/``title``/``source``/``url``/``published``, or Documents. A bad item
        yields a Document with ``error`` set; the stream goes on. With ``n_process > 1``
        the internal layers (``tokens``, ``norm``) stay in the workers: sending them back
        would cost more than extracting."""
        if n_process <= 1:
            for item in items:
                yield self._process_item(item)
            return
        ctx = multiprocessing.get_context("fork")
        global _WORKER
        _WORKER = self  # inherited by forked workers: resources are loaded once, shared
        gc.freeze()  # keep the loaded resources' pages shared (no copy-on-write by the GC)
        with ctx.Pool(n_process) as pool:
            yield from pool.imap(_work, items, chunksize=max(1, batch_size))

    def _process_item(self, item: str | dict[str, Any] | Document) -> Document:
        if isinstance(item, Document):
            return self.process(item)
        if isinstance(item, str):
            return self(item)
        if isinstance(item, dict):
            text = item.get("text")
            if not isinstance(text, str):
                doc = Document(text="" if text is None else str(text), id=str(item.get("id") or ""))
                doc.error = Problem("E105", "no 'text' string in the record")
                return doc
            meta = {k: item.get(k) for k in ("id", "title", "source", "url", "published")}
            meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
            return self(text, **meta)
        raise TypeError(f"cannot extract from {type(item).__name__}")


class BudgetExceeded(BaseException):
    """Raised inside a component that overran the document's time budget (a BaseException,
    so that a component's own ``except Exception`` cannot swallow it)."""


class _Deadline:
    """Interrupts the running component when the document's time budget is spent (SIGALRM,
    so only in the main thread on Unix; elsewhere the budget is checked between components).
    A regex that backtracks for minutes or a runaway loop then costs one document one
    budget, never the batch."""

    def __init__(self, seconds: float) -> None:
        self.live = self.armed = False
        self.previous: Any = None
        if (
            not hasattr(signal, "setitimer")
            or not 0 < seconds < 1e6
            or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0] > 0  # someone else's alarm: leave it
        ):
            return
        self.previous = signal.signal(signal.SIGALRM, self._ring)
        self.live = self.armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def _ring(self, signum: int, frame: Any) -> None:
        if self.live:
            self.live = False
            raise BudgetExceeded

    def cancel(self) -> None:
        self.live = False
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(
                signal.SIGALRM, self.previous if self.previous is not None else signal.SIG_DFL
            )


_WORKER: Pipeline | None = None


def _work(item: str | dict[str, Any] | Document) -> Document:
    assert _WORKER is not None
    doc = _WORKER._process_item(item)
    doc.tokens, doc.norm = [], None
    return doc


def valid_published(value: str) -> bool:
    try:
        if len(value) == 10:
            dt.date.fromisoformat(value)
        else:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


def load(settings: Settings | None = None, **overrides: Any) -> Pipeline:
    """Build a pipeline. Keyword arguments override fields of :class:`Settings`
    (e.g. ``disable=["quotes"]``, ``max_chars=100_000``)."""
    base = settings or Settings()
    return Pipeline(base.with_overrides(**overrides) if overrides else base)


_DEFAULT: Pipeline | None = None


def extract(
    text: str,
    published: str | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    id: str | None = None,
) -> Document:
    """Extract one article with the default pipeline (built once, then reused)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load()
    return _DEFAULT(text, published=published, title=title, source=source, url=url, id=id)
