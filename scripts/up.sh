#!/usr/bin/env bash
# Install what jpki needs and run the whole world on loopback: `scripts/up.sh [jpki up options]`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_debian_packages openssl ca-certificates fonts-ipafont-gothic
ensure_venv ""
exec "$VENV/bin/jpki" up "$@"
