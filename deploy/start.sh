#!/usr/bin/env bash
# Start a jpki deployment on this host (docs/deploy.md): each party whose data folder holds
# settings (authority, platform, idp) as N worker processes on its PostgreSQL, behind one
# HAProxy that publishes each on its public port and health-checks every worker.
#
#   deploy/start.sh DATA          start (the parties must be initialised on PostgreSQL)
#   deploy/stop.sh DATA           stop everything this script started
#   kill -HUP "$(cat DATA/deploy/platform.pid)"    rolling restart of the platform's workers
#
# Settings (environment):
#   AUTHORITY_WORKERS, PLATFORM_WORKERS, IDP_WORKERS   workers per party (default 2)
#   AUTHORITY_PORT, PLATFORM_PORT, IDP_PORT            public ports (default 8000, 8100, 8200)
#   WORKER_PORT_BASE                                   first worker port (default 18000;
#       the authority's workers take BASE.., the platform's BASE+100.., the IdP's BASE+200..)
#   HOST                                               address of everything (default 127.0.0.1)
#   JPKI                                               the jpki command (default: jpki)
# Never prompts; exits non-zero (and stops what it started) if anything fails to come up.
set -eEuo pipefail

DATA="${1:?usage: deploy/start.sh DATA}"
DATA="$(cd "$DATA" && pwd)"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOST="${HOST:-127.0.0.1}"
BASE="${WORKER_PORT_BASE:-18000}"
read -r -a JPKI_CMD <<< "${JPKI:-jpki}"
read -r -a PYTHON_CMD <<< "${PYTHON:-python3}"
STATE="$DATA/deploy"
mkdir -p "$STATE"
chmod 700 "$STATE"

command -v haproxy >/dev/null 2>&1 || {
    echo "error: HAProxy is not installed (apt-get install haproxy)" >&2
    exit 1
}
if [ -e "$STATE/haproxy.pid" ] && kill -0 "$(cat "$STATE/haproxy.pid")" 2>/dev/null; then
    echo "error: a deployment of $DATA is running (deploy/stop.sh $DATA first)" >&2
    exit 1
fi

trap 'echo "start failed; stopping what was started" >&2; "$HERE/stop.sh" "$DATA" >&2 || true' ERR

# start_party NAME WORKERS FIRST_PORT PUBLIC_PORT: the supervisor in the background, then wait
# for it to print every worker's URL; appends the backend to backends.json.
backends=()
start_party() {
    local name="$1" workers="$2" first="$3" public="$4"
    local log="$STATE/$name.log"
    "${JPKI_CMD[@]}" "$name" serve --data "$DATA" --host "$HOST" --port "$first" \
        --workers "$workers" >"$log" 2>&1 &
    echo $! >"$STATE/$name.pid"
    local urls=() deadline=$((SECONDS + 120))
    while [ "${#urls[@]}" -lt "$workers" ]; do
        if ! kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
            echo "error: $name exited; see $log" >&2
            cat "$log" >&2
            return 1
        fi
        [ "$SECONDS" -lt "$deadline" ] || { echo "error: $name did not start; see $log" >&2; return 1; }
        mapfile -t urls < <(grep -oE "^$name-[0-9]+ +http://[^/ ]+" "$log" | awk '{print $2}' || true)
        sleep 0.2
    done
    local list
    list="$(printf '"%s",' "${urls[@]}")"
    backends+=("{\"name\": \"$name\", \"listen\": \"$HOST:$public\", \"workers\": [${list%,}]}")
    echo "$name: $workers workers (${urls[*]}) behind http://$HOST:$public"
}

# publish: (re)write haproxy.cfg for the parties started so far and (re)start HAProxy, the new
# process taking over the old one's sockets (-sf), so the platform finds the authority's
# public address up when it starts and the IdP the platform's.
publish() {
    local joined
    joined="$(printf '%s,' "${backends[@]}")"
    echo "[${joined%,}]" >"$STATE/backends.json"
    "${PYTHON_CMD[@]}" -m jpki.world.balancer "$STATE/backends.json" --admin-socket "$STATE/haproxy.sock" \
        >"$STATE/haproxy.cfg"
    haproxy -c -q -f "$STATE/haproxy.cfg"
    local old=()
    if [ -f "$STATE/haproxy.pid" ] && kill -0 "$(cat "$STATE/haproxy.pid")" 2>/dev/null; then
        old=(-sf "$(cat "$STATE/haproxy.pid")")
    fi
    haproxy -db -f "$STATE/haproxy.cfg" "${old[@]}" >>"$STATE/haproxy.log" 2>&1 &
    echo $! >"$STATE/haproxy.pid"
    local deadline=$((SECONDS + 30)) last="${backends[-1]}"
    local listen
    listen="$(echo "$last" | grep -oE '"listen": "[^"]+"' | cut -d'"' -f4)"
    until curl -fsS "http://$listen/healthz" >/dev/null 2>&1; do
        kill -0 "$(cat "$STATE/haproxy.pid")" 2>/dev/null || { cat "$STATE/haproxy.log" >&2; return 1; }
        [ "$SECONDS" -lt "$deadline" ] || { echo "error: nothing answers at $listen" >&2; return 1; }
        sleep 0.2
    done
}

started=0
for party in authority:"${AUTHORITY_WORKERS:-2}":0:"${AUTHORITY_PORT:-8000}" \
             platform:"${PLATFORM_WORKERS:-2}":100:"${PLATFORM_PORT:-8100}" \
             idp:"${IDP_WORKERS:-2}":200:"${IDP_PORT:-8200}"; do
    IFS=: read -r name workers offset public <<< "$party"
    [ -f "$DATA/$name/settings.json" ] || continue
    start_party "$name" "$workers" "$((BASE + offset))" "$public"
    publish
    started=$((started + 1))
done
[ "$started" -gt 0 ] || { echo "error: no party is initialised in $DATA" >&2; exit 1; }
trap - ERR
echo "HAProxy: $STATE/haproxy.cfg (admin socket $STATE/haproxy.sock); stop with deploy/stop.sh $DATA"
