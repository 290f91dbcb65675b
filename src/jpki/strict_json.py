"""The one JSON parser for what strangers send (厳格な JSON 解析): RFC 8259 JSON and nothing the
standard library would also let through.

`json.loads` accepts `NaN` and `Infinity` (not JSON) and turns `1e400` into infinity, returns lone surrogates such as `"\\ud800"`
(strings no UTF-8 database or response can hold: UnicodeEncodeError at storage), and recurses once
per `[`, so 100,000 of them are a RecursionError. Each of those was a 500 on some party's API; here
each is a `MalformedJson`, which every party answers with a 4xx.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted; no message of any party nests past ten."""

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
"""A JSON string, escapes included (unrolled so a long base64 value is one fast scan)."""
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""An escaped UTF-16 surrogate: the only way a lone one gets into strictly UTF-8 text."""
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class MalformedJson(ValueError):
    """The body is not strict JSON; the message says why, for the refusal."""


def _refuse_constant(name: str) -> Any:
    raise MalformedJson(f"{name} is not a JSON number / {name} は JSON の数値ではありません")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise MalformedJson(f"{text[:20]} is too large a number / 数値が大きすぎます")
    return number


def _depth(data: bytes) -> int:
    """How deep arrays and objects nest, counted without recursion: strings (whose brackets
    do not count) are blanked out, then the brackets left are summed as +1 / -1."""
    brackets = _STRING.sub(b'""', data).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(data: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """`data` parsed as strict JSON: UTF-8, finite numbers, no lone surrogate, at most
    `max_depth` levels deep; `MalformedJson` otherwise."""
    try:
        raw = data.encode() if isinstance(data, str) else data
        text = raw.decode("utf-8")
    except UnicodeError:
        raise MalformedJson("the body is not UTF-8 / 本文が UTF-8 ではありません") from None
    if _depth(raw) > max_depth:
        raise MalformedJson(
            f"JSON nested deeper than {max_depth} levels / JSON の入れ子が深すぎます"
        )
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except MalformedJson:
        raise
    except ValueError as error:
        raise MalformedJson(f"the body is not JSON / 本文が JSON ではありません: {error}") from None
    if _SURROGATE_ESCAPE.search(raw):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise MalformedJson(
                "a JSON string holds a lone surrogate / JSON の文字列に不正なサロゲートがあります"
            ) from None
    return value


__all__ = ["MAX_DEPTH", "MalformedJson", "loads"]
