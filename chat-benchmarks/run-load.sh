#!/usr/bin/env bash
# The whole-server run behind BENCHMARKS.md: the resp example on each backend against the Netty
# RESP baselines (epoll and NIO), redis-server and CPython's asynchat, alternating A B C ...
# for 3 rounds, then the memory of 10,000 idle connections (results in chat-benchmarks/results/load);
# then the http example against Netty's HTTP codec with wrk (results/load-http).
# Usage: chat-benchmarks/run-load.sh [EXAMPLES_JAR] [extra LoadHarness flags for the RESP run]
# (about 20 minutes)
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
java -cp "$bench" org.asynchat.bench.load.LoadHarness "${servers[@]}" --baseline netty-epoll "${reference[@]}" \
    --rounds 3 --clients 50 --pipelines 1,16 --tests ping_mbulk,set,get --requests 300000 --warmup 100000 \
    --idle 10000 --out "$root/chat-benchmarks/results/load" --max-minutes 25 "$@"

# HTTP (about 3 minutes): the http example serving a 14-byte file against the Netty
# HttpServerCodec baseline answering the same 14 bytes, driven by wrk (50 connections, 8 s).
if ! command -v wrk >/dev/null 2>&1; then
    echo "run-load: wrk is not installed (apt-get install wrk); the HTTP run is skipped"
    exit 0
fi
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
printf 'Hello, World!\n' > "$site/hello.txt"
java -cp "$bench" org.asynchat.bench.load.LoadHarness --protocol http --http-path /hello.txt --http-seconds 8 \
    --server "asynchat-epoll=java -jar $examples http --port {port} --backend epoll --root $site" \
    --server "asynchat-nio=java -jar $examples http --port {port} --backend nio --root $site" \
    --server "netty-epoll=java -cp $bench org.asynchat.bench.load.NettyHttpServer --port {port} --transport epoll" \
    --server "netty-nio=java -cp $bench org.asynchat.bench.load.NettyHttpServer --port {port} --transport nio" \
    --baseline netty-epoll --rounds 3 --clients 50 --out "$root/chat-benchmarks/results/load-http" --max-minutes 10
