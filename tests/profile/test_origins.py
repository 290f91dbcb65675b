"""Origins a challenge is bound to: https, or http on loopback, which is all of 127.0.0.0/8
(each service of `jpki up` has its own address there) and ::1, never another host."""

from __future__ import annotations

import pytest

from jpki.profile.challenge import is_loopback, normalise_origin
from jpki.profile.errors import ProfileError


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.7", "127.1.2.3", "::1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "128.0.0.1", "localhost.evil.example", "", "0.0.0.0"])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_http_is_accepted_on_any_loopback_address_only() -> None:
    assert normalise_origin("http://127.0.0.7:8000/") == "http://127.0.0.7:8000"
    assert normalise_origin("http://[::1]:80") == "http://[::1]"
    with pytest.raises(ProfileError, match="https"):
        normalise_origin("http://10.0.0.1:8000")
