#!/usr/bin/env bash
# Whole-backup benchmark, old nightly job against sqlbackup, on one throwaway MariaDB server and
# the same data in the same run:
#   old:  mydumper --trx-consistency-only -t 4 -o DIR, then
#         tar -cz -C DIR . | openssl enc -pbkdf2 -e -aes256 -pass file:KEY > old.tar.gz.enc
#         (in sequence, as the old job ran them: its wall time is the sum; both parts are shown)
#   ours: java -Xmx256m -jar target/sqlbackup.jar backup ... to a file: bucket, with gzip (the
#         default) and again with zstd, with sqlbackup.dump.threads=4.
# Each is timed with /usr/bin/time (wall seconds, peak RSS; for the old job mydumper's peak RSS).
# Every archive is decrypted with openssl and listed by tar before its figures count, and the
# tables in it (DB.TABLE-schema.sql entries) are compared with those mydumper wrote.
#
# The server: mariadbd --no-defaults on a free port on 127.0.0.1 (never 3306), binary log on, its
# datadir under the work directory; the script shuts it down on exit, failed or not. The data:
# bench/load-wikifarm.sh at BENCH_SCALE (see there), unless BENCH_DATADIR names a datadir kept
# from an earlier run (BENCH_KEEP=1), which saves the load. Before the timed runs every table is
# read once (CHECKSUM TABLE), so no run pays for a cold buffer pool.
#
#   bench/dump-benchmark.sh
#
# Environment:
#   BENCH_SCALE    dataset scale for bench/load-wikifarm.sh (default 1: ~1.3 GB InnoDB, 456 tables,
#                  ~5 million rows; 0.05 for a quick try)
#   BENCH_WORK     work directory (default: a new /tmp/sqlbackup-dump-bench.XXXXXX, removed at the end)
#   BENCH_KEEP=1   keep the work directory, the datadir in it included, for BENCH_DATADIR later;
#                  without it the dump, archives and a datadir the script made are removed (the logs
#                  stay in a BENCH_WORK you named)
#   BENCH_DATADIR  reuse this datadir (holding a loaded farm; it is started, not reloaded)
#   BENCH_THREADS  dump threads for both tools (default 4)
#   BENCH_BUFFER_POOL  innodb_buffer_pool_size of the server (default 2G)
#
# Needs: mariadbd, mariadb-install-db, mariadb, mariadb-admin, mydumper, tar, gzip, openssl, zstd,
# java 17 (with javac and jar), /usr/bin/time, and target/sqlbackup.jar
# (mvn -q -o package -DskipTests). Debian: apt-get install -y mariadb-server mariadb-client
# mydumper zstd openssl time openjdk-17-jdk-headless
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/target/sqlbackup.jar
SCALE=${BENCH_SCALE:-1}
THREADS=${BENCH_THREADS:-4}
BUFFER_POOL=${BENCH_BUFFER_POOL:-2G}
KEEP=${BENCH_KEEP:-0}

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_require mariadbd mariadb-install-db mariadb mariadb-admin mydumper tar gzip openssl zstd java javac jar /usr/bin/time
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -o package -DskipTests first" >&2; exit 2; }

if [ -n "${BENCH_WORK:-}" ]; then
  WORK=$BENCH_WORK
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/sqlbackup-dump-bench.XXXXXX)
fi
WORK=$(cd "$WORK" && pwd)
if [ -n "${BENCH_DATADIR:-}" ]; then
  DATADIR=$(cd "$BENCH_DATADIR" && pwd)
  [ -d "$DATADIR/mysql" ] || { echo "BENCH_DATADIR=$DATADIR is not a MariaDB datadir" >&2; exit 2; }
else
  DATADIR=$WORK/data
  [ ! -e "$DATADIR" ] || { echo "$DATADIR exists: set BENCH_DATADIR=$DATADIR to reuse it, or remove it" >&2; exit 2; }
fi

