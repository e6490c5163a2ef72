"""Opaque list cursors.

Clients must treat a cursor as a token, not a number, so the paging key can
change later without breaking them. Today it wraps the seq of the last job
seen, which keeps pages stable while new jobs arrive (unlike offsets).
"""

from __future__ import annotations

import base64
import binascii
import re

_PREFIX = "v1:"
_DECODED = re.compile(r"v1:([0-9]{1,19})")
# seq is an SQLite INTEGER: a larger number could never come from this API,
# and SQLite cannot even bind it as a parameter.
MAX_SEQ = 2**63 - 1


class InvalidCursor(ValueError):
    pass


def encode_cursor(after_seq: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{after_seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor("cursor is not one this API returned") from None
    match = _DECODED.fullmatch(raw)
    if match is None:
        raise InvalidCursor("cursor is not one this API returned")
    seq = int(match.group(1))
    if seq > MAX_SEQ:
        raise InvalidCursor("cursor is not one this API returned")
    return seq
