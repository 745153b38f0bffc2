#!/usr/bin/env bash
# The JMH run behind BENCHMARKS.md: every contender side by side in one run, 64 KiB buffers
# for the scanner table, a size sweep of the single-byte case, the framer and the output
# queue, all with -prof gc. JSON goes to chat-benchmarks/results/ (checked in), beside the
# memchr/memmem reference (memscan.sh) over the same bytes. About 25 minutes.
# Pass extra JMH flags to shorten it, e.g. ./run-jmh.sh -wi 1 -i 2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
results="$here/results"
mkdir -p "$results"
common=(-f 1 -wi 3 -w 500ms -i 5 -r 500ms -prof gc -foe true "$@")
run() {
    local name=$1
    shift
    echo "== $name: java -jar benchmarks.jar $* ${common[*]}"
    java -jar "$jar" "$@" "${common[@]}" -rf json -rff "$results/$name.json" > "$results/$name.log" 2>&1
    grep -E '^(Benchmark|[A-Za-z]+Benchmark\.[A-Za-z]+:bytes )' "$results/$name.log" | head -80 || true
}
java -version 2>&1 | head -1 > "$results/machine.txt"
{ lscpu | grep -E 'Model name|^CPU\(s\)|Flags' | sed 's/Flags:.*/Flags: (avx2, avx512bw as shown by lscpu)/'; uname -sr; } >> "$results/machine.txt"
run scan-64k 'scan\.(Line|Delimiter)ScanBenchmark' -p size=65536
run scan-sizes 'scan\.LineScanBenchmark\.(asynchat|asynchatVector|nettyIndexOf)$' -p size=4096,1048576
run framer 'FramerBenchmark'
run output 'OutputBenchmark'
"$here/memscan.sh" 4096 65536 1048576 > /dev/null
cp "$here/target/memscan.tsv" "$results/memscan.tsv"
echo "results in $results"
