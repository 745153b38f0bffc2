#!/usr/bin/env bash
# The epoll backend's aarch64 library, working: runs chat-epoll-jni's RunningArchitectureTest,
# EpollEchoTest and the whole compliance suite (EpollComplianceTest) in an emulated aarch64 JVM
# (Debian's openjdk-17 for arm64 under qemu-aarch64), which loads
# META-INF/native/linux-aarch64/libasynchat-epoll.so. The same tests also run natively first.
# Bounded: the emulated test JVM is killed after AARCH64_TIMEOUT seconds (default 1800).
#
# Skips (exit 0, printing why) where it cannot run: no qemu-aarch64, no cross-built library
# (no aarch64-linux-gnu-gcc), or the arm64 packages cannot be fetched. Any test failure fails it.
#
# usage: scripts/test-aarch64-qemu.sh [MAVEN ARGS...]   e.g. -Dmaven.repo.local=DIR
#   AARCH64_CACHE: where the arm64 JDK is unpacked (default ~/.cache/asynchat/aarch64)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${AARCH64_CACHE:-$HOME/.cache/asynchat/aarch64}"
skip() { echo "test-aarch64-qemu: SKIPPED: $*"; exit 0; }

command -v qemu-aarch64 >/dev/null 2>&1 || skip "qemu-aarch64 is not installed (Debian: apt-get install qemu-user)"
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 \
    || skip "aarch64-linux-gnu-gcc is not installed, so the build makes no linux-aarch64 library (Debian: gcc-aarch64-linux-gnu libc6-dev-arm64-cross)"
sysroot="$("$root/chat-epoll-jni/src/test/qemu/fetch-aarch64-sysroot.sh" "$cache")" \
    || skip "the arm64 JDK packages could not be fetched into $cache (see above)"

cd "$root"
mvn -B -pl chat-epoll-jni -am verify -DskipITs -Daarch64.sysroot="$sysroot" \
    -Daarch64.timeout="${AARCH64_TIMEOUT:-1800}" \
    -Dtest='RunningArchitectureTest,EpollEchoTest,EpollComplianceTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
grep -h '^RUNNING' chat-epoll-jni/target/surefire-reports/*RunningArchitectureTest-qemu-aarch64-output.txt
echo "test-aarch64-qemu: the epoll tests passed in the emulated aarch64 JVM (reports: chat-epoll-jni/target/surefire-reports/*-qemu-aarch64.*)"
