"""The baseline of benchmarks/platform_http_auth.py: a FastAPI app whose one route parses the
JSON body and returns an empty object, served exactly as `jpki platform serve` serves.

    python benchmarks/empty_app.py
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from jpki.world.serving import bind, serve


def build() -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def root() -> dict[str, str]:
        return {}

    @app.post("/v1/authentications")
    def empty(body: dict[str, Any]) -> dict[str, Any]:
        return {}

    return app


if __name__ == "__main__":
    serve(
        {"empty": (build(), bind("127.0.0.1", 0))},
        lambda urls: print(f"empty {urls['empty']}/", flush=True),
    )
