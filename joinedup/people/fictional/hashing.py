"""Draws that are a pure function of a number and a salt, the same in Python as in PostgreSQL.

`u(x, salt)` and `r(x, salt, n)` are PostgreSQL's `hashint8extended(x, salt)` (Bob Jenkins'
lookup3, as `src/common/hashfn.c` has it), masked to 63 bits and scaled: the scale benchmark
draws a million people with them at once, as arrays, and its SQL draws their events with the
same functions (`bench.u`, `bench.r`), so one number means one draw wherever it is made.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Numbers = npt.NDArray[np.int64]

_MASK32 = 0xFFFFFFFF
_MASK63 = np.uint64(0x7FFFFFFFFFFFFFFF)
_INITIAL = (0x9E3779B9 + 4 + 3923095) & _MASK32  # lookup3's start for 4 bytes, as hashfn.c


def _rot(x: npt.NDArray[np.uint32], k: int) -> npt.NDArray[np.uint32]:
    return (x << np.uint32(k)) | (x >> np.uint32(32 - k))


def _rot32(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _MASK32


def _seeded(seed: int) -> tuple[int, int, int]:
    """lookup3's state after mixing in the 64-bit seed (hash_bytes_uint32_extended); one per
    salt, so it is worked out once, in plain integers."""
    a = b = c = _INITIAL
    if seed == 0:
        return a, b, c
    a = (a + (seed >> 32)) & _MASK32
    b = (b + (seed & _MASK32)) & _MASK32
    # lookup3's mix(a, b, c)
    a = (a - c) & _MASK32
    a ^= _rot32(c, 4)
    c = (c + b) & _MASK32
    b = (b - a) & _MASK32
    b ^= _rot32(a, 6)
    a = (a + c) & _MASK32
    c = (c - b) & _MASK32
    c ^= _rot32(b, 8)
    b = (b + a) & _MASK32
    a = (a - c) & _MASK32
    a ^= _rot32(c, 16)
    c = (c + b) & _MASK32
    b = (b - a) & _MASK32
    b ^= _rot32(a, 19)
    a = (a + c) & _MASK32
    c = (c - b) & _MASK32
    c ^= _rot32(b, 4)
    b = (b + a) & _MASK32
    return a, b, c


def hash_extended(x: Numbers, seed: int) -> npt.NDArray[np.uint64]:
    """PostgreSQL's `hashint8extended(x, seed)` of each number, as unsigned 64-bit integers."""
    x = np.asarray(x, dtype=np.int64)
    lo = (x & _MASK32).astype(np.uint32)
    hi = ((x >> 32) & _MASK32).astype(np.uint32)
    lo ^= np.where(x >= 0, hi, ~hi)
    a0, b0, c0 = _seeded(seed)
    a = lo + np.uint32(a0)
    b = np.full_like(lo, b0)
    c = np.full_like(lo, c0)
    # lookup3's final(a, b, c)
    c ^= b
    c -= _rot(b, 14)
    a ^= c
    a -= _rot(c, 11)
    b ^= a
    b -= _rot(a, 25)
    c ^= b
    c -= _rot(b, 16)
    a ^= c
    a -= _rot(c, 4)
    b ^= a
    b -= _rot(a, 14)
    c ^= b
    c -= _rot(b, 24)
    return (b.astype(np.uint64) << np.uint64(32)) | c.astype(np.uint64)


def u(x: Numbers, salt: int) -> npt.NDArray[np.float64]:
    """A number in [0, 1] for each x: `bench.u(x, salt)`."""
    return (hash_extended(x, salt) & _MASK63).astype(np.int64).astype(np.float64) / float(
        9223372036854775807
    )


def r(x: Numbers, salt: int, n: int) -> Numbers:
    """A whole number in [0, n) for each x: `bench.r(x, salt, n)`."""
    return ((hash_extended(x, salt) & _MASK63) % np.uint64(n)).astype(np.int64)
