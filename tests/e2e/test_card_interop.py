"""Our card in pcscd's virtual reader, driven by the real OpenSC tools (started by the test).

pcscd listens on the system socket (/run/pcscd/pcscd.comm), so this module must not run
beside another pcscd; the test command distributes tests by file, keeping it in one worker.
"""

import json
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from processes import JPKI, jpki

from jpki.card.vpcd import DRIVER, reader_conf
from openssl_cli import openssl

PKCS11_MODULES = (
    Path("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
    Path("/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so"),
    Path("/usr/lib/opensc-pkcs11.so"),
)
VPCD_DRIVER = Path(DRIVER)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    for tool in ("pcscd", "opensc-tool", "pkcs15-tool", "pkcs11-tool"):
        if shutil.which(tool) is None:
            pytest.fail(
                f"{tool} missing: run scripts/test.sh, which installs pcscd, vsmartcard-vpcd and opensc"
            )
    if not VPCD_DRIVER.exists():
        pytest.fail("vsmartcard-vpcd is not installed")
    if run("pgrep", "-x", "pcscd").returncode == 0:
        pytest.fail("another pcscd is running; stop it first (this test starts its own)")
    world = tmp_path_factory.mktemp("interop")
    jpki("sandbox", "init", world, "--residents", "1", "--seed", "11")
    person = json.loads((world / "residents.json").read_text())[0]
    port = _free_port()
    config = world / "reader.conf.d"
    config.mkdir()
    (config / "vpcd").write_text(reader_conf(port))
    pcscd = subprocess.Popen(
        ["pcscd", "-f", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    card = subprocess.Popen([*JPKI, "card", "attach", person["card"], "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if "Yes" in run("opensc-tool", "--list-readers").stdout:
                break
            time.sleep(0.3)
        else:
            pytest.fail("the card never appeared in the virtual reader")
        yield world, person
    finally:
        card.send_signal(signal.SIGINT)
        card.wait(timeout=30)
        pcscd.terminate()
        pcscd.wait(timeout=30)


def pkcs11_module() -> Path:
    return next(m for m in PKCS11_MODULES if m.exists())


def tries_left() -> list[int]:
    listing = run("pkcs15-tool", "--list-pins").stdout
    return [int(line.split(":")[1]) for line in listing.splitlines() if "Tries left" in line]


def test_opensc_sees_a_jpki_card_with_both_certificates(reader):
    listing = run("opensc-tool", "--list-readers").stdout
    assert "Virtual PCD" in listing
    certificates = run("pkcs15-tool", "--list-certificates").stdout
    assert "User Authentication Certificate" in certificates
    assert "Digital Signature Certificate" in certificates
    assert "Path           : 000a" in certificates


def test_pkcs11_signature_verifies_with_the_certificate(reader, tmp_path):
    _, person = reader
    message = tmp_path / "message.txt"
    message.write_text("ログイン challenge 1234")
    signature = tmp_path / "signature.bin"
    result = run("pkcs11-tool", "--module", pkcs11_module(), "--slot", "0", "--login",
                 "--pin", person["auth_pin"], "--sign", "--mechanism", "SHA256-RSA-PKCS",
                 "--id", "01", "--input-file", message, "--output-file", signature)  # fmt: skip
    assert result.returncode == 0, result.stderr
    public_key = tmp_path / "public.pem"
    public_key.write_text(
        openssl("x509", "-in", person["auth"]["path"], "-pubkey", "-noout", check=True).stdout
    )
    verified = openssl("dgst", "-sha256", "-verify", public_key, "-signature", signature, message)
    assert "Verified OK" in verified.stdout


def test_a_wrong_pin_through_opensc_spends_exactly_one_try(reader):
    _, person = reader
    before = tries_left()
    wrong = "0000" if person["auth_pin"] != "0000" else "1111"
    result = run("pkcs11-tool", "--module", pkcs11_module(), "--slot", "0", "--login", "--pin", wrong,
                 "--list-objects")  # fmt: skip
    assert "CKR_PIN_INCORRECT" in result.stdout + result.stderr
    assert tries_left() == [before[0] - 1, before[1]]
    ok = run("pkcs11-tool", "--module", pkcs11_module(), "--slot", "0", "--login", "--pin", person["auth_pin"],
             "--list-objects")  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert tries_left()[0] == 3


def test_jpki_client_signs_through_pcscd_and_openssl_verifies(reader, tmp_path):
    world, person = reader
    document = tmp_path / "application.txt"
    document.write_text("住民票の写し交付申請")
    signature = tmp_path / "application.p7s"
    password = tmp_path / "password"
    password.write_text(person["sign_password"])
    jpki(
        "client",
        "sign",
        document,
        "--out",
        signature,
        "--reader",
        "Virtual PCD",
        "--pin-file",
        password,
    )
    verified = openssl("cms", "-verify", "-binary", "-content", document, "-inform", "DER", "-in", signature,
                       "-CAfile", world / "roots" / "sign-ca.pem", "-purpose", "any", "-out", "/dev/null")  # fmt: skip
    assert verified.returncode == 0, verified.stderr
    status = json.loads(jpki("client", "pin", "status", "--reader", "Virtual PCD", "--json").stdout)
    assert status["sign"] == {"tries_left": 5, "max": 5}


def test_pinless_authentication_through_pcscd(reader):
    world, _ = reader
    answer = json.loads(
        jpki(
            "client",
            "auth",
            "--challenge",
            "c0ffee",
            "--reader",
            "Virtual PCD",
            "--terminal",
            world / "terminal",
            "--json",
        ).stdout
    )
    assert answer["institution_code"] == "1310100001"
