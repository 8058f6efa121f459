#!/usr/bin/env bash
# Stop the local OpenSearch node, or every node of the cluster, started by start.sh.
#
#   search/node/stop.sh [PORT]      (default 9201: the first port given to start.sh)
#
# Kills the processes named in the PID files (TERM, then KILL after 30 s): the node on
# PORT and the other nodes that start.sh started with it (listed in its "cluster" file).
# The data and logs stay in ${VLGSITE_CACHE:-~/.cache/vlgsite}/opensearch-node-PORT until
# the next start.
set -euo pipefail

log() { printf '%s\n' "stop.sh: $*" >&2; }

PORT="${1:-9201}"
[[ "$PORT" =~ ^[0-9]+$ ]] || { log "error: PORT must be a number, got '$PORT'"; exit 1; }
CACHE="${VLGSITE_CACHE:-$HOME/.cache/vlgsite}"
CLUSTER_FILE="$CACHE/opensearch-node-$PORT/cluster"

PORTS=("$PORT")
if [[ -f "$CLUSTER_FILE" ]]; then
  mapfile -t PORTS < "$CLUSTER_FILE"
fi

running_pid() {  # $1 = port: the PID of its node, else fails (and removes a stale PID file)
  local pidfile="$CACHE/opensearch-node-$1/opensearch.pid" pid
  if [[ ! -f "$pidfile" ]]; then
    log "no node running on port $1 (no $pidfile)"
    return 1
  fi
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null \
     || ! ps -ww -p "$pid" -o args= 2>/dev/null | grep -q 'OpenSearchRunner\|NodeRunner'; then
    log "no node running on port $1 (stale PID file removed)"
    rm -f "$pidfile"
    return 1
  fi
  echo "$pid"
}

declare -A pids=()
for port in "${PORTS[@]}"; do
  [[ "$port" =~ ^[0-9]+$ ]] || continue
  if pid="$(running_pid "$port")"; then
    pids[$port]="$pid"
    kill "$pid" 2>/dev/null || true
  fi
done

for port in "${!pids[@]}"; do
  pid="${pids[$port]}"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "PID $pid still running after 30 s, sending KILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$CACHE/opensearch-node-$port/opensearch.pid"
  log "stopped OpenSearch on port $port (PID $pid)"
done
rm -f "$CLUSTER_FILE"
