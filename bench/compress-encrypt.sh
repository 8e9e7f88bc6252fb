#!/usr/bin/env bash
# Compress + encrypt, side by side, on the same dump directory: the old script's pipeline
# (tar -cz | openssl enc), the same with pigz, and sqlbackup's archive:pack + openssl:encrypt
# stages (PackBenchmark, run from the built jar). Every output is decrypted with openssl and
# compared with the directory by GNU tar before its figures count.
#
#   bench/compress-encrypt.sh [DIR]
#
# DIR: a mydumper-layout dump directory. Without it, bench/WikiDumpGenerator.java writes one of
# BENCH_SIZE_MB (default 1024) megabytes. Needs: java 17, target/sqlbackup.jar (mvn -q package
# -DskipTests), tar, gzip, pigz, zstd, openssl, /usr/bin/time. BENCH_RUNS (default 3) runs of each
# pipeline; the fastest counts. BENCH_WORK: where outputs go (default a new /tmp directory,
# removed at the end unless BENCH_KEEP=1).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/target/sqlbackup.jar
RUNS=${BENCH_RUNS:-3}
SIZE_MB=${BENCH_SIZE_MB:-1024}

for tool in java tar gzip pigz zstd openssl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (Debian: apt-get install -y pigz zstd openssl time)" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -q package -DskipTests first" >&2; exit 2; }

WORK=${BENCH_WORK:-$(mktemp -d /tmp/sqlbackup-bench.XXXXXX)}
mkdir -p "$WORK"
if [ "${BENCH_KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$WORK"' EXIT
fi

DIR=${1:-}
if [ -z "$DIR" ]; then
  DIR=$WORK/dump
  echo "generating a ${SIZE_MB} MB wiki-shaped dump in $DIR (bench/WikiDumpGenerator.java)" >&2
  java "$ROOT/bench/WikiDumpGenerator.java" "$DIR" "$SIZE_MB" 2>/dev/null
fi
DIR=$(cd "$DIR" && pwd)

KEY=$WORK/key
head -c 24 /dev/urandom | base64 > "$KEY"
PASS="-pass file:$KEY"

INPUT=$(find "$DIR" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
FILES=$(find "$DIR" -type f | wc -l)
ENTRIES=$(( FILES + $(find "$DIR" -mindepth 1 -type d | wc -l) + 1 ))
tar -c -C "$DIR" . > /dev/null   # warm the page cache, so every pipeline reads from memory

# Decrypts OUT, decompresses it with DECOMPRESS and has GNU tar compare it with DIR: every file must
# be there with the same size and bytes (times and modes may differ: ours stamps the dump's time).
verify() {
  local out=$1 decompress=$2 report=$WORK/verify.txt
  set +e
  openssl enc -d -aes256 -pbkdf2 $PASS -in "$out" | $decompress | tar -d -C "$DIR" > "$report" 2>&1
  local status=("${PIPESTATUS[@]}")
  set -e
  if [ "${status[0]}" != 0 ] || [ "${status[1]}" != 0 ] || [ "${status[2]}" -gt 1 ]; then
    echo "VERIFY FAILED for $out: exit statuses ${status[*]}" >&2; cat "$report" >&2; return 1
  fi
  if grep -v -E ': (Mod time|Mode|Uid|Gid) differs?$' "$report" | grep -q .; then
    echo "VERIFY FAILED for $out: contents differ" >&2; cat "$report" >&2; return 1
  fi
  local listed
  listed=$(openssl enc -d -aes256 -pbkdf2 $PASS -in "$out" | $decompress | tar t | wc -l)
  if [ "$listed" != "$ENTRIES" ]; then
    echo "VERIFY FAILED for $out: $listed entries, expected $ENTRIES" >&2; return 1
  fi
}

printf '| pipeline | wall s | input MB/s | output MB | ratio | CPU s (user+sys) |\n'
printf '|---|---:|---:|---:|---:|---:|\n'

# run NAME DECOMPRESS COMMAND: times COMMAND (which writes $OUT) RUNS times, verifies the output,
# prints the fastest run.
run() {
  local name=$1 decompress=$2 command=$3 best="" best_cpu="" size=0
  for ((i = 1; i <= RUNS; i++)); do
    export OUT=$WORK/out.$$
    rm -f "$OUT"
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" bash -o pipefail -c "$command" > "$WORK/run.log" 2>&1 \
      || { echo "FAILED: $name" >&2; cat "$WORK/run.log" >&2; exit 1; }
    read -r wall user sys < <(tail -n 1 "$WORK/time")
    verify "$OUT" "$decompress"
    size=$(stat -c %s "$OUT")
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}'; then
      best=$wall
      best_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", u + s}')
    fi
    rm -f "$OUT"
  done
  NAME=$name awk -v w="$best" -v in_="$INPUT" -v out="$size" -v cpu="$best_cpu" \
    'BEGIN {printf "| %s | %.1f | %.1f | %.1f | %.2f | %s |\n", ENVIRON["NAME"], w, in_ / 1e6 / w, out / 1e6, in_ / out, cpu}'
}
export DIR KEY PASS JAR WORK
export -f verify

ENC="openssl enc -e -aes256 -pbkdf2 $PASS"
ours() { echo "java -cp $JAR io.sqlbackup.archive.PackBenchmark $DIR \$OUT $1 $2 0 $KEY"; }

run "(a) tar -cz \| openssl (gzip -6, 1 core)" "gzip -dc" "tar -cz -C $DIR . | $ENC > \$OUT"
run "(b) tar \| pigz -p 2 \| openssl (level 6)" "gzip -dc" "tar -c -C $DIR . | pigz -p 2 | $ENC > \$OUT"
run "(b4) tar \| pigz -p 2 -4 \| openssl" "gzip -dc" "tar -c -C $DIR . | pigz -p 2 -4 | $ENC > \$OUT"
run "(c) sqlbackup pack gzip 4 + encrypt" "gzip -dc" "$(ours gzip 4)"
run "(c) sqlbackup pack gzip 6 + encrypt" "gzip -dc" "$(ours gzip 6)"
run "(c) sqlbackup pack zstd 3 + encrypt" "zstd -dc" "$(ours zstd 3)"
run "(z) tar \| zstd -3 -T2 \| openssl" "zstd -dc" "tar -c -C $DIR . | zstd -q -3 -T2 | $ENC > \$OUT"

echo
echo "input: $DIR, $FILES files, $INPUT bytes; $RUNS runs each, fastest shown; $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
