# Shared by the benchmark scripts: servers of their own in a temporary directory, removed on exit.
# shellcheck shell=bash

work=$(mktemp -d "${TMPDIR:-/tmp}/offramp-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
      echo "$(basename "$0") needs $tool (apt-get install -y mariadb-server mariadb-client mydumper)" >&2; exit 2; }
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME PORT [extra mariadbd options...]: a fresh data directory unless NAME's exists already (a copy).
start_server() {
  local name=$1 port=$2; shift 2
  local dir="$work/$name"
  if [ ! -d "$dir" ]; then
    mariadb-install-db --no-defaults --datadir="$dir" --auth-root-authentication-method=normal --skip-test-db \
      --user="$(id -un)" >"$work/$name-install.log" 2>&1
  fi
  "$(command -v mariadbd || echo /usr/sbin/mariadbd)" --no-defaults --datadir="$dir" --port="$port" \
    --bind-address=127.0.0.1 --socket="$dir/server.sock" --pid-file="$dir/server.pid" --log-error="$dir/error.log" \
    --innodb-buffer-pool-size=256M --innodb-log-file-size=256M --innodb-use-native-aio=0 \
    --innodb-flush-log-at-trx-commit=2 --max-allowed-packet=256M --local-infile=1 \
    --user="$(id -un)" "$@" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    mysql --no-defaults -h127.0.0.1 -P"$port" -uroot -e 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server $name did not start:" >&2; tail "$dir/error.log" >&2; exit 1
}

sql() { mysql --no-defaults -h127.0.0.1 -P"$1" -uroot -N -B -e "$2"; }

jar() {
  (cd "$here" && mvn -B -q -DskipTests package >/dev/null)
  warm "$here/target/offramp.jar"
  echo "$here/target/offramp.jar"
}

# warm JAR [LAUNCHER]: one untimed run, so that bin/offramp makes the jar's class-data sharing archive before the
# timed runs do.
warm() {
  OFFRAMP_JAR="$1" "${2:-$here/bin/offramp}" --version >/dev/null
}

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
}
