#!/usr/bin/env bash
# CI smoke run: every benchmark method once, one fork, one short iteration, one parameter set,
# so the benchmarks never rot; then the memchr reference and the load harness in a tiny mode.
# Not a measurement. Needs the jar: mvn -B package (or verify) first. About a minute.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "smoke: $jar is missing; build it first: mvn -B package -pl chat-benchmarks -am -DskipTests" >&2; exit 1; }
out="$here/target/smoke"
mkdir -p "$out"

# -foe: a benchmark whose setup check fails (wrong count, wrong search path) fails the run.
java -jar "$jar" -foe true -f 1 -wi 0 -i 1 -r 100ms \
    -p size=4096 -p buffer=direct -p shape=DENSE -p delimiter=CRLF \
    -rf json -rff "$out/jmh-smoke.json" > "$out/jmh-smoke.log" 2>&1 \
    || { tail -50 "$out/jmh-smoke.log"; echo "smoke: JMH run failed; full log in $out/jmh-smoke.log" >&2; exit 1; }
benchmarks=$(grep -c '"benchmark"' "$out/jmh-smoke.json")
echo "smoke: $benchmarks JMH benchmarks ran"

"$here/memscan.sh" 4096 | tail -3

# The load harness, tiny contenders, one round: proves it starts, measures and stops them, and
# reads an idle connection's memory (RSS, and live heap through jcmd).
examples="$here/../chat-examples/target/chat-examples.jar"
if command -v redis-benchmark >/dev/null 2>&1; then
    servers=(--server "netty-nio=java -cp $jar org.asynchat.bench.load.NettyRespServer --port {port} --transport nio")
    [[ -f "$examples" ]] && servers+=(--server "asynchat=java -jar $examples resp --port {port}")
    python3 -c 'import asynchat' 2>/dev/null \
        && servers+=(--server "cpython-asynchat=python3 $here/src/main/python/resp_asynchat.py --port {port}")
    java -cp "$jar" org.asynchat.bench.load.LoadHarness "${servers[@]}" --rounds 1 --requests 2000 --warmup 1000 \
        --pipelines 16 --tests ping_mbulk --idle 200 --idle-warmup 100 --out "$out/load" --max-minutes 3 | tail -9
else
    echo "smoke: load harness skipped: redis-benchmark is not installed (apt-get install -y redis-tools)"
fi
echo "smoke: passed"
