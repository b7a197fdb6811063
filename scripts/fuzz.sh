#!/usr/bin/env bash
# Build each fuzz target with libFuzzer (clang) and run it for a bounded time.
# FUZZ_SECONDS (default 60) per target. Usage: scripts/fuzz.sh [target ...]
# (targets by name, e.g. "csv xlsx"; default: every fuzz/fuzz_*.c).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out"
# Every target links the libc-only layers and the readers with their libraries.
srcs=$(ls src/core/*.c src/text/*.c src/sheet/*.c)
libs=$(pkg-config --libs libzip expat)
if [ $# -gt 0 ]; then
    files=$(for t in "$@"; do echo "fuzz/fuzz_$t.c"; done)
else
    files=$(ls fuzz/fuzz_*.c)
fi
for f in $files; do
    name=$(basename "$f" .c)
    target=${name#fuzz_}
    clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc "$f" $srcs $libs -o "$out/$name"
    mkdir -p "$out/corpus-$target" "fuzz/corpus/$target"
    "$out/$name" -max_total_time="$secs" "$out/corpus-$target" "fuzz/corpus/$target"
done
