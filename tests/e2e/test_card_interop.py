"""Our card in pcscd's virtual reader, driven by the real OpenSC tools (started by the test).

pcscd listens on the system socket (/run/pcscd/pcscd.comm), so this module must not run
beside another pcscd; the test command distributes tests by file, keeping it in one worker.
"""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from jpki.apps.employer.service import EMPLOYEE_FILE, STAFF_ID_AID
from jpki.apps.kit.applets import AppletIssuer
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.card.vpcd import DRIVER, reader_conf
from jpki.client.applets import install
from jpki.client.readers import InProcessReader
from jpki.clock import SystemClock
from jpki.profile.apdu import JpkiFile
from jpki.profile.free_area import Manifest, Policy, card_binding, internal_auth_message
from jpki.world.sandbox import Sandbox
from tests.e2e.processes import JPKI, Service, jpki, start, stop
from tests.openssl_cli import openssl

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
    pcscd = start(
        ["pcscd", "-f", "-c", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        ATTACHED["port"] = port
        attach(person["card"])
        try:
            yield world, person
        finally:
            stop(ATTACHED.pop("process"), signal.SIGINT)
    finally:
        stop(pcscd, signal.SIGTERM)


ATTACHED: dict = {}
"""The `jpki card attach` process in the virtual reader now, and its port."""


def attach(image: str | Path) -> None:
    """Put the card (or phone) image `image` into the virtual reader, replacing what was there."""
    if "process" in ATTACHED:
        stop(ATTACHED.pop("process"), signal.SIGINT)
        deadline = time.monotonic() + 30
        while "Yes" in run("opensc-tool", "--list-readers").stdout:
            if time.monotonic() > deadline:
                pytest.fail("the old image never left the virtual reader")
            time.sleep(0.3)
    ATTACHED["process"] = start([*JPKI, "card", "attach", image, "--port", str(ATTACHED["port"])],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "Yes" in run("opensc-tool", "--list-readers").stdout:
            return
        time.sleep(0.3)
    pytest.fail("the card never appeared in the virtual reader")


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


# -- seed 002 No.14: the card as a TLS client certificate, through OpenSSL's PKCS#11 engine ----

AUTH_TOKEN = "pkcs11:token=JPKI%20%28User%20Authentication%20PIN%29"
"""OpenSC shows the card as two tokens, one per PIN; the authentication key is behind this one."""
ENGINES = (
    Path("/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so"),
    Path("/usr/lib/aarch64-linux-gnu/engines-3/pkcs11.so"),
)


@pytest.fixture(scope="module")
def world_up(reader):
    """`jpki up` on the interop world: the securities service and its TLS endpoint."""
    world, _ = reader
    service = Service("up", "--data", world)
    yield service
    assert service.stop() in (0, 130, -2)


def _openssl_engine_config(folder: Path) -> Path:
    """An OpenSSL configuration loading libp11's engine over OpenSC's PKCS#11 module, and
    offering only PKCS#1 v1.5 signatures (OpenSSL would pick RSA-PSS for CertificateVerify,
    which the card cannot make: "Mechanism invalid")."""
    engine = next((e for e in ENGINES if e.exists()), None)
    if engine is None:
        pytest.fail("libengine-pkcs11-openssl is not installed: run scripts/test.sh")
    config = folder / "openssl.cnf"
    config.write_text(
        "openssl_conf = openssl_init\n[openssl_init]\nengines = engine_section\n"
        "ssl_conf = ssl_section\n[ssl_section]\nsystem_default = tls_defaults\n"
        "[tls_defaults]\nSignatureAlgorithms = RSA+SHA256:RSA+SHA384:RSA+SHA512\n"
        "[engine_section]\npkcs11 = pkcs11_section\n[pkcs11_section]\nengine_id = pkcs11\n"
        f"dynamic_path = {engine}\nMODULE_PATH = {pkcs11_module()}\ninit = 0\n"
    )
    return config


def curl(*args: str | Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENSSL_CONF": str(config)} if config else dict(os.environ)
    return subprocess.run(["curl", "-sS", *map(str, args)], capture_output=True, text=True,
                          timeout=120, check=False, env=env)  # fmt: skip


def test_card_is_the_tls_client_certificate_of_a_securities_account(reader, world_up, tmp_path):
    _, person = reader
    securities = world_up.url_named("securities")
    offer = httpx.get(f"{securities}/api/accounts/application").json()
    application = tmp_path / "application.txt"
    application.write_bytes(base64.b64decode(offer["application"]))
    password = tmp_path / "password"
    password.write_text(person["sign_password"])
    signature = tmp_path / "application.p7s"
    jpki("client", "sign", application, "--out", signature, "--reader", "Virtual PCD",
         "--pin-file", password)  # fmt: skip
    opened = httpx.post(f"{securities}/api/accounts", json={
        "number": offer["number"], "application": offer["application"],
        "signature": base64.b64encode(signature.read_bytes()).decode(),
    })  # fmt: skip
    assert opened.status_code == 201, opened.text
    assert opened.json()["name"] == person["name"]

    endpoint = offer["endpoint"]
    assert urlsplit(endpoint).hostname == urlsplit(securities).hostname  # the service's own
    server = tmp_path / "server.pem"
    server.write_bytes(httpx.get(f"{securities}/tls/server.pem").content)
    config = _openssl_engine_config(tmp_path)
    reached = curl(
        "--engine", "pkcs11", "--cert-type", "ENG", "--key-type", "ENG", "--tls-max", "1.2",
        "--cert", f"{AUTH_TOKEN};id=%01;type=cert",
        "--key", f"{AUTH_TOKEN};id=%01;type=private;pin-value={person['auth_pin']}",
        "--cacert", server, f"{endpoint}/", config=config,
    )  # fmt: skip
    assert reached.returncode == 0, reached.stderr
    answer = json.loads(reached.stdout)
    assert [a["number"] for a in answer["accounts"]] == [offer["number"]]
    assert answer["assurance"] == "tls-client"

    refused = curl("--cacert", server, f"{endpoint}/")  # no client certificate
    assert refused.returncode != 0
    assert "accepted" in httpx.get(f"{securities}/").text  # the access log shows the login


# -- issue 21: the card-face AP, the card-info AP's free files, raw PKCS#1, re-SELECT --------

SELECT_AP = "00A4040C0A"
JPKI_AP, FACE_AP, INFO_AP = (
    "D392F000260100000001",
    "D3921000310001010402",
    "D3921000310001010408",
)


def apdus(*commands: str) -> list[tuple[int, bytes]]:
    """Send APDUs in one opensc-tool session; (status word, data) of each answer."""
    result = run("opensc-tool", "--reader", "0", *(a for c in commands for a in ("-s", c)))
    assert result.returncode == 0, result.stderr
    answers: list[tuple[int, bytes]] = []
    for line in result.stdout.splitlines():
        found = re.search(r"SW1=0x([0-9A-Fa-f]{2}), SW2=0x([0-9A-Fa-f]{2})", line)
        if found:
            answers.append((int(found[1] + found[2], 16), b""))
        elif answers and re.match(r"^([0-9A-F]{2} ){1,16}", line):
            hex_part = re.match(r"^((?:[0-9A-F]{2} ){1,16})", line)[1]
            status, data = answers[-1]
            answers[-1] = (status, data + bytes.fromhex(hex_part))
    assert len(answers) == len(commands), result.stdout
    return answers


def test_a_pin_listing_passes_the_card_face_ap_and_opensc_still_sees_only_jpki(reader):
    answers = apdus(SELECT_AP + JPKI_AP, SELECT_AP + FACE_AP, "00A4020C020013", "00200080",
                    "00A4020C020012", "00200080", "00A4020C020002", "00B0000000")  # fmt: skip
    assert [status for status, _ in answers] == [
        0x9000, 0x9000, 0x9000, 0x63CA, 0x9000, 0x63CA, 0x9000, 0x6982,
    ]  # fmt: skip
    assert len(tries_left()) == 2  # OpenSC lists the JPKI AP's two PINs, nothing else
    slots = run("pkcs11-tool", "--module", pkcs11_module(), "--list-token-slots").stdout
    labels = [line.split(":", 1)[1].strip() for line in slots.splitlines() if "token label" in line]
    assert labels, slots
    assert all(label.startswith("JPKI") for label in labels), slots


def test_the_card_face_reads_through_pcscd_with_matching_number_a(reader, tmp_path):
    world, person = reader
    number = tmp_path / "number"
    number.write_text(person["my_number"])
    photo = tmp_path / "face.jp2"
    answer = json.loads(jpki("client", "card-face", "--with", "a", "--reader", "Virtual PCD",
                             "--issuer", world / "roots" / "card-info-issuer.pem", "--pin-file",
                             number, "--photo", photo, "--json").stdout)  # fmt: skip
    assert answer["seal"] == "verified"
    assert answer["birth_date"] == person["birth_date"]
    assert photo.read_bytes()[4:8] == b"jP  "
    wrong, past_end = apdus(SELECT_AP + FACE_AP, "00A4020C020013", "00200080" + "0C" + "30" * 12,
                            "00A4020C020003", "00B07F0010")[2::2]  # fmt: skip
    assert wrong[0] == 0x63C9
    assert past_end[0] == 0x6B00
    apdus(SELECT_AP + FACE_AP, "00A4020C020013", "002000800C" + person["my_number"].encode().hex())


def test_the_card_info_ap_gives_ef_0004_and_0005_without_a_pin(reader):
    answers = apdus(SELECT_AP + INFO_AP, "00A4020C020004", "00B0000000", "00B0010000",
                    "00B0020000", "00A4020C020005", "00B0000000")  # fmt: skip
    certificate = b"".join(data for _, data in answers[2:5])
    assert [status for status, _ in answers] == [0x9000] * 7
    assert len(certificate) == 568
    assert certificate[:5] == bytes.fromhex("7F21820233")
    basic = answers[6][1]
    assert len(basic) == 256
    assert basic[:2] == b"\xff\x40"


def test_pkcs11_raw_rsa_pkcs_signs_data_that_is_no_digest_info(reader, tmp_path):
    _, person = reader
    data = tmp_path / "tls-md5-sha1.bin"
    data.write_bytes(bytes(range(36)))  # what a TLS 1.1 client hands CKM_RSA_PKCS
    signature = tmp_path / "signature.bin"
    result = run("pkcs11-tool", "--module", pkcs11_module(), "--slot", "0", "--login",
                 "--pin", person["auth_pin"], "--sign", "--mechanism", "RSA-PKCS", "--id", "01",
                 "--input-file", data, "--output-file", signature)  # fmt: skip
    assert result.returncode == 0, result.stderr
    public_key = tmp_path / "public.pem"
    public_key.write_text(
        openssl("x509", "-in", person["auth"]["path"], "-pubkey", "-noout", check=True).stdout
    )
    recovered = tmp_path / "recovered.bin"
    openssl("pkeyutl", "-verifyrecover", "-pubin", "-inkey", public_key, "-in", signature,
            "-out", recovered, check=True)  # fmt: skip
    assert recovered.read_bytes() == data.read_bytes()


def test_a_verified_pin_survives_a_reselect_of_the_jpki_ap(reader):
    _, person = reader
    pin = person["auth_pin"].encode().hex()
    digest = "AB" * 32
    answers = apdus(SELECT_AP + JPKI_AP, "00A4020C020018", "0020008004" + pin,
                    SELECT_AP + JPKI_AP, "00A4020C020017", "802A008020" + digest + "00")  # fmt: skip
    assert [status for status, _ in answers] == [0x9000] * 6
    assert len(answers[-1][1]) == 256


# -- a phone's JPKI (スマホ用電子証明書): another image of the same card OS -----------------------


def test_a_phone_image_is_a_jpki_token_to_opensc_and_signs_through_pkcs11(reader, tmp_path):
    """Last in the module: it issues the resident a phone from the card and swaps the phone
    into the reader, then puts the card back."""
    world, person = reader
    jpki("authority", "event", world, "issue-phone", person["id"])
    phone = json.loads((world / "residents.json").read_text())[0]["phone"]
    assert phone["status"] == "active"
    attach(phone["image"])
    try:
        label = apdus("00A4040C0AD392F000260100000001", "00A4020C020006", "00B0000020")[-1]
        assert label == (0x9000, b"JPKIAPGPSETOKEN".ljust(32, b" "))
        certificates = run("pkcs15-tool", "--list-certificates").stdout
        assert "User Authentication Certificate" in certificates
        assert "Digital Signature Certificate" in certificates
        message = tmp_path / "message.txt"
        message.write_text("スマホでログイン challenge 5678")
        signature = tmp_path / "signature.bin"
        result = run("pkcs11-tool", "--module", pkcs11_module(), "--slot", "0", "--login",
                     "--pin", phone["auth_pin"], "--sign", "--mechanism", "SHA256-RSA-PKCS",
                     "--id", "01", "--input-file", message, "--output-file", signature)  # fmt: skip
        assert result.returncode == 0, result.stderr
        certificate = tmp_path / "phone-auth.der"
        read = run("pkcs15-tool", "--read-certificate", "01", "--output", certificate)
        assert read.returncode == 0, read.stderr
        public_key = tmp_path / "public.pem"
        public_key.write_text(
            openssl("x509", "-in", certificate, "-pubkey", "-noout", check=True).stdout
        )
        serial = openssl("x509", "-in", certificate, "-serial", "-noout", check=True).stdout
        assert int(serial.strip().split("=")[1], 16) == int(phone["auth"]["serial"])
        verified = openssl("dgst", "-sha256", "-verify", public_key, "-signature", signature,
                           message)  # fmt: skip
        assert "Verified OK" in verified.stdout
        wrong = "0000" if person["auth_pin"] != "0000" else "1111"
        card_pin = run("pkcs11-tool", "--module", pkcs11_module(), "--slot", "0", "--login",
                       "--pin", person["auth_pin"] if person["auth_pin"] != phone["auth_pin"]
                       else wrong, "--list-objects")  # fmt: skip
        assert "CKR_PIN_INCORRECT" in card_pin.stdout + card_pin.stderr  # the phone's own PIN
    finally:
        attach(person["card"])


# -- issue 24: the card's free area (空き領域) ---------------------------------------------------


def test_an_installed_staff_id_answers_through_pcscd_and_opensc_still_sees_only_jpki(reader):
    """HR's desk installs the staff ID into the card in the virtual reader (another opener of
    the same image); through pcscd the applet answers its gate's challenge, and OpenSC lists
    the same JPKI token, certificates and two PINs as before."""
    world, person = reader
    certificates_before = run("pkcs15-tool", "--list-certificates").stdout
    pins_before = run("pkcs15-tool", "--list-pins").stdout
    sandbox = Sandbox.open(world, SystemClock())
    try:
        folder = sandbox.make_install_issuer("employer", "Demo Corporation", STAFF_ID_AID)
    finally:
        sandbox.close()
    store = ImageStore.open(Path(person["card"]))
    binding = card_binding(store.current().files[JpkiFile.AUTH_CERTIFICATE])
    manifest = Manifest(STAFF_ID_AID, 1, binding, Policy.PINLESS_AUTHENTICATE,
                        ((EMPLOYEE_FILE, b"E000777"),))  # fmt: skip
    key = install(InProcessReader(Card(store)), AppletIssuer.load(folder).install_package(manifest))

    challenge = bytes(range(16))
    select, read_ef, read, auth = apdus(
        SELECT_AP + STAFF_ID_AID.hex().upper(), "00A4020C020001", "00B0000000",
        "0088000010" + challenge.hex() + "00",
    )  # fmt: skip
    assert [select[0], read_ef[0], read[0], auth[0]] == [0x9000] * 4
    assert read[1] == b"E000777"
    key.verify(auth[1], internal_auth_message(STAFF_ID_AID, challenge), ec.ECDSA(hashes.SHA256()))

    slots = run("pkcs11-tool", "--module", pkcs11_module(), "--list-token-slots").stdout
    labels = [line.split(":", 1)[1].strip() for line in slots.splitlines() if "token label" in line]
    assert labels, slots
    assert all(label.startswith("JPKI") for label in labels), slots
    assert run("pkcs15-tool", "--list-certificates").stdout == certificates_before
    assert run("pkcs15-tool", "--list-pins").stdout == pins_before
