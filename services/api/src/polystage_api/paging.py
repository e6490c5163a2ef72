"""List cursors: `v1.<seq>`, the seq of the last job of the previous page.

Clients treat a cursor as a token they pass back, not a number they compute;
the `v1.` prefix lets the paging key change later. The format is exact enough
for the OpenAPI document to state it (CURSOR_PATTERN), so every string that
matches is a valid cursor: at most 18 digits stay inside SQLite's INTEGER
range, and a cursor past the last job simply gives an empty page. Keyset
paging on seq keeps pages stable while new jobs arrive (unlike offsets).
"""

from __future__ import annotations

import re

CURSOR_PATTERN = r"^v1\.[0-9]{1,18}$"
_CURSOR = re.compile(CURSOR_PATTERN)


def encode_cursor(after_seq: int) -> str:
    return f"v1.{after_seq}"


def decode_cursor(cursor: str) -> int:
    """The seq a cursor names. Only for strings that match CURSOR_PATTERN (the route declares it)."""
    if _CURSOR.fullmatch(cursor) is None:
        raise ValueError(f"not a cursor: {cursor!r}")
    return int(cursor.removeprefix("v1."))
