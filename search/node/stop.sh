#!/usr/bin/env bash
# Stop the local OpenSearch node started by start.sh.
#
#   search/node/stop.sh [PORT]      (default 9201)
#
# Kills the process named in the PID file (TERM, then KILL after 30 s). The data and
# logs stay in ${VLGSITE_CACHE:-~/.cache/vlgsite}/opensearch-node-PORT until the next start.
set -euo pipefail

log() { printf '%s\n' "stop.sh: $*" >&2; }

PORT="${1:-9201}"
[[ "$PORT" =~ ^[0-9]+$ ]] || { log "error: PORT must be a number, got '$PORT'"; exit 1; }
CACHE="${VLGSITE_CACHE:-$HOME/.cache/vlgsite}"
PIDFILE="$CACHE/opensearch-node-$PORT/opensearch.pid"

if [[ ! -f "$PIDFILE" ]]; then
  log "no node running on port $PORT (no $PIDFILE)"
  exit 0
fi
pid="$(cat "$PIDFILE" 2>/dev/null || true)"
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null \
   || ! ps -ww -p "$pid" -o args= 2>/dev/null | grep -q 'OpenSearchRunner'; then
  log "no node running on port $PORT (stale PID file removed)"
  rm -f "$PIDFILE"
  exit 0
fi

kill "$pid" 2>/dev/null || true
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
  log "PID $pid still running after 30 s, sending KILL"
  kill -9 "$pid" 2>/dev/null || true
fi
rm -f "$PIDFILE"
log "stopped OpenSearch on port $PORT (PID $pid)"
