#!/usr/bin/env bash
# Where a server's CPU time goes under redis-benchmark: the kernel's share (from /proc) and a
# sampled profile of user and kernel code (perf on cpu-clock, which works without hardware
# counters; JIT-compiled Java is named through `jcmd PID Compiler.perfmap`).
# Loopback only; bounded: one warm-up and one measured redis-benchmark run, then the server stops.
#
#   chat-benchmarks/profile-server.sh NAME 'COMMAND with {port}' [TEST=set] [PIPELINE=16] [REQUESTS=2000000]
#   (KEYSPACE=100000 in the environment makes redis-benchmark use that many random keys: -r)
#
# Example:
#   chat-benchmarks/profile-server.sh asynchat-epoll \
#       'java -XX:+PreserveFramePointer -jar chat-examples/target/chat-examples.jar resp --port {port} --backend epoll'
# Needs redis-tools and linux-perf (apt-get install -y redis-tools linux-perf).
set -euo pipefail
name="$1"; command="$2"; test="${3:-set}"; pipeline="${4:-16}"; requests="${5:-2000000}"
for tool in perf redis-benchmark taskset; do
  command -v "$tool" >/dev/null || { echo "profile-server: $tool is not installed" >&2; exit 2; }
done
out="$(pwd)/chat-benchmarks/target/profile/$name"
mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

server_pid=""
stop() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap stop EXIT
# shellcheck disable=SC2086 # the command is a command line
taskset -c 0 ${command//\{port\}/$port} > "$out/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done

bench() { taskset -c 1 redis-benchmark -p "$port" -t "$test" -c 50 -P "$pipeline" -n "$1" ${KEYSPACE:+-r "$KEYSPACE"} -q; }
bench "$((requests / 2))" > /dev/null # warm-up: the JIT compiles the hot path

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14, $15}' "/proc/$server_pid/stat"; }
read -r u0 s0 < <(cpu)
perf record -F 1999 -g -e cpu-clock -p "$server_pid" -o "$out/perf.data" -- sleep 600 2> "$out/perf.log" &
perf_pid=$!
sleep 0.5
bench "$requests" | tr '\r' '\n' | tail -1
kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
read -r u1 s1 < <(cpu)
jcmd "$server_pid" Compiler.perfmap >/dev/null 2>&1 || true # names JIT code where the server is a JVM

echo "$name: user $(( (u1 - u0) * 1000 / ticks )) ms, kernel $(( (s1 - s0) * 1000 / ticks )) ms of server CPU" \
  "($(( 100 * (s1 - s0) / (u1 - u0 + s1 - s0) )) % in the kernel)"
perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null \
  | grep -E '^ +[0-9]' | head -25 | tee "$out/top.txt"
echo "full profile: perf report -i $out/perf.data"
