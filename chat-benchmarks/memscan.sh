#!/usr/bin/env bash
# The physical reference: glibc memchr/memmem over the same bytes as the scanner benchmarks.
# Usage: chat-benchmarks/memscan.sh [SIZE...]   (default 65536; needs target/benchmarks.jar)
# Prints one tab-separated line per case (file, function, delimiters found, GB/s) and writes
# them to chat-benchmarks/target/memscan.tsv for the report. Skips, saying so, without gcc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/target"
jar="$target/benchmarks.jar"
sizes=("${@:-65536}")
if ! command -v gcc >/dev/null 2>&1; then
    echo "memscan: skipped: gcc is not installed, so the glibc memchr/memmem reference cannot be built here"
    exit 0
fi
[[ -f "$jar" ]] || { echo "memscan: $jar is missing; build it first: mvn -B package -pl chat-benchmarks -am -DskipTests" >&2; exit 1; }
gcc -O2 -Wall -Wextra -o "$target/memscan" "$here/src/main/c/memscan.c"
java -cp "$jar" org.asynchat.bench.data.ScanData "$target/scan-data" "${sizes[@]}" >/dev/null
cd "$target/scan-data"
files=()
for size in "${sizes[@]}"; do
    for f in *-"$size".bin; do files+=("$f"); done
done
# Pinned to one core when taskset exists, like the JMH forks the harness pins.
runner=()
command -v taskset >/dev/null 2>&1 && [[ "$(nproc)" -ge 2 ]] && runner=(taskset -c 1)
"${runner[@]}" "$target/memscan" . "${files[@]}" | tee "$target/memscan.tsv"
