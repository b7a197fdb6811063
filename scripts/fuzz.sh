#!/usr/bin/env bash
# Build each fuzz target with libFuzzer (clang, ASan+UBSan; meson build dir
# build/fuzz with -Dlibfuzzer=true, see fuzz/meson.build) and run it for a
# bounded time. FUZZ_SECONDS (default 60) per target; FUZZ_JOBS (default 1)
# parallel workers. Usage: scripts/fuzz.sh [target ...] (targets by name,
# e.g. "csv http"; default: every fuzz/fuzz_*.c). Inputs that add coverage go
# to build/fuzz/corpus-<target>/, a crashing input to build/fuzz/crash-*.
# `make test` replays fuzz/corpus/<target>/ on the ASan build without libFuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
out=build/fuzz
if [ ! -f "$out/build.ninja" ]; then
    CC=clang meson setup "$out" --buildtype=debug -Doptimization=1 -Db_sanitize=address,undefined \
        -Db_lundef=false -Darena_malloc=true -Dlibfuzzer=true \
        -Dc_args=-fno-sanitize-recover=all >/dev/null
fi
if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in fuzz/fuzz_*.c; do
        t=${f##*/fuzz_}
        targets+=("${t%.c}")
    done
fi
ninja -C "$out" $(for t in "${targets[@]}"; do echo "fuzz/fuzz_$t"; done) >/dev/null
par=()
# Parallel workers write their output to fuzz-<n>.log files, kept in build/fuzz.
[ "$jobs" -gt 1 ] && par=(-jobs="$jobs" -workers="$jobs")
for t in "${targets[@]}"; do
    mkdir -p "$out/corpus-$t" "fuzz/corpus/$t"
    (cd "$out" && "fuzz/fuzz_$t" -max_total_time="$secs" "${par[@]}" -artifact_prefix=./ \
        "corpus-$t" "../../fuzz/corpus/$t")
done
