"""One world per data folder (issue 20): a second `jpki up` on a folder in use says who holds
it and exits, leaving the first one's services working; a restart comes back at the same
addresses (so the IdP's issuer and every redirect URI survive it); a kept port that another
program took is refused by name, in one line, without a traceback."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import httpx

from tests.e2e.processes import Service, jpki

NAMES = ("platform", "idp", "bank", "mynaportal")


def said(run) -> str:
    """What the command told its user, as one line (the console wraps at its width)."""
    return " ".join((run.stderr + run.stdout).split())


def started(directory):
    service = Service("up", "--data", directory, "--residents", "2")
    return service, {name: service.url_named(name) for name in NAMES}


def test_one_world_per_folder_kept_addresses_and_a_taken_port_named(tmp_path):
    directory = tmp_path / "world"
    first, urls = started(directory)
    try:
        second = jpki("up", "--data", directory, check=False)
        assert second.returncode == 1
        assert "already up" in said(second)
        assert "Traceback" not in second.stderr
        bank = httpx.get(f"{urls['bank']}/", timeout=30)  # the first world is untouched
        assert bank.status_code == 200
        issuer = httpx.get(f"{urls['idp']}/.well-known/openid-configuration").json()["issuer"]
    finally:
        assert first.stop() in (0, 130, -2)

    again, urls_again = started(directory)
    try:
        assert urls_again == urls
        discovered = httpx.get(f"{urls['idp']}/.well-known/openid-configuration").json()
        assert discovered["issuer"] == issuer
        assert httpx.get(f"{urls['bank']}/login", timeout=30).status_code == 200
    finally:
        assert again.stop() in (0, 130, -2)

    taken = urlsplit(urls["idp"])
    squatter = socket.create_server((taken.hostname, taken.port))
    try:
        refused = jpki("up", "--data", directory, check=False)
    finally:
        squatter.close()
    assert refused.returncode == 1
    message = said(refused)
    assert message.startswith("error:"), message
    bound = "127.0.0.1" if taken.hostname == "localhost" else taken.hostname  # IdP: localhost
    assert f"{bound}:{taken.port} (idp)" in message
    assert "--port" in message
    assert "Traceback" not in message
