"""`jpki up` started by a user whose umask is 022 (files 0644, folders 0755 by default) keeps
its whole data folder private: after the first run and a request to every service, every file
is 0600 and every folder 0700 (issue 25 item 7: the databases hold My Numbers and the 4
information). Each service answers at an address of its own (cookies are kept per host)."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from jpki.world.up import service_names
from tests.at_rest import readable_by_others, umask
from tests.e2e.processes import Service


def test_up_creates_only_private_files_and_gives_each_service_its_own_host(tmp_path):
    directory = tmp_path / "world"
    with umask(0o022):  # the caller's; `jpki` sets its own
        service = Service("up", "--data", directory, "--residents", "2")
    try:
        urls = {name: service.url_named(name) for name in service_names()}
        for url in urls.values():
            assert httpx.get(f"{url}/", timeout=30).status_code == 200
    finally:
        assert service.stop() in (0, 130, -2)
    hosts = [urlsplit(url).hostname for url in urls.values()]
    assert len(set(hosts)) == len(hosts)
    assert readable_by_others(directory) == []
