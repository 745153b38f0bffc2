#!/usr/bin/env bash
# The whole-server run behind BENCHMARKS.md: the resp example on each backend against the Netty
# RESP baselines (epoll and NIO), redis-server and CPython's asynchat, alternating A B C ...
# for 3 rounds, then the memory of 10,000 idle connections. Results in chat-benchmarks/results/load.
# Usage: chat-benchmarks/run-load.sh [EXAMPLES_JAR] [extra LoadHarness flags]   (about 12 minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/chat-benchmarks/target/benchmarks.jar"
examples="${1:-$root/chat-examples/target/chat-examples.jar}"
shift || true
servers=(
    --server "asynchat-epoll=java -jar $examples resp --port {port} --backend epoll"
    --server "asynchat-nio=java -jar $examples resp --port {port} --backend nio"
    --server "netty-epoll=java -cp $bench org.asynchat.bench.load.NettyRespServer --port {port} --transport epoll"
    --server "netty-nio=java -cp $bench org.asynchat.bench.load.NettyRespServer --port {port} --transport nio"
)
command -v redis-server >/dev/null 2>&1 \
    && servers+=(--server "redis-server=redis-server --port {port} --save '' --appendonly no --bind 127.0.0.1")
python3 -c 'import asynchat' 2>/dev/null \
    && servers+=(--server "cpython-asynchat=python3 $root/chat-benchmarks/src/main/python/resp_asynchat.py --port {port}")
reference=()
command -v redis-server >/dev/null 2>&1 && reference=(--reference redis-server)
exec java -cp "$bench" org.asynchat.bench.load.LoadHarness "${servers[@]}" --baseline netty-epoll "${reference[@]}" \
    --rounds 3 --clients 50 --pipelines 1,16 --tests ping_mbulk,set,get --requests 300000 --warmup 100000 \
    --idle 10000 --out "$root/chat-benchmarks/results/load" --max-minutes 25 "$@"
