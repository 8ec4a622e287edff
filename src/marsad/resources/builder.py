"""``marsad resources build``: regenerate ``resources/build/*`` from PyPI packages.

Each builder is deterministic (sorted output, gzip without timestamps) so that two builds
give byte-identical files. Builders need the ``[build]`` extra (wordfreq, pycountry, …).
"""

from __future__ import annotations

import gzip
import math
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from ..text.normalize import normalize_string
from . import ROOT

BUILD = ROOT / "build"
BUILDERS: dict[str, Callable[[Path], Path]] = {}


def builder(name: str) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    def register(fn: Callable[[Path], Path]) -> Callable[[Path], Path]:
        BUILDERS[name] = fn
        return fn

    return register


def write_tsv_gz(target: Path, rows: list[tuple[str, ...]], header: str) -> Path:
    data = (header + "\n" + "".join("\t".join(r) + "\n" for r in rows)).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
    ):
        gz.write(data)
    return target


@builder("vocab")
def build_vocab(out: Path = BUILD) -> Path:
    """Word frequencies from wordfreq's Arabic list (CC BY-SA 4.0), folded to the matching
    form, kept where Zipf >= 1.5."""
    import wordfreq

    agg: dict[str, float] = defaultdict(float)
    for word, freq in wordfreq.get_frequency_dict("ar", "large").items():
        agg[normalize_string(word)] += freq
    rows = []
    for word, freq in agg.items():
        zipf = math.log10(freq) + 9
        if zipf >= 1.5 and "\t" not in word and "\n" not in word:
            rows.append((word, str(round(zipf * 100))))
    rows.sort()
    return write_tsv_gz(out / "vocab_ar.tsv.gz", rows, "@word\tzipf_x100")


def build(names: list[str] | None = None, out: Path = BUILD) -> list[Path]:
    return [BUILDERS[n](out) for n in (names or sorted(BUILDERS))]


from . import kb_builders  # noqa: E402,F401  (registers the knowledge-base builders)
