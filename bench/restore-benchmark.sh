#!/usr/bin/env bash
# Restore benchmark, the old runbook against sqlbackup, on the same data in one run:
#   1. a source server with the wiki farm (bench/load-wikifarm.sh, or BENCH_DATADIR); two archives
#      of it: OLD as the nightly job made it (mydumper --trx-consistency-only -t N -o DIR, then
#      tar -cz -C DIR . | openssl enc -pbkdf2 -e -aes256 -pass file:KEY) and OURS
#      (java -Xmx256m -jar target/sqlbackup.jar backup to a file: bucket, gzip, the default).
#      The source's per-table row counts and CHECKSUM TABLE values are recorded; then it stops.
#   2. old: into a fresh empty server, timed end to end (both parts shown):
#        openssl enc -d -aes256 -pbkdf2 -pass file:KEY -in OLD | tar xz -C DIR
#        myloader -d DIR -t N --overwrite-tables -h 127.0.0.1 -P PORT -u root
#   3. ours: into another fresh empty server,
#        java -Xmx256m -jar target/sqlbackup.jar restore --backup NAME --targets primary --no-replication
#          --set sqlbackup.primary.url=... --set sqlbackup.bucket=file:BUCKET --set sqlbackup.key-file=KEY
#          --set sqlbackup.restore.threads=N
#      under /usr/bin/time -v (wall time, peak RSS), with -Xlog:gc to a file. Its steps are shown
#      with the second each ended at and the CPU seconds the JVM and the server spent since the
#      step before (both sampled from /proc every half second). What the restore writes to disk
#      is measured (the JVM's file system outputs, its java.io.tmpdir pointed into the work
#      directory and watched, the work directory's size, the file system's free space against the
#      target datadir's growth): nothing but the server's datadir is expected.
#   4. ours again, from the OLD archive copied into the bucket as
#      mydumper-backup-2020-01-01_000000.tar.gz (old archives must stay restorable); if that
#      restore fails, once more with --databases naming the farm's databases, so that the load
#      is still timed (the failure stays in the report).
# After each restore the farm's tables are compared with the source's: same tables, same row
# counts, same CHECKSUM TABLE (a table with a FLOAT column is reported apart: mydumper 0.10 writes
# FLOAT values with 6 significant digits, so they come back rounded from an old archive whoever
# loads it). A restore whose tables do not match does not count. Views, triggers and routines are
# counted on each server and shown.
#
# Every server is mariadbd --no-defaults on a free port on 127.0.0.1 (never 3306), binary log on,
# started with BENCH_BUFFER_POOL, its datadir under the work directory; one runs at a time, and
# the script shuts them down on exit, failed or not. The target servers start empty and cold.
#
#   bench/restore-benchmark.sh
#
# Environment (as bench/dump-benchmark.sh; a datadir kept by either script serves both):
#   BENCH_SCALE    dataset scale for bench/load-wikifarm.sh (default 1: ~1.3 GB InnoDB, 456 tables,
#                  ~5 million rows; 0.05 for a quick try)
#   BENCH_WORK     work directory (default: a new /tmp/sqlbackup-bench-restore.XXXXXX, removed at the end)
#   BENCH_KEEP=1   keep the work directory, the datadirs in it included (the source's for
#                  BENCH_DATADIR later); without it archives, dumps and datadirs the script made are
#                  removed (the logs stay in a BENCH_WORK you named)
#   BENCH_DATADIR  reuse this datadir (holding a loaded farm; it is started, not reloaded)
#   BENCH_THREADS  threads of both tools, for the dumps and the restores (default 4)
#   BENCH_BUFFER_POOL  innodb_buffer_pool_size of each server (default 2G)
#   BENCH_JAR      the sqlbackup jar to time (default target/sqlbackup.jar)
#
# Needs: mariadbd, mariadb-install-db, mariadb, mariadb-admin, mydumper, myloader, tar, gzip,
# openssl, java 17 (with javac), /usr/bin/time, pgrep, and target/sqlbackup.jar
# (mvn -q -o package -DskipTests). Debian: apt-get install -y mariadb-server mariadb-client
# mydumper openssl time openjdk-17-jdk-headless
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${BENCH_JAR:-$ROOT/target/sqlbackup.jar}
SCALE=${BENCH_SCALE:-1}
THREADS=${BENCH_THREADS:-4}
BUFFER_POOL=${BENCH_BUFFER_POOL:-2G}
KEEP=${BENCH_KEEP:-0}
OLD_NAME=mydumper-backup-2020-01-01_000000.tar.gz

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
bench_require mariadbd mariadb-install-db mariadb mariadb-admin mydumper myloader tar gzip openssl java javac \
  /usr/bin/time du df find join pgrep getconf
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q -o package -DskipTests first" >&2; exit 2; }
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

