#!/usr/bin/env bash
# Idle-connection memory behind BENCHMARKS.md ("Idle connections as users run the server"): the
# echo and resp examples on each backend beside their Netty baselines (NettyEchoServer,
# NettyRespServer), each server pinned to one core (where the JVM picks the serial collector)
# and then unpinned with default flags (G1, as users run it), at 10,000 and 20,000 idle
# connections; then the echo servers freshly started (no warm-up at all: the first connections
# meet the JIT), and the epoll servers once more with native memory tracking and a GC log
# (after the request warm-up, without the accept warm-up) for the breakdown. Results in chat-benchmarks/results/
# idle-echo, idle-resp, idle-echo-cold and idle-nmt (the NMT diffs and class histograms are in
# their logs/ folders). About 45 minutes.
# Usage: chat-benchmarks/run-idle.sh [EXAMPLES_JAR] [ROUNDS]
# (IDLE_TOP=N measures up to N connections instead of 20,000; IDLE_RESULTS=DIR writes elsewhere;
# IDLE_REQUESTS=N warms each server up with N requests per test instead of 100,000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/chat-benchmarks/target/benchmarks.jar"
examples="${1:-$root/chat-examples/target/chat-examples.jar}"
rounds="${2:-3}"
results="${IDLE_RESULTS:-$root/chat-benchmarks/results}"

# Each idle connection is a descriptor in the server and one in the harness.
top=${IDLE_TOP:-20000}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
limit=$(ulimit -n)
if [[ $limit != unlimited && $limit -lt $((top + 100)) ]]; then
    top=$((limit - 100))
    echo "run-idle: open files are limited to $limit here (ulimit -Hn), so the top checkpoint is $top connections"
fi
first=$((top > 10000 ? 10000 : top / 2))

harness() {
    java -cp "$bench" org.asynchat.bench.load.LoadHarness --warmup "${IDLE_REQUESTS:-100000}" --max-minutes 60 "$@"
}

run_matrix() { # OUT PROBE EXAMPLE NETTY_CLASS ROUNDS [harness flags]
    local out=$1 probe=$2 example=$3 netty=$4 n=$5
    shift 5
    harness --idle-probe "$probe" --rounds "$n" --out "$results/$out" \
        --server "asynchat-epoll=java -jar $examples $example --port {port} --backend epoll" \
        --server "asynchat-nio=java -jar $examples $example --port {port} --backend nio" \
        --server "netty-epoll=java -cp $bench org.asynchat.bench.load.$netty --port {port} --transport epoll" \
        --server "netty-nio=java -cp $bench org.asynchat.bench.load.$netty --port {port} --transport nio" "$@"
}

run_matrix idle-echo echo echo NettyEchoServer "$rounds" --idle-only "$first,$top" --pinning both
run_matrix idle-resp resp resp NettyRespServer 1 --idle-only "$first,$top" --pinning both
run_matrix idle-echo-cold echo echo NettyEchoServer 1 --idle-only "$first,$top" --warmup 0 --idle-warmup 0 --no-pin
# NMT costs memory of its own, and -Xlog:gc* only logs: these rows explain, the ones above measure.
mkdir -p "$results/idle-nmt"
nmt="-XX:NativeMemoryTracking=summary -Xlog:gc*:file=$results/idle-nmt"
harness --idle-probe echo --rounds 1 --no-pin --out "$results/idle-nmt" \
    --server "asynchat-epoll=java $nmt/asynchat-epoll-gc.log -jar $examples echo --port {port} --backend epoll" \
    --server "netty-epoll=java $nmt/netty-epoll-gc.log -cp $bench org.asynchat.bench.load.NettyEchoServer --port {port} --transport epoll" \
    --idle-only "$first,$top" --idle-warmup 0
java -cp "$bench" org.asynchat.bench.report.Report "$results"
