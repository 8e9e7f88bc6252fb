# Shell functions the benchmarks share (sourced by bench/dump-benchmark.sh and
# bench/restore-benchmark.sh, not run): tool checks, free ports, and throwaway MariaDB servers on
# 127.0.0.1 (never 3306), each named, with its socket, pid file and error log in the work directory.
#
# The sourcing script sets, before it starts a server:
#   WORK         its work directory (NAME.sock, NAME.pid, NAME.err go there)
#   BUFFER_POOL  innodb_buffer_pool_size of every server it starts
# and calls bench_stop_servers from its exit trap, so no server outlives the script.

BENCH_DEBIAN_PACKAGES="mariadb-server mariadb-client mydumper zstd openssl time openjdk-17-jdk-headless"

# Exits 2 naming the tools (commands or paths) that are missing.
bench_require() {
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]}" >&2
    echo "Debian: apt-get install -y $BENCH_DEBIAN_PACKAGES" >&2
    exit 2
  fi
}

# A TCP port nothing listens on at 127.0.0.1, between 20000 and 60999.
bench_free_port() {
  local port
  for port in $(shuf -i 20000-60999 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found on 127.0.0.1" >&2
  return 1
}

# Makes an empty datadir $1 (root without a password, no test database); its log goes to $2.
bench_install_db() {
  local datadir=$1 log=$2
  mariadb-install-db --no-defaults --datadir="$datadir" --user="$(id -un)" \
    --auth-root-authentication-method=normal --skip-test-db >"$log" 2>&1 \
    || { cat "$log" >&2; exit 1; }
}

# Servers started by bench_start_server: pid and port by name.
declare -A BENCH_PID=() BENCH_PORT=()

# Starts mariadbd on datadir $2 under the name $1, as a primary runs (binary log on, ROW), on a
# free port; returns once it accepts connections, sets BENCH_PORT[$1] and BENCH_PID[$1].
# Exits the script if the server does not come up. Must run in the script's own shell (not in $(...)).
bench_start_server() {
  local name=$1 datadir=$2 port pid
  port=$(bench_free_port)
  mariadbd --no-defaults --datadir="$datadir" --port="$port" --bind-address=127.0.0.1 \
    --socket="$WORK/$name.sock" --pid-file="$WORK/$name.pid" --log-error="$WORK/$name.err" \
    --user="$(id -un)" --server-id=1 --log-bin="$datadir/mysql-bin" --binlog-format=ROW \
    --skip-name-resolve --max-connections=100 --max-allowed-packet=1G \
    --innodb-buffer-pool-size="$BUFFER_POOL" --innodb-log-file-size=1G \
    --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 --local-infile=1 >/dev/null 2>&1 &
  pid=$!
  BENCH_PID[$name]=$pid
  BENCH_PORT[$name]=$port
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "mariadbd ($name) exited while starting:" >&2
      tail -n 20 "$WORK/$name.err" >&2
      unset "BENCH_PID[$name]"
      exit 1
    fi
    mariadb --no-defaults -h 127.0.0.1 -P "$port" -u root -e 'SELECT 1' >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "mariadbd ($name) did not accept connections on port $port within 120 s; see $WORK/$name.err" >&2
  exit 1
}

# Shuts down server $1 (mariadb-admin shutdown; killed if it has not stopped after 120 s).
bench_stop_server() {
  local name=$1 pid=${BENCH_PID[$1]:-} port=${BENCH_PORT[$1]:-}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    echo "stopping the $name server (pid $pid, port $port)" >&2
    mariadb-admin --no-defaults -h 127.0.0.1 -P "$port" -u root --connect-timeout=5 shutdown 2>/dev/null \
      || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 240); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null || true
  unset "BENCH_PID[$name]"
}

# Stops every server still running; for the exit trap.
bench_stop_servers() {
  local name
  for name in "${!BENCH_PID[@]}"; do
    bench_stop_server "$name"
  done
}

# CPU seconds (user + system) process $1 has used so far; 0 if it is gone.
bench_cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{
    sub(/^.*\) /, "");             # drop "pid (comm) ", whatever comm holds
    printf "%.1f\n", ($12 + $13) / tck }' "/proc/$1/stat" 2>/dev/null || echo 0
}