if [ -n "${BENCH_WORK:-}" ]; then
  WORK=$BENCH_WORK
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/sqlbackup-bench-restore.XXXXXX)
fi
WORK=$(cd "$WORK" && pwd)
if [ -n "${BENCH_DATADIR:-}" ]; then
  DATADIR=$(cd "$BENCH_DATADIR" && pwd)
  [ -d "$DATADIR/mysql" ] || { echo "BENCH_DATADIR=$DATADIR is not a MariaDB datadir" >&2; exit 2; }
else
  DATADIR=$WORK/data
  [ ! -e "$DATADIR" ] || { echo "$DATADIR exists: set BENCH_DATADIR=$DATADIR to reuse it, or remove it" >&2; exit 2; }
fi
for made in old-dump old-restore bucket target-old target-ours target-ours-old target-ours-old-db java-tmp; do
  [ ! -e "$WORK/$made" ] || { echo "$WORK/$made exists (from an earlier run?): remove it or use another BENCH_WORK" >&2; exit 2; }
done
BUCKET=$WORK/bucket
KEY=$WORK/key
OLD_ARCHIVE=$WORK/old.tar.gz.enc

WATCHER=
cleanup() {
  local status=$?
  [ -z "$WATCHER" ] || { kill "$WATCHER" 2>/dev/null || true; wait "$WATCHER" 2>/dev/null || true; }
  bench_stop_servers
  if [ "$KEEP" = 1 ]; then
    echo "kept $WORK; reuse the loaded data with BENCH_DATADIR=$DATADIR" >&2
  else
    # Only what this script made: a datadir given in BENCH_DATADIR is never removed.
    rm -rf "$WORK/old-dump" "$WORK/old-restore" "$OLD_ARCHIVE" "$BUCKET" "$KEY" "$WORK"/target-* "$WORK/java-tmp"
    [ -n "${BENCH_DATADIR:-}" ] || rm -rf "$WORK/data"
    [ -n "${BENCH_WORK:-}" ] || rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The mariadb client on the server named $1.
sql() {
  local name=$1
  shift
  mariadb --no-defaults -h 127.0.0.1 -P "${BENCH_PORT[$name]}" -u root --batch --skip-column-names "$@"
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
now() { date +%s.%N; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1e6}'; }
kb_mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }

# Writes the farm's base tables on server $1 to $2, one "db.table rows checksum float" line each
# (float: F when the table has a FLOAT column, - otherwise), sorted; and its views, triggers and
# routines to $2.objects.
table_sums() {
  local name=$1 out=$2
  local counts checksums floats
  counts=$(sql "$name" -e "SELECT GROUP_CONCAT(CONCAT('SELECT ''', table_schema, '.', table_name, ''', COUNT(*) FROM \`',
      table_schema, '\`.\`', table_name, '\`') SEPARATOR ' UNION ALL ')
    FROM information_schema.tables WHERE table_schema LIKE 'wiki\\_%' AND table_type = 'BASE TABLE'")
  checksums=$(sql "$name" -e "SELECT CONCAT('CHECKSUM TABLE ', GROUP_CONCAT(CONCAT('\`', table_schema, '\`.\`', table_name, '\`')))
    FROM information_schema.tables WHERE table_schema LIKE 'wiki\\_%' AND table_type = 'BASE TABLE'")
  floats=$(sql "$name" -e "SELECT DISTINCT CONCAT(table_schema, '.', table_name) FROM information_schema.columns
    WHERE table_schema LIKE 'wiki\\_%' AND data_type = 'float'")
  if [ "$counts" = NULL ]; then
    : > "$out"
  else
    LC_ALL=C join -j 1 <(echo "$counts" | sql "$name" --max-allowed-packet=64M | LC_ALL=C sort -k1,1) \
                       <(echo "$checksums" | sql "$name" | LC_ALL=C sort -k1,1) \
      | awk -v floats="$floats" '
          BEGIN { n = split(floats, f, "\n"); for (i = 1; i <= n; i++) if (f[i] != "") isfloat[f[i]] = 1 }
          { printf "%s %s %s %s\n", $1, $2, $3, ($1 in isfloat) ? "F" : "-" }' > "$out"
  fi
  sql "$name" -e "SELECT
      (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema LIKE 'wiki\\_%' AND table_type = 'VIEW'),
      (SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema LIKE 'wiki\\_%'),
      (SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema LIKE 'wiki\\_%')" \
    | awk '{printf "%s views, %s triggers, %s routines\n", $1, $2, $3}' > "$out.objects"
}

# Compares the sums of a restore ($2) with the source's ($1); prints what differs, writes the
# verdict to $3 ("ok" or "FAILED"), and a one-line summary to $3.note.
compare_sums() {
  local source=$1 target=$2 verdict=$3
  awk -v verdict="$verdict" '
    FNR == NR { src_rows[$1] = $2; src_sum[$1] = $3; src_float[$1] = $4; n_src++; if ($4 == "F") n_float++; next }
    {
      n_tgt++
      if (!($1 in src_rows)) { extra++; if (extra <= 5) print "  extra table on the target: " $1; next }
      seen[$1] = 1
      if ($2 != src_rows[$1]) {
        rows_diff++
        if (rows_diff <= 10) print "  row count differs: " $1 " source " src_rows[$1] ", target " $2 \
          ($3 == src_sum[$1] ? " (CHECKSUM TABLE equal: the rows are right, the row count the table stores is not; CHECK TABLE " $1 " tells)" : "")
      }
      if ($3 == src_sum[$1]) { if (src_float[$1] == "F") eq_float++; else eq_exact++ }
      else if (src_float[$1] == "F") { float_diff++; if (float_diff <= 3) float_names = float_names " " $1 }
      else { sum_diff++; if (sum_diff <= 10) print "  CHECKSUM TABLE differs: " $1 " source " src_sum[$1] ", target " $3 }
    }
    END {
      for (t in src_rows) if (!(t in seen)) { missing++; if (missing <= 5) print "  missing on the target: " t }
      ok = (n_tgt > 0 && missing + 0 == 0 && extra + 0 == 0 && rows_diff + 0 == 0 && sum_diff + 0 == 0)
      note = sprintf("%d of %d tables, row counts %s, CHECKSUM TABLE equal on %d of %d tables without FLOAT columns",
        n_tgt - extra, n_src, rows_diff + 0 == 0 ? "equal" : (rows_diff " DIFFER"), eq_exact, n_src - n_float)
      if (n_float > 0) note = note sprintf("; on %d of %d with FLOAT columns", eq_float, n_float)
      if (float_diff > 0) note = note " (mydumper 0.10 writes FLOAT with 6 digits:" float_names (float_diff > 3 ? " ..." : "") ")"
      print (ok ? "ok" : "FAILED") > verdict
      print note > (verdict ".note")
    }' "$source" "$target"
}

# Starts a fresh empty server named $1 with its datadir under the work directory.
fresh_server() {
  local name=$1
  bench_install_db "$WORK/$name" "$WORK/$name-install-db.log"
  bench_start_server "$name" "$WORK/$name"
}

# After a restore into server $1: sums, comparison with the source, stop, and (unless
# BENCH_KEEP=1) the datadir removed. Sets CHECK[$1] and CHECK_NOTE[$1], OBJECTS[$1].
declare -A CHECK CHECK_NOTE OBJECTS
check_restore() {
  local name=$1 started
  started=$(now)
  table_sums "$name" "$WORK/$name.sums"
  echo "$name: comparing $(wc -l < "$WORK/$name.sums") tables with the source's" >&2
  compare_sums "$WORK/source.sums" "$WORK/$name.sums" "$WORK/$name.verdict" >&2
  CHECK[$name]=$(cat "$WORK/$name.verdict")
  CHECK_NOTE[$name]=$(cat "$WORK/$name.verdict.note")
  OBJECTS[$name]=$(cat "$WORK/$name.sums.objects")
  echo "$name: ${CHECK[$name]}: ${CHECK_NOTE[$name]}; ${OBJECTS[$name]} (checked in $(secs "$started" "$(now)") s)" >&2
  bench_stop_server "$name"
  [ "$KEEP" = 1 ] || rm -rf "${WORK:?}/$name"
}

# Bytes of the work directory, without the datadirs (the source's and the targets').
work_bytes() {
  { find "$WORK" -mindepth 1 -maxdepth 1 ! -name data ! -name 'target-*' -print0 | du -sbc --files0-from=- 2>/dev/null || true; } \
    | awk 'END {print $1 + 0}'
}
# Free bytes on the file system of the work directory.
free_bytes() { df -B1 --output=avail "$WORK" | tail -n 1 | tr -d ' '; }

# Until killed: every half second, the CPU seconds so far of the restore's JVM and of the target
# server (pid $3), appended to $2 as "SECONDS_SINCE_T0 JVM_CPU SERVER_CPU" (t0: $4, microseconds
# since the epoch); and the peak size of the work directory (datadirs aside) and of the JVM's
# temporary directory, written to $1 as "WORK_PEAK TMP_PEAK TMP_ENTRIES_PEAK".
watch_restore() {
  local out=$1 cpu=$2 server=$3 t0=$4 work_peak=0 tmp_peak=0 entries_peak=0 w t e v jvm jvm_cpu=0
  while :; do
    # once the JVM has exited, its last figure stands
    jvm=$(pgrep -n -f -- "-Djava.io.tmpdir=$WORK/java-tmp" || true)
    if [ -n "$jvm" ]; then
      v=$(bench_cpu_seconds "$jvm")
      [ "${v%.*}" -lt "${jvm_cpu%.*}" ] || jvm_cpu=$v
    fi
    echo "$(( (${EPOCHREALTIME/./} - t0) / 1000 )) $jvm_cpu $(bench_cpu_seconds "$server")" >> "$cpu"
    w=$(work_bytes)
    t=$({ du -sb "$WORK/java-tmp" 2>/dev/null || true; } | awk 'END {print $1 + 0}')
    e=$({ find "$WORK/java-tmp" -mindepth 1 2>/dev/null || true; } | wc -l)
    [ "${w:-0}" -le "$work_peak" ] || work_peak=$w
    [ "${t:-0}" -le "$tmp_peak" ] || tmp_peak=$t
    [ "$e" -le "$entries_peak" ] || entries_peak=$e
    echo "$work_peak $tmp_peak $entries_peak" > "$out"
    sleep 0.5
  done
}

# The restore's step lines ($1, each "SECONDS s  ok ...") with, for the span since the step before,
# its length and the CPU seconds the JVM and the target server spent in it (from the samples in $2).
steps_with_cpu() {
  awk '
    FNR == NR { n++; ms[n] = $1; jvm[n] = $2; srv[n] = $3; next }
    function at(t, which,   i, best) {   # the last sample taken at or before t seconds
      best = 1
      for (i = 1; i <= n; i++) if (ms[i] / 1000 <= t) best = i
      return which == "jvm" ? jvm[best] : srv[best]
    }
    {
      t = $1 + 0
      line = $0; sub(/^ *[0-9.]+ s +/, "", line)
      j = at(t, "jvm"); s = at(t, "srv")
      printf "%6.1f s  +%5.1f s  JVM %5.1f  mariadbd %5.1f CPU s   %s\n", t, t - prev, j - pj, s - ps, line
      prev = t; pj = j; ps = s
    }' "$2" "$1"
}

# Prefixes each line with the seconds since $1 (microseconds since the epoch).
stamp() {
  local t0=$1 line d
  while IFS= read -r line; do
    d=$(( (${EPOCHREALTIME/./} - t0) / 100000 ))
    printf '%5d.%d s  %s\n' $((d / 10)) $((d % 10)) "$line"
  done
}

# One line on the collections in a -Xlog:gc file: stop-the-world pauses (count, total, full
# ones), concurrent marking cycles, and how many collections humongous allocations (objects of
# half a G1 region or more: 512 KB at -Xmx256m) started.
gc_summary() {
  awk '
    / Pause / && /ms$/ { pauses++; ms = $NF; sub(/ms$/, "", ms); total += ms; if (/Pause Full/) full++ }
    /Humongous Allocation/ { humongous++ }
    /Concurrent Mark Cycle [0-9.]+ms$/ { cycles++; ms = $NF; sub(/ms$/, "", ms); marking += ms }
    END { printf "%d pauses, %.1f s stop-the-world (%d full); %d concurrent marking cycles (%.1f s); %d collections started by humongous allocations\n",
      pauses, total / 1000, full, cycles, marking / 1000, humongous }' "$1" 2>/dev/null || echo "no GC log"
}

# "wall_s peak_kb written_bytes user_s sys_s" from a /usr/bin/time -v output file.
time_v() {
  awk -F': ' '
    index($1, "Elapsed (wall clock) time") { n = split($NF, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    index($1, "Maximum resident set size") { rss = $NF }
    index($1, "File system outputs") { out = $NF * 512 }
    index($1, "User time (seconds)") { user = $NF }
    index($1, "System time (seconds)") { sys = $NF }
    END { printf "%.2f %d %d %.1f %.1f\n", wall, rss, out, user, sys }' "$1"
}

echo "work directory: $WORK" >&2
mkdir -p "$BUCKET" "$WORK/java-tmp"
LOAD_AT_START=$(cut -d ' ' -f 1-3 /proc/loadavg)

# --- the source and its two archives -----------------------------------------------------------
if [ -z "${BENCH_DATADIR:-}" ]; then
  bench_install_db "$DATADIR" "$WORK/install-db.log"
  bench_start_server source "$DATADIR"
  echo "source server on 127.0.0.1:${BENCH_PORT[source]}; loading the farm at scale $SCALE" >&2
  "$ROOT/bench/load-wikifarm.sh" "${BENCH_PORT[source]}" "$SCALE" | tee "$WORK/load.log"
  echo "$SCALE" > "$DATADIR/wikifarm.scale"
else
  bench_start_server source "$DATADIR"
  SCALE=$(cat "$DATADIR/wikifarm.scale" 2>/dev/null || echo "unknown")
  echo "source server on 127.0.0.1:${BENCH_PORT[source]}, reusing $DATADIR (scale $SCALE)" >&2
  "$ROOT/bench/load-wikifarm.sh" "${BENCH_PORT[source]}" --summary | tee "$WORK/load.log"
fi
SERVER_VERSION=$(sql source -e 'SELECT VERSION()')

started=$(now)
table_sums source "$WORK/source.sums"
echo "source: $(wc -l < "$WORK/source.sums") tables (row counts and CHECKSUM TABLE recorded in $(secs "$started" "$(now)") s); $(cat "$WORK/source.sums.objects")" >&2
SOURCE_ROWS=$(awk '{s += $2} END {print s + 0}' "$WORK/source.sums")
SOURCE_TABLES=$(wc -l < "$WORK/source.sums")
SOURCE_OBJECTS=$(cat "$WORK/source.sums.objects")
head -c 24 /dev/urandom | base64 > "$KEY"

echo "old archive: mydumper --trx-consistency-only -t $THREADS, then tar -cz | openssl enc" >&2
started=$(now)
mydumper --trx-consistency-only -t "$THREADS" -o "$WORK/old-dump" -h 127.0.0.1 -P "${BENCH_PORT[source]}" -u root \
  > "$WORK/old-dump.log" 2>&1 || { echo "mydumper failed:" >&2; cat "$WORK/old-dump.log" >&2; exit 1; }
tar -cz -C "$WORK/old-dump" . | openssl enc -pbkdf2 -e -aes256 -pass "file:$KEY" > "$OLD_ARCHIVE"
rm -rf "$WORK/old-dump"
echo "  $(mb "$(stat -c %s "$OLD_ARCHIVE")") MB in $(secs "$started" "$(now)") s" >&2

echo "our archive: sqlbackup backup (gzip, sqlbackup.dump.threads=$THREADS)" >&2
started=$(now)
java -Xmx256m -jar "$JAR" backup \
  --set "sqlbackup.source.url=jdbc:mariadb://127.0.0.1:${BENCH_PORT[source]}/" --set sqlbackup.source.user=root \
  --set "sqlbackup.bucket=file:$BUCKET" --set "sqlbackup.key-file=$KEY" --set "sqlbackup.dump.threads=$THREADS" \
  > "$WORK/ours-backup.log" 2>&1 || { echo "sqlbackup backup failed:" >&2; tail -n 20 "$WORK/ours-backup.log" >&2; exit 1; }
OURS_NAME=$(cd "$BUCKET" && find . -maxdepth 1 -name 'mydumper-backup-*.tar.gz' | sed 's|^\./||' | head -n 1)
[ -n "$OURS_NAME" ] || { echo "sqlbackup backup stored no mydumper-backup-*.tar.gz in $BUCKET" >&2; exit 1; }
echo "  $OURS_NAME: $(mb "$(stat -c %s "$BUCKET/$OURS_NAME")") MB in $(secs "$started" "$(now)") s" >&2
bench_stop_server source

# --- old: openssl | tar xz, then myloader -------------------------------------------------------
declare -A WALL RSS PARTS WRITTEN CPU_SERVER CPU_TOOL
echo "old restore: openssl enc -d | tar xz, then myloader -t $THREADS --overwrite-tables" >&2
fresh_server target-old
mkdir -p "$WORK/old-restore"
pid=${BENCH_PID[target-old]}
cpu0=$(bench_cpu_seconds "$pid")
/usr/bin/time -f '%e %M %O %U %S' -o "$WORK/old-extract.time" bash -o pipefail -c \
  "openssl enc -d -aes256 -pbkdf2 -pass 'file:$KEY' -in '$OLD_ARCHIVE' | tar xz -C '$WORK/old-restore'" \
  > "$WORK/old-extract.log" 2>&1 || { echo "openssl | tar xz failed:" >&2; cat "$WORK/old-extract.log" >&2; exit 1; }
/usr/bin/time -f '%e %M %O %U %S' -o "$WORK/old-load.time" \
  myloader -d "$WORK/old-restore" -t "$THREADS" --overwrite-tables -h 127.0.0.1 -P "${BENCH_PORT[target-old]}" -u root \
  > "$WORK/old-load.log" 2>&1 || { echo "myloader failed:" >&2; tail -n 20 "$WORK/old-load.log" >&2; exit 1; }
CPU_SERVER[old]=$(awk -v a="$cpu0" -v b="$(bench_cpu_seconds "$pid")" 'BEGIN {printf "%.0f", b - a}')
read -r EXTRACT_S _ EXTRACT_OUT EXTRACT_U EXTRACT_SYS < <(tail -n 1 "$WORK/old-extract.time")
read -r LOAD_S LOAD_KB _ LOAD_U LOAD_SYS < <(tail -n 1 "$WORK/old-load.time")
EXTRACTED=$(du -sb "$WORK/old-restore" | cut -f 1)
EXTRACTED_FILES=$(find "$WORK/old-restore" -type f | wc -l)
rm -rf "$WORK/old-restore"
WALL[old]=$(awk -v a="$EXTRACT_S" -v b="$LOAD_S" 'BEGIN {printf "%.1f", a + b}')
PARTS[old]=$(printf 'extract %.1f + myloader %.1f' "$EXTRACT_S" "$LOAD_S")
RSS[old]="$(kb_mb "$LOAD_KB") (myloader)"
WRITTEN[old]="$(mb "$EXTRACTED") MB extracted ($EXTRACTED_FILES files; tar wrote $(mb $((EXTRACT_OUT * 512))) MB)"
CPU_TOOL[old]=$(awk -v a="$EXTRACT_U" -v b="$EXTRACT_SYS" -v c="$LOAD_U" -v d="$LOAD_SYS" \
  'BEGIN {printf "%.0f (openssl+tar %.0f, myloader %.0f)", a + b + c + d, a + b, c + d}')
echo "  ${WALL[old]} s (${PARTS[old]}), myloader peak RSS ${RSS[old]} MB" >&2
check_restore target-old

# --- ours ----------------------------------------------------------------------------------------
# Restores backup $2 into a fresh server named $1 with sqlbackup, timed; row key $3; further
# arguments go to sqlbackup restore.
ours_restore() {
  local name=$1 backup=$2 row=$3 pid cpu0 t0 status=0 work0 free0 data0 free1 data1
  shift 3
  echo "$row: sqlbackup restore --backup $backup $* (sqlbackup.restore.threads=$THREADS)" >&2
  fresh_server "$name"
  pid=${BENCH_PID[$name]}
  work0=$(work_bytes)
  free0=$(free_bytes)
  data0=$(du -sb "$WORK/$name" | cut -f 1)
  cpu0=$(bench_cpu_seconds "$pid")
  t0=${EPOCHREALTIME/./}
  : > "$WORK/$row.cpu"
  watch_restore "$WORK/$row.disk" "$WORK/$row.cpu" "$pid" "$t0" &
  WATCHER=$!
  /usr/bin/time -v -o "$WORK/$row.time" \
    java -Xmx256m "-Djava.io.tmpdir=$WORK/java-tmp" "-Xlog:gc:file=$WORK/$row.gc" -jar "$JAR" restore --backup "$backup" --targets primary --no-replication \
      --set "sqlbackup.primary.url=jdbc:mariadb://127.0.0.1:${BENCH_PORT[$name]}/" \
      --set "sqlbackup.bucket=file:$BUCKET" --set "sqlbackup.key-file=$KEY" \
      --set "sqlbackup.restore.threads=$THREADS" "$@" 2>&1 | stamp "$t0" > "$WORK/$row.log" || status=$?
  CPU_SERVER[$row]=$(awk -v a="$cpu0" -v b="$(bench_cpu_seconds "$pid")" 'BEGIN {printf "%.0f", b - a}')
  kill "$WATCHER" 2>/dev/null || true
  wait "$WATCHER" 2>/dev/null || true
  WATCHER=
  free1=$(free_bytes)
  data1=$(du -sb "$WORK/$name" | cut -f 1)
  local wall kb out user sys work_peak tmp_peak entries_peak
  read -r wall kb out user sys < <(time_v "$WORK/$row.time")
  read -r work_peak tmp_peak entries_peak < "$WORK/$row.disk"
  WALL[$row]=$(printf '%.1f' "$wall")
  RSS[$row]=$(kb_mb "$kb")
  CPU_TOOL[$row]=$(awk -v a="$user" -v b="$sys" 'BEGIN {printf "%.0f", a + b}')
  WRITTEN[$row]="JVM wrote $(mb "$out") MB; java.io.tmpdir peak $(mb "$tmp_peak") MB ($entries_peak entries)"
  DISK_NOTE[$row]="work directory without datadirs: $(mb "$work0") MB before, peak $(mb "$work_peak") MB, $(mb "$(work_bytes)") MB after; file system: $(mb $((free0 - free1))) MB less free space, of which the target datadir grew $(mb $((data1 - data0))) MB"
  grep -E '^ *[0-9.]+ s  +(ok|FAILED) ' "$WORK/$row.log" > "$WORK/$row.steps.raw" || true
  # the end of the run as a last step, so the span after the last step (stopping Camel) shows too
  printf '%.1f s    (the JVM has exited)\n' "$wall" >> "$WORK/$row.steps.raw"
  steps_with_cpu "$WORK/$row.steps.raw" "$WORK/$row.cpu" > "$WORK/$row.steps"
  GC_NOTE[$row]=$(gc_summary "$WORK/$row.gc")
  if grep -q 'exceed .* bytes in memory' "$WORK/$row.log"; then
    DISK_NOTE[$row]+="; schema files SPILLED to disk: $(grep -o 'exceed .*' "$WORK/$row.log" | head -n 1)"
  fi
  if [ "$status" != 0 ]; then
    echo "  sqlbackup restore FAILED (exit $status) after ${WALL[$row]} s; its figures do not count. Last lines:" >&2
    tail -n 25 "$WORK/$row.log" >&2
    CHECK[$name]=FAILED
    CHECK_NOTE[$name]="restore failed (exit $status): $(grep -m1 'error:' "$WORK/$row.log" | sed 's/^ *[0-9.]* s  //' || true)"
    OBJECTS[$name]=
    bench_stop_server "$name"
    [ "$KEEP" = 1 ] || rm -rf "${WORK:?}/$name"
    return 0
  fi
  echo "  ${WALL[$row]} s, peak RSS ${RSS[$row]} MB; ${WRITTEN[$row]}" >&2
  sed 's/^/    /' "$WORK/$row.steps" >&2
  check_restore "$name"
}
declare -A DISK_NOTE GC_NOTE
ours_restore target-ours "$OURS_NAME" ours
cp "$OLD_ARCHIVE" "$BUCKET/$OLD_NAME"
ours_restore target-ours-old "$OLD_NAME" ours-old
ROWS=(ours ours-old)
if [ "${CHECK[target-ours-old]}" != ok ] && [ -z "${OBJECTS[target-ours-old]}" ]; then
  # The old job's archive also holds the mysql and sys schemas (mydumper dumps every schema). If
  # the restore stopped, time it once more restoring only the farm's databases, so the load itself
  # is measured; the failure stays in the report.
  FARM_DBS=$(cut -d . -f 1 "$WORK/source.sums" | sort -u | paste -sd ,)
  echo "ours-old failed; again with --databases (the farm's $(echo "$FARM_DBS" | tr , '\n' | wc -l) databases)" >&2
  ours_restore target-ours-old-db "$OLD_NAME" ours-old-db "--databases=$FARM_DBS"
  ROWS+=(ours-old-db)
fi

# --- report ----------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { [ "${CHECK[$1]}" = ok ] && echo "ok" || echo "**${CHECK[$1]}** (does not count)"; }

echo
echo "| restore | wall s | time ours/old | peak RSS MB | CPU s: tool / mariadbd | written to disk | tables match the source |"
echo "|---|---:|---:|---:|---:|---|---|"
printf '| old: openssl \\| tar xz, then myloader -t %s (old archive) | %s (%s) | 1.00 | %s | %s / %s | %s | %s |\n' \
  "$THREADS" "${WALL[old]}" "${PARTS[old]}" "${RSS[old]}" "${CPU_TOOL[old]}" "${CPU_SERVER[old]}" "${WRITTEN[old]}" \
  "$(verdict target-old)"
describe_row() {
  case $1 in
    ours) echo "sqlbackup restore, our archive (gzip)" ;;
    ours-old) echo "sqlbackup restore, the old archive" ;;
    ours-old-db) echo "sqlbackup restore, the old archive, --databases=the farm's" ;;
  esac
}
for row in "${ROWS[@]}"; do
  name=target-$row
  what=$(describe_row "$row")
  printf '| %s | %s | %s | %s | %s / %s | %s | %s |\n' "$what" "${WALL[$row]}" "$(ratio "${WALL[$row]}" "${WALL[old]}")" \
    "${RSS[$row]}" "${CPU_TOOL[$row]}" "${CPU_SERVER[$row]}" "${WRITTEN[$row]}" "$(verdict "$name")"
done
echo
awk -v a="${WALL[ours]}" -v b="${WALL[old]}" -v r="${RSS[ours]}" -v ok="${CHECK[target-ours]}" 'BEGIN {
  printf "target time ours/old <= 0.60: %s (%.2f); peak RSS < 512 MB at -Xmx256m: %s (%d MB)%s\n",
    (a / b <= 0.6 ? "met" : "MISSED"), a / b, (r < 512 ? "met" : "MISSED"), r, (ok == "ok" ? "" : "; but the restore did not match the source")}'
