"""MinHash signatures over word shingles and LSH bands for near-duplicate candidates."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

from datasketch import MinHash

from broadsheet.dedupe._text import normalise_text

PERMUTATIONS = 128
BANDS = 32  # 32 bands x 4 rows: pairs with Jaccard >= 0.5 become candidates with P > 0.86
ROWS = PERMUTATIONS // BANDS
SHINGLE = 3
NEAR_DUPLICATE = 0.5  # estimated Jaccard of word 3-shingles; chosen in benchmarks/dedupe_eval.py


def _hash32(gram: bytes) -> int:
    return int(struct.unpack("<I", hashlib.blake2b(gram, digest_size=4).digest())[0])


# datasketch permutations for seed 1 with the classic Mersenne-prime hashing ("legacy": the
# 32-bit affine scheme measured worse recall in benchmarks/dedupe_eval.py), generated once.
_PERMUTATIONS = MinHash(num_perm=PERMUTATIONS, seed=1, scheme="legacy").permutations


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Return the set of word ``size``-grams of the normalised text (one gram for short texts)."""
    words = normalise_text(text).split()
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> tuple[int, ...]:
    """Return the 128-value MinHash signature of the text's shingles (empty text: empty tuple)."""
    grams = shingles(text)
    if not grams:
        return ()
    minhash = MinHash(
        num_perm=PERMUTATIONS, hashfunc=_hash32, permutations=_PERMUTATIONS, scheme="legacy"
    )
    minhash.update_batch(list(grams))
    return tuple(int(v) for v in minhash.hashvalues)


def bands(sig: Sequence[int]) -> tuple[int, ...]:
    """Return one signed 63-bit key per LSH band (stored and looked up to find candidates)."""
    keys = []
    for b in range(BANDS if sig else 0):
        chunk = struct.pack(f"<{ROWS}I", *sig[b * ROWS : (b + 1) * ROWS])
        digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0] >> 1)
    return tuple(keys)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Return the Jaccard estimate of two signatures (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def pack(sig: Sequence[int]) -> bytes:
    """Return the signature as compact bytes for storage."""
    return struct.pack(f"<{len(sig)}I", *sig)


def unpack(blob: bytes) -> tuple[int, ...]:
    """Return the signature stored by ``pack``."""
    return struct.unpack(f"<{len(blob) // 4}I", blob)
