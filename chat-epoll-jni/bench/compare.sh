#!/usr/bin/env bash
# Side-by-side throughput of the echo example on the epoll and nio backends, alternating
# A B A B so that drift on a shared machine hits both: ROUNDS pairs of runs, each a fresh
# server JVM and the EchoLoad client (50 connections, loopback). Prints each run, then the
# medians and the epoll/nio ratio. Bounded: every run stops by itself, servers are stopped
# with SIGTERM (then SIGKILL) even on failure.
#
#   chat-epoll-jni/bench/compare.sh [ROUNDS=5] [SECONDS=10] [CONNECTIONS=50]
#
# Needs chat-examples/target/chat-examples.jar (mvn -B package -DskipTests from the root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/chat-examples/target/chat-examples.jar"
rounds="${1:-5}"; seconds="${2:-10}"; connections="${3:-50}"
[ -f "$jar" ] || { echo "no $jar: run 'mvn -B package -DskipTests' at $root first" >&2; exit 2; }

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

run_one() { # backend -> prints rps
  local backend="$1" fifo port line
  fifo="$(mktemp -u)"; mkfifo "$fifo"
  java -jar "$jar" echo --port 0 --backend "$backend" >"$fifo" 2>/dev/null &
  server_pid=$!
  read -r line <"$fifo"; rm -f "$fifo"
  port="$(sed -E 's/.*:([0-9]+) \(backend.*/\1/' <<<"$line")"
  [[ "$line" == *"(backend $backend)"* ]] || { echo "unexpected ready line: $line" >&2; exit 1; }
  java "$here/EchoLoad.java" 127.0.0.1 "$port" "$connections" "$seconds" 3 32 "$server_pid" \
    | sed -E 's/^rps=([0-9]+) serverCpuUsPerRequest=([0-9.]+).*/\1 \2/'
  stop_server
}

epoll=(); nio=(); epoll_cpu=(); nio_cpu=()
for ((i = 1; i <= rounds; i++)); do
  read -r rps cpu <<<"$(run_one epoll)"; epoll+=("$rps"); epoll_cpu+=("$cpu")
  echo "round $i epoll $rps req/s, server CPU $cpu us/request"
  read -r rps cpu <<<"$(run_one nio)"; nio+=("$rps"); nio_cpu+=("$cpu")
  echo "round $i nio   $rps req/s, server CPU $cpu us/request"
done
python3 - "${epoll[*]}" "${nio[*]}" "${epoll_cpu[*]}" "${nio_cpu[*]}" <<'PY'
import statistics, sys
e, n, ec, nc = ([float(x) for x in a.split()] for a in sys.argv[1:5])
me, mn = statistics.median(e), statistics.median(n)
mec, mnc = statistics.median(ec), statistics.median(nc)
print(f"median epoll {me:.0f} req/s, median nio {mn:.0f} req/s, epoll/nio {me / mn:.3f}")
print(f"median server CPU per request: epoll {mec:.2f} us, nio {mnc:.2f} us, nio/epoll {mnc / mec:.3f}")
PY
