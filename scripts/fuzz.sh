#!/usr/bin/env bash
# Build each fuzz target with libFuzzer (clang) and run it for a bounded time.
# FUZZ_SECONDS (default 60) per target.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out"
core=$(ls src/core/*.c)
text=$(ls src/text/*.c)
for f in fuzz/fuzz_*.c; do
    name=$(basename "$f" .c)
    target=${name#fuzz_}
    clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc "$f" $core $text -o "$out/$name"
    mkdir -p "$out/corpus-$target"
    "$out/$name" -max_total_time="$secs" "$out/corpus-$target" "fuzz/corpus/$target"
done
