"""`jpki.strict_json.loads`: JSON as RFC 8259 has it, and nothing `json.loads` lets by
besides (issue 19, defect 4)."""

from __future__ import annotations

import pytest

from jpki import strict_json
from jpki.strict_json import MAX_DEPTH, MalformedJson


@pytest.mark.parametrize(
    "text",
    [
        "NaN",
        '{"x": Infinity}',
        "[-Infinity]",
        '"\\ud800"',
        '{"\\udfff": 1}',
        '["\\ud83d"]',
        "[" * 100_000,
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        b'"\xed\xa0\x80"',  # a surrogate encoded as UTF-8 bytes: not UTF-8
        b"\xff",
        "{",
        "1e400",
    ],
)
def test_what_is_not_strict_json_is_refused(text):
    with pytest.raises(MalformedJson):
        strict_json.loads(text)


def _nested(depth):
    value = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[" * MAX_DEPTH + "]" * MAX_DEPTH, _nested(MAX_DEPTH)),
        ('"\\ud83d\\ude00"', "\U0001f600"),
        ('"\\\\ud800"', "\\ud800"),
        ('{"a": "[[[[' + "[" * 100 + '"}', {"a": "[[[[" + "[" * 100}),
        ('{"a": "\\"[["}', {"a": '"[['}),
        ("-0.5e3", -500.0),
    ],
)
def test_strict_json_is_parsed_as_json(text, value):
    assert strict_json.loads(text) == value
