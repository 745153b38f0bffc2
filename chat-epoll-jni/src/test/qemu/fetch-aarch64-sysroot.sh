#!/usr/bin/env bash
# Fills a folder with what an aarch64 JVM needs to run under qemu-user on another machine:
# Debian's openjdk-17-jre-headless for arm64 and the C and C++ runtime libraries it links,
# unpacked with dpkg-deb (nothing is installed on this machine; apt reads its own copy of the
# arm64 package lists in the folder's apt/ state). About 46 MB to download, once.
#
# usage: fetch-aarch64-sysroot.sh DIR     (prints DIR/sysroot when done)
set -euo pipefail
dir="${1:?usage: fetch-aarch64-sysroot.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
sysroot="$dir/sysroot"
java="$sysroot/usr/lib/jvm/java-17-openjdk-arm64/bin/java"
if [[ -x "$java" ]]; then
    echo "$sysroot"
    exit 0
fi
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs"
apt_options=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64
    -o Dir::State::Lists="$dir/apt/lists" -o Dir::Cache="$dir/apt/cache" -o Dir::State::status=/dev/null
    -o APT::Sandbox::User=root)
apt-get "${apt_options[@]}" -qq update >&2
(cd "$dir/debs" && apt-get "${apt_options[@]}" -qq download \
    openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g >&2)
mkdir -p "$sysroot"
for deb in "$dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
done
[[ -x "$java" ]] || { echo "fetch-aarch64-sysroot: $java is missing after unpacking" >&2; exit 1; }
echo "$sysroot"
