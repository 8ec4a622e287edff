"""Near-duplicate detection: MinHash signatures of word 3-gram shingles, banded for LSH.

The bands are stored as rows (``lsh_buckets``) instead of an in-memory index, so candidate
look-up is one indexed query, survives restarts, and commits in the same transaction as
the document. Candidates are then confirmed by the estimated Jaccard similarity.
"""

from __future__ import annotations

import hashlib
import struct
from functools import lru_cache

import regex

from ..text import normalize_string

_WORD = regex.compile(r"[\p{L}\p{N}]+")


def words(text: str) -> list[str]:
    """Normalised words (letters and digits) of a text: the unit of search and shingling."""
    return _WORD.findall(normalize_string(text))


def shingles(text: str, size: int = 3) -> set[bytes]:
    ws = words(text)
    if len(ws) < size:
        return {w.encode() for w in ws}
    return {" ".join(ws[i : i + size]).encode() for i in range(len(ws) - size + 1)}


def available() -> bool:
    try:
        import datasketch  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=4)
def _template(num_perm: int):  # noqa: ANN202 - datasketch.MinHash
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1)


def signature(text: str, num_perm: int = 128) -> bytes | None:
    """MinHash signature as bytes (num_perm uint32 values), or None for an empty text."""
    sh = shingles(text)
    if not sh:
        return None
    m = _template(num_perm).copy()
    m.update_batch(sh)
    return m.hashvalues.astype("<u4").tobytes()


def buckets(sig: bytes, bands: int) -> list[int]:
    """One bucket id per band: a signed 63-bit hash of (band number, band values)."""
    values = sig
    n = len(values) // 4
    rows = max(1, n // bands)
    out = []
    for b in range(bands):
        chunk = values[b * rows * 4 : (b + 1) * rows * 4]
        if not chunk:
            break
        digest = hashlib.blake2b(struct.pack("<I", b) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "little") >> 1)  # fits a signed BIGINT
    return out


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal MinHash values)."""
    n = min(len(a), len(b)) // 4
    if n == 0:
        return 0.0
    va = struct.unpack(f"<{n}I", a[: n * 4])
    vb = struct.unpack(f"<{n}I", b[: n * 4])
    return sum(1 for x, y in zip(va, vb, strict=True) if x == y) / n
