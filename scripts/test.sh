#!/usr/bin/env bash
# Install everything the tests need (openssl, PostgreSQL, HAProxy (tests/world), pcscd with the vpcd virtual reader, poppler's pdfsig, Chromium,
# OpenSC, faketime, node and the TypeScript client's npm packages, the Python test tools) and run
# the whole suite: lint, types, architecture contracts, unit and end-to-end tests, then the
# date-sensitive modules again two years ahead.
# Never prompts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# gcc, swig, libpcsclite-dev and python3-dev build pyscard (PC/SC for the client); curl and
# libengine-pkcs11-openssl take the card through OpenSC as a TLS client certificate.
ensure_debian_packages openssl ca-certificates postgresql haproxy procps pcscd vsmartcard-vpcd opensc poppler-utils chromium fonts-ipafont-gothic \
    curl libengine-pkcs11-openssl faketime \
    gcc swig libpcsclite-dev python3-dev
# The card interop tests start their own pcscd; a socket-activated system one would hold its socket.
if command -v systemctl >/dev/null 2>&1; then
    as_root systemctl stop pcscd.socket pcscd.service >/dev/null 2>&1 || true
fi
if [ "${CI:-}" = "true" ]; then
    as_root pkill -x pcscd >/dev/null 2>&1 || true   # one a package's postinst may have started
fi
# node runs the TypeScript client generated from the platform's OpenAPI (tests/e2e/typescript);
# a node that came with its own npm (e.g. NodeSource's) is kept.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || ensure_debian_packages nodejs npm
ensure_venv "[test]"
cd "$ROOT"
(cd tests/e2e/typescript && CI=true npm ci --no-audit --no-fund --loglevel=error)
echo "== ruff"
"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/ruff" format --check src tests benchmarks
echo "== mypy"
"$VENV/bin/mypy"
echo "== import contracts"
"$VENV/bin/lint-imports"
echo "== pytest"
# --dist loadfile keeps each test module in one worker (the pcscd interop module needs that).
"$VENV/bin/python" -m pytest -q -m "not slow and not fuzz" -n 2 --dist loadfile "$@"
# The same material judged two years from now: no test may depend on the date it runs.
bash "$ROOT/scripts/test-dated.sh" +2y tests/authority tests/verifier tests/platform \
    tests/e2e/test_cli.py tests/e2e/test_verify_cli.py tests/e2e/test_authority_server.py \
    tests/e2e/test_idp_cli.py
