"""The HAProxy configuration in front of the workers (`jpki.world.balancer`), checked by
HAProxy itself, and the files workers create once (`jpki.files.write_once`)."""

from __future__ import annotations

import concurrent.futures
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from jpki.files import write_once
from jpki.world.balancer import Backend, haproxy_config, main

WORKERS = ("http://127.0.0.1:18100", "http://127.0.0.1:18101")


def test_every_worker_is_listed_health_checked_and_never_sent_a_request_twice(
    tmp_path: Path,
) -> None:
    config = haproxy_config(
        [Backend("platform", "127.0.0.1:8100", WORKERS)], admin_socket=tmp_path / "admin.sock"
    )
    assert "server platform-0 127.0.0.1:18100 check" in config
    assert "server platform-1 127.0.0.1:18101 check" in config
    assert "option httpchk GET /healthz" in config
    assert "retry-on conn-failure" in config  # not empty-response: a sent request may be done
    (tmp_path / "haproxy.cfg").write_text(config)
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(tmp_path / "haproxy.cfg")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("url", ["https://127.0.0.1:1", "http://127.0.0.1", "127.0.0.1:80", ""])
def test_a_worker_address_must_be_plain_http_with_a_port(url: str) -> None:
    with pytest.raises(ValueError, match="http://host:port"):
        haproxy_config([Backend("platform", "127.0.0.1:8100", (url,))])


def test_the_command_reads_the_backends_the_deploy_script_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    described = [{"name": "authority", "listen": "127.0.0.1:8000", "workers": list(WORKERS)}]
    (tmp_path / "backends.json").write_text(json.dumps(described))
    main([str(tmp_path / "backends.json")])
    assert "frontend authority" in capsys.readouterr().out


def test_workers_creating_one_file_at_once_all_keep_the_first(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "sealing.json"
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        created = list(pool.map(lambda n: write_once(path, f"key {n}".encode()), range(16)))
    assert created.count(True) == 1
    winner = created.index(True)
    assert path.read_bytes() == f"key {winner}".encode()
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["sealing.json"]  # no temporary left
