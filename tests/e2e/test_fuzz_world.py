"""schemathesis over every OpenAPI document `jpki up` serves beyond the platform, the authority
and the IdP (fuzzed in process in tests/platform, tests/authority, tests/idp): the wallet, the
demo RP, Mynaportal, every service of the world and the SSO sites, over HTTP to the running
world, as a stranger on the network sends them (no session, no key).

These apps answer browsers: their routes return pages and redirects their documents do not
declare, so only `not_a_server_error` is checked (no 5xx for any input); the documents of the
JSON parties (platform, authority, IdP) are held to full response conformance in their own
tests. Bounded here; `-m fuzz` sends 10 times as many cases.
"""

from __future__ import annotations

import re

import pytest
from schemathesis.checks import not_a_server_error

from tests.e2e.processes import Service
from tests.openapi_fuzz import fuzz_served

FUZZED_ELSEWHERE = {"authority", "platform", "idp"}
EXAMPLES, LONG_EXAMPLES = 5, 50


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> dict[str, str]:
    """Each app `jpki up` serves over plain HTTP, by name (the TLS endpoint wants a card)."""
    service = Service("up", "--data", tmp_path_factory.mktemp("fuzz-world"), "--residents", "2")
    service.url_named("gov-shop")  # the last one printed
    listed = dict(
        re.findall(r"^\s+(\S+)\s+(http://127\.0\.0\.\d+:\d+)/", "".join(service.lines), re.M)
    )
    yield {name: url for name, url in listed.items() if name not in FUZZED_ELSEWHERE}
    assert service.stop() in (0, 130, -2)


def fuzz_world(served: dict[str, str], examples: int) -> None:
    assert {"wallet", "mynaportal", "bank", "payments", "gov-etax"} <= served.keys()
    operations = {
        name: fuzz_served(url, [not_a_server_error], at_least=3, examples=examples)
        for name, url in served.items()
    }
    print(f"{len(operations)} documents, {sum(operations.values())} operations, {examples} each")


def test_no_input_makes_any_app_of_the_world_answer_a_server_error(served):
    fuzz_world(served, EXAMPLES)


@pytest.mark.fuzz
def test_no_input_makes_any_app_of_the_world_answer_a_server_error_long(served):
    fuzz_world(served, LONG_EXAMPLES)
