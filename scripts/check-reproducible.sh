#!/usr/bin/env bash
# Reproducible builds: clones the committed HEAD twice into two different folders, builds each
# from clean (mvn -B -DskipTests package) and compares every jar the build makes, byte for byte.
# Prints each jar's SHA-256 from both builds; exits 1 if any differ, naming the entries that do.
# Same JDK, gcc and cross compiler on both sides, as for any reproducible build.
#
# usage: scripts/check-reproducible.sh [WORKDIR] [-- MAVEN ARGS...]
#   e.g. scripts/check-reproducible.sh /tmp/repro -- -Dmaven.repo.local=/path/to/repo
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
if [[ $# -gt 0 && "$1" != "--" ]]; then work="$1"; shift; fi
[[ "${1:-}" == "--" ]] && shift
mkdir -p "$work"
for n in 1 2; do
    rm -rf "$work/build-$n"
    git clone -q "$root" "$work/build-$n"
    echo "build $n in $work/build-$n ($(git -C "$work/build-$n" rev-parse --short HEAD))"
    (cd "$work/build-$n" && mvn -B -q -DskipTests package "$@")
done
sums() {
    (cd "$1" && find . -path '*/target/*' -name '*.jar' -not -name 'original-*' -not -path '*/target/*/*' \
        | sort | xargs sha256sum)
}
sums "$work/build-1" > "$work/sha256-1.txt"
sums "$work/build-2" > "$work/sha256-2.txt"
paste -d' ' <(awk '{print $2, $1}' "$work/sha256-1.txt") <(awk '{print $1}' "$work/sha256-2.txt") \
    | awk '{printf "%-70s %s %s\n", $1, substr($2,1,16), ($2==$3 ? "identical" : "DIFFERS " substr($3,1,16))}'
if cmp -s "$work/sha256-1.txt" "$work/sha256-2.txt"; then
    echo "reproducible: $(wc -l < "$work/sha256-1.txt") jars byte-identical in both builds"
    exit 0
fi
echo "NOT reproducible; entries that differ:" >&2
diff "$work/sha256-1.txt" "$work/sha256-2.txt" | awk '/^</ {print $3}' | while read -r jar; do
    diff <(unzip -lv "$work/build-1/$jar" | awk '{print $7, $8}') \
         <(unzip -lv "$work/build-2/$jar" | awk '{print $7, $8}') | sed "s|^|  $jar: |" >&2 || true
done
exit 1