echo
echo "source: $SOURCE_TABLES tables, $SOURCE_ROWS rows; $SOURCE_OBJECTS"
for name in target-old "${ROWS[@]/#/target-}"; do
  echo "$name: ${CHECK[$name]}: ${CHECK_NOTE[$name]}${OBJECTS[$name]:+; ${OBJECTS[$name]}}"
done
echo
for row in "${ROWS[@]}"; do
  echo "sqlbackup restore ($row), steps with the second each ended at:"
  sed 's/^/  /' "$WORK/$row.steps"
  echo "  disk: ${DISK_NOTE[$row]}"
  echo "  GC (-Xlog:gc): ${GC_NOTE[$row]}"
done
echo
echo "archives: old $(mb "$(stat -c %s "$OLD_ARCHIVE")") MB (mydumper -t $THREADS, tar -cz, openssl), ours $(mb "$(stat -c %s "$BUCKET/$OURS_NAME")") MB ($OURS_NAME, gzip level 4)"
echo "threads: myloader -t $THREADS, sqlbackup.restore.threads=$THREADS; java -Xmx256m"
echo "scale $SCALE; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); memory $(free -g | awk '/^Mem:/ {print $2 " GB total, " $7 " GB available"}')"
echo "$SERVER_VERSION; $(mydumper --version 2>&1 | head -n 1); $(myloader --version 2>&1 | head -n 1); $(java -version 2>&1 | head -n 1); $(openssl version); $(tar --version | head -n 1)"
echo "servers: innodb_buffer_pool_size=$BUFFER_POOL, innodb_flush_log_at_trx_commit=2, sync_binlog=0, binary log on; targets fresh and empty"
echo "load average (1, 5, 15 min) at the start: $LOAD_AT_START; at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
