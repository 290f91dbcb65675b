"""`jpki up`: the whole world on loopback, created on first run in the user's data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs

from jpki.authority.api.app import build_app
from jpki.clock import Clock
from jpki.platform.api import build_platform_app
from jpki.world.platform import open_platform
from jpki.world.sandbox import Sandbox
from jpki.world.serving import bind, serve, url_of

DEMO_RESIDENTS = 20


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("jpki", appauthor=False))


def open_or_create(
    data_dir: Path,
    clock: Clock,
    *,
    residents: int = DEMO_RESIDENTS,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Sandbox:
    """Open the world in `data_dir`, creating a sandbox with a demo population if empty."""
    if (data_dir / "authority" / "settings.json").exists():
        return Sandbox.open(data_dir, clock)
    return Sandbox.init(data_dir, residents, seed, clock, progress=progress)


def run(
    sandbox: Sandbox,
    host: str,
    port: int,
    on_ready: Callable[[dict[str, str]], None],
) -> None:
    """Serve every service of the world until interrupted."""
    authority_socket = bind(host, port)
    platform = open_platform(sandbox, url_of(authority_socket))
    apps = {
        "authority": (build_app(sandbox.authority), authority_socket),
        "platform": (build_platform_app(platform), bind(host, port + 1 if port else 0)),
    }
    try:
        serve(apps, on_ready)
    finally:
        platform.close()
        sandbox.close()


__all__ = ["DEMO_RESIDENTS", "default_data_dir", "open_or_create", "run"]
