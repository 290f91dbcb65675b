"""The platform's OpenAPI document is enough to write a client: TypeScript types generated from a
running platform's /openapi.json (npm `openapi-typescript`), a program using them through
`openapi-fetch`, type-checked by `tsc` and run with node, asks for a challenge, answers it with
a real card signature, and runs a status check (現況確認).

The card signs in Python (`jpki client auth` on the sandbox's virtual card) between the
program's two steps; what passes between them travels in JSON files.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from tests.e2e.platform_world import ORIGIN, TENANT, platform_world
from tests.e2e.processes import Service, jpki

PROJECT = Path(__file__).with_name("typescript")
BIN = PROJECT / "node_modules" / ".bin"


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    """The platform world of one 代行 SP, the platform serving on loopback."""
    made = platform_world(tmp_path_factory.mktemp("typescript") / "world", model="daiko", seed=3)
    service = Service("platform", "serve", "--data", made.folder)
    yield service.url, made.api_key, made.folder
    service.stop()
    made.authority.stop()


@pytest.fixture(scope="module")
def client(platform, tmp_path_factory) -> Path:
    """The client program compiled against types generated from the served document."""
    url, _, _ = platform
    if not (BIN / "tsc").exists():
        pytest.fail(
            "the npm packages are missing; run scripts/test.sh (npm ci in tests/e2e/typescript)"
        )
    folder = tmp_path_factory.mktemp("client")
    for name in ("client.ts", "tsconfig.json", "package.json"):
        shutil.copy(PROJECT / name, folder / name)
    (folder / "node_modules").symlink_to(PROJECT / "node_modules")
    document = httpx.get(f"{url}/openapi.json", timeout=30)
    assert document.status_code == 200
    (folder / "openapi.json").write_bytes(document.content)
    run(folder, BIN / "openapi-typescript", "openapi.json", "--output", "api.d.ts")
    run(folder, BIN / "tsc", "--project", ".")
    return folder


def run(folder: Path, *command: str | Path) -> str:
    done = subprocess.run(
        [str(c) for c in command],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def step(client: Path, command: str, **values: str) -> dict[str, object]:
    """Run one step of the program with `values` in its step file; its JSON answer."""
    (client / f"{command}.json").write_text(json.dumps(values))
    answer: dict[str, object] = json.loads(
        run(client, "node", "out/client.js", command, f"{command}.json")
    )
    return answer


def der_b64(pem_path: str) -> str:
    certificate = x509.load_pem_x509_certificate(Path(pem_path).read_bytes())
    return base64.b64encode(certificate.public_bytes(Encoding.DER)).decode()


def test_generated_client_logs_in_and_checks_status(platform, client, tmp_path):
    url, key, world = platform
    where = {"platform": url, "api_key": key, "origin": ORIGIN}
    issued = step(client, "challenge", **where)
    assert issued["provider"] == TENANT
    person = json.loads((world / "residents.json").read_text())[0]
    pin = tmp_path / "pin"
    pin.write_text(person["auth_pin"])
    card = json.loads(
        jpki("client", "auth", "--nonce", issued["nonce"], "--origin", ORIGIN,
             "--provider", TENANT, "--reader", person["card"], "--pin-file", pin, "--json").stdout
    )  # fmt: skip
    answered = step(
        client,
        "login",
        **where,
        nonce=str(issued["nonce"]),
        certificate="".join(card["certificate"].strip().splitlines()[1:-1]),
        signature=card["signature"],
        sign_certificate=der_b64(person["sign"]["path"]),
    )
    assert answered["assurance"] == "pin"
    assert answered["situation"] == "alive-unchanged"
    assert answered["login_receipt"] != answered["status_receipt"]