PORT=
cleanup() {
  local status=$?
  bench_stop_servers
  if [ "$KEEP" = 1 ]; then
    echo "kept $WORK; reuse the loaded data with BENCH_DATADIR=$DATADIR" >&2
  else
    # Only what this script made: a datadir given in BENCH_DATADIR is never removed.
    rm -rf "$WORK/old-dump" "$WORK/old.tar.gz.enc" "$WORK"/bucket-* "$WORK/key"
    [ -n "${BENCH_DATADIR:-}" ] || rm -rf "$WORK/data"
    [ -n "${BENCH_WORK:-}" ] || rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SQL=(mariadb --no-defaults -h 127.0.0.1 -u root --batch --skip-column-names)

# The benchmark server (bench/lib.sh; its log is $WORK/mariadb.err).
start_server() {
  bench_start_server mariadb "$DATADIR"
  PORT=${BENCH_PORT[mariadb]}
  SQL+=(-P "$PORT")
}

echo "work directory: $WORK" >&2
if [ -z "${BENCH_DATADIR:-}" ]; then
  bench_install_db "$DATADIR" "$WORK/install-db.log"
  start_server
  echo "server on 127.0.0.1:$PORT; loading the farm at scale $SCALE" >&2
  "$ROOT/bench/load-wikifarm.sh" "$PORT" "$SCALE" | tee "$WORK/load.log"
  echo "$SCALE" > "$DATADIR/wikifarm.scale"
else
  start_server
  SCALE=$(cat "$DATADIR/wikifarm.scale" 2>/dev/null || echo "unknown")
  echo "server on 127.0.0.1:$PORT, reusing $DATADIR (scale $SCALE)" >&2
  "$ROOT/bench/load-wikifarm.sh" "$PORT" --summary | tee "$WORK/load.log"
fi

# Reads every table once, so that each timed run starts with the data in the buffer pool.
warm_start=$(date +%s.%N)
"${SQL[@]}" -e "SELECT CONCAT('CHECKSUM TABLE ', GROUP_CONCAT(CONCAT('\`', table_schema, '\`.\`', table_name, '\`')), ';')
  FROM information_schema.tables WHERE table_schema LIKE 'wiki\\_%' AND table_type = 'BASE TABLE'" \
  | "${SQL[@]}" >/dev/null
awk -v a="$warm_start" -v b="$(date +%s.%N)" 'BEGIN {printf "warm-up (CHECKSUM TABLE of every table): %.0f s\n", b - a}' >&2

LOAD_BEFORE=$(cut -d ' ' -f 1-3 /proc/loadavg)
KEY=$WORK/key
head -c 24 /dev/urandom | base64 > "$KEY"

# "WALL_S PEAK_KB" of the command /usr/bin/time ran, from its output file $1.
timing() { tail -n 1 "$1"; }

# Decrypts archive $1, decompresses it with $2 and lists it; writes the listing (tar tv) to $3.
# Fails unless openssl, the decompressor and tar all succeed and the listing is not empty.
decrypts() {
  local archive=$1 decompress=$2 listing=$3
  set +e
  openssl enc -d -aes256 -pbkdf2 -pass "file:$KEY" -in "$archive" | $decompress | tar -tv > "$listing" 2>"$listing.err"
  local status=("${PIPESTATUS[@]}")
  set -e
  if [ "${status[*]}" != "0 0 0" ] || [ ! -s "$listing" ]; then
    echo "DECRYPT/LIST FAILED for $archive: exit statuses ${status[*]}" >&2
    cat "$listing.err" >&2
    return 1
  fi
}

# Sum of the entry sizes in a tar -tv listing: the uncompressed SQL the archive holds.
listed_bytes() { awk '{s += $3} END {print s + 0}' "$1"; }
# The farm's DB.TABLE-schema.sql names (tables and views) in a listing, one a line, sorted.
listed_tables() { awk '{print $NF}' "$1" | sed 's|^\./||' | grep -E -e '^wiki_.*-schema\.sql$' | grep -v -e '-schema-create\.sql$' | sort; }
# Bytes and entries in a listing outside the farm's databases (mydumper also dumps mysql and sys).
listed_other() { awk '$NF != "./" && $NF !~ /^\.\/wiki_/ {s += $3; n++} END {printf "%d entries, %.1f MB", n, s / 1e6}' "$1"; }
# Trigger and routine entries in a listing.
listed_code() { awk '$NF ~ /-schema-(triggers|post)\.sql$/' "$1" | wc -l; }

# --- the old job ------------------------------------------------------------------------------
echo "old: mydumper --trx-consistency-only -t $THREADS, then tar -cz | openssl enc" >&2
rm -rf "$WORK/old-dump"
/usr/bin/time -f '%e %M' -o "$WORK/old-dump.time" \
  mydumper --trx-consistency-only -t "$THREADS" -o "$WORK/old-dump" -h 127.0.0.1 -P "$PORT" -u root \
  > "$WORK/old-dump.log" 2>&1 || { echo "mydumper failed:" >&2; cat "$WORK/old-dump.log" >&2; exit 1; }
/usr/bin/time -f '%e %M' -o "$WORK/old-pack.time" bash -o pipefail -c \
  "tar -cz -C '$WORK/old-dump' . | openssl enc -pbkdf2 -e -aes256 -pass 'file:$KEY' > '$WORK/old.tar.gz.enc'" \
  > "$WORK/old-pack.log" 2>&1 || { echo "tar | openssl failed:" >&2; cat "$WORK/old-pack.log" >&2; exit 1; }
read -r OLD_DUMP_S OLD_DUMP_KB < <(timing "$WORK/old-dump.time")
read -r OLD_PACK_S _ < <(timing "$WORK/old-pack.time")
decrypts "$WORK/old.tar.gz.enc" "gzip -dc" "$WORK/old.list"
OLD_WALL=$(awk -v a="$OLD_DUMP_S" -v b="$OLD_PACK_S" 'BEGIN {print a + b}')
OLD_SIZE=$(stat -c %s "$WORK/old.tar.gz.enc")
OLD_SQL=$(listed_bytes "$WORK/old.list")
OLD_OTHER=$(listed_other "$WORK/old.list")
OLD_CODE=$(listed_code "$WORK/old.list")
listed_tables "$WORK/old.list" > "$WORK/old.tables"
rm -rf "$WORK/old-dump"

# --- sqlbackup --------------------------------------------------------------------------------
THREAD_SET=(--set "sqlbackup.dump.threads=$THREADS")

declare -A WALL RSS SIZE SQLB OK CODE
ours() {
  local codec=$1 suffix=$2 decompress=$3 bucket=$WORK/bucket-$1
  rm -rf "$bucket"
  mkdir -p "$bucket"
  echo "ours: sqlbackup backup, $codec" >&2
  OK[$codec]=no
  if ! /usr/bin/time -f '%e %M' -o "$WORK/ours-$codec.time" \
      java -Xmx256m -jar "$JAR" backup \
        --set "sqlbackup.source.url=jdbc:mariadb://127.0.0.1:$PORT/" --set sqlbackup.source.user=root \
        --set "sqlbackup.bucket=file:$bucket" --set "sqlbackup.key-file=$KEY" \
        --set "sqlbackup.compression=$codec" "${THREAD_SET[@]}" > "$WORK/ours-$codec.log" 2>&1; then
    echo "sqlbackup backup ($codec) FAILED; its figures do not count. Last lines:" >&2
    tail -n 15 "$WORK/ours-$codec.log" >&2
    return 0
  fi
  read -r WALL[$codec] RSS[$codec] < <(timing "$WORK/ours-$codec.time")
  local archive
  archive=$(find "$bucket" -maxdepth 1 -name "mydumper-backup-*.$suffix" | head -n 1)
  if [ -z "$archive" ]; then
    echo "sqlbackup backup ($codec) stored no *.$suffix in $bucket; its figures do not count" >&2
    return 0
  fi
  decrypts "$archive" "$decompress" "$WORK/ours-$codec.list" || { echo "($codec: figures do not count)" >&2; return 0; }
  SIZE[$codec]=$(stat -c %s "$archive")
  SQLB[$codec]=$(listed_bytes "$WORK/ours-$codec.list")
  listed_tables "$WORK/ours-$codec.list" > "$WORK/ours-$codec.tables"
  CODE[$codec]=$(listed_code "$WORK/ours-$codec.list")
  if ! cmp -s "$WORK/old.tables" "$WORK/ours-$codec.tables"; then
    echo "note ($codec): the tables in the archive differ from mydumper's:" >&2
    diff "$WORK/old.tables" "$WORK/ours-$codec.tables" | head -n 10 >&2 || true
  fi
  OK[$codec]=yes
  grep -E '^  (content|time) ' "$WORK/ours-$codec.log" | sed "s/^/  [$codec] /" >&2 || true
}
ours gzip tar.gz "gzip -dc"
ours zstd tar.zst "zstd -dc"

# --- report -----------------------------------------------------------------------------------
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo
echo "| pipeline | wall s | peak RSS MB | archive MB | SQL in archive MB | time ours/old | size ours/old |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '| old: mydumper -t %s, then tar -cz \\| openssl | %.1f (dump %.1f + pack %.1f) | %.0f (mydumper) | %s | %s | 1.00 | 1.00 |\n' \
  "$THREADS" "$OLD_WALL" "$OLD_DUMP_S" "$OLD_PACK_S" "$(awk -v k="$OLD_DUMP_KB" 'BEGIN {print k / 1024}')" \
  "$(mb "$OLD_SIZE")" "$(mb "$OLD_SQL")"
for codec in gzip zstd; do
  if [ "${OK[$codec]}" = yes ]; then
    printf '| sqlbackup backup, %s | %.1f | %.0f | %s | %s | %s | %s |\n' "$codec" "${WALL[$codec]}" \
      "$(awk -v k="${RSS[$codec]}" 'BEGIN {print k / 1024}')" "$(mb "${SIZE[$codec]}")" "$(mb "${SQLB[$codec]}")" \
      "$(ratio "${WALL[$codec]}" "$OLD_WALL")" "$(ratio "${SIZE[$codec]}" "$OLD_SIZE")"
  else
    printf '| sqlbackup backup, %s | FAILED | | | | | |\n' "$codec"
  fi
done
echo
if [ "${OK[gzip]}" = yes ]; then
  awk -v a="${SIZE[gzip]}" -v b="$OLD_SIZE" 'BEGIN {d = (a / b - 1) * 100;
    printf "gzip archive within 10%% of the old archive'"'"'s size: %s (%+.1f%%)\n", (d <= 10 && d >= -10) ? "yes" : "no", d}'
fi
echo "ours: sqlbackup.dump.threads=$THREADS; java -Xmx256m"
echo "old archive: also $OLD_OTHER outside the farm (mydumper dumps the mysql and sys schemas; sqlbackup leaves system schemas out); $OLD_CODE trigger/routine files"
for codec in gzip zstd; do
  [ "${OK[$codec]}" != yes ] || echo "ours ($codec): ${CODE[$codec]} trigger/routine files; tables and views as mydumper's: $(cmp -s "$WORK/old.tables" "$WORK/ours-$codec.tables" && echo same || echo DIFFERENT)"
done
echo "scale $SCALE; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); memory $(free -g | awk '/^Mem:/ {print $2 " GB total, " $7 " GB available"}')"
echo "$("${SQL[@]}" -e 'SELECT VERSION()'); $(mydumper --version 2>&1 | head -n 1); $(java -version 2>&1 | head -n 1); $(openssl version); $(tar --version | head -n 1); $(gzip --version | head -n 1); zstd $(zstd -V | grep -o 'v[0-9.]*' | head -n 1)"
echo "server: innodb_buffer_pool_size=$BUFFER_POOL, binary log on, datadir $DATADIR"
echo "load average (1, 5, 15 min) before the timed runs: $LOAD_BEFORE; after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
