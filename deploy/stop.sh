#!/usr/bin/env bash
# Stop what deploy/start.sh started for DATA: HAProxy first (no new requests), then each
# party's supervisor, which stops its workers (requests in hand get their grace).
set -uo pipefail
DATA="${1:?usage: deploy/stop.sh DATA}"
STATE="$DATA/deploy"
for name in haproxy idp platform authority; do
    pidfile="$STATE/$name.pid"
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
    echo "stopped $name"
done
