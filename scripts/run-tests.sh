#!/usr/bin/env bash
# Runs every suite and ends with one line "N passed, N failed" summing them all.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
passed=0 failed=0
mkdir -p tests/artifacts
log=tests/artifacts/last-run.log
: > "$log"

count() { # suite-name passed failed
    printf '%-28s %5d passed %5d failed\n' "$1" "$2" "$3"
    passed=$((passed + $2))
    failed=$((failed + $3))
}

# 1. static checks (layer rules, banned functions, formatting)
if scripts/lint.sh >>"$log" 2>&1; then count lint 1 0; else count lint 0 1; echo "lint failed: see $log" >&2; fi
# ESLint over the web UI (web/eslint.config.js; warnings fail it too)
if (cd web && npm run --silent lint) >>"$log" 2>&1; then count "web lint" 1 0; else count "web lint" 0 1; echo "web lint failed: see $log" >&2; fi

# 2. C unit tests (cmocka), on the gcc build and on the clang ASan+UBSan build.
# Every test in tests/unit/meson.build and every tests/unit/test_*.c must have
# its binary: a missing one (not listed in meson.build, cmocka not found, a
# stale build directory) counts as a failure instead of passing unnoticed.
unit_names() {
    {
        sed -n '/^unit_tests = \[/,/^\]/p' tests/unit/meson.build | grep -Eo "'[A-Za-z0-9_]+'" | tr -d "'"
        for c in tests/unit/test_*.c; do [ -f "$c" ] && c=${c##*/test_} && echo "${c%.c}"; done
    } | sort -u
}
unit() { # build-dir label
    local p=0 f=0 out n t
    for name in $(unit_names); do
        t=$1/tests/unit/test_$name
        if [ ! -f "$t" ] || [ ! -x "$t" ]; then
            f=$((f + 1))
            echo "$2: $t is missing: tests/unit/test_$name.c was not built (is it in unit_tests in tests/unit/meson.build?)" | tee -a "$log" >&2
            continue
        fi
        out=$(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$t" 2>&1)
        local rc=$?
        echo "$out" >>"$log"
        n=$(grep -Eo '\[  PASSED  \] [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' || echo 0)
        p=$((p + ${n:-0}))
        n=$(grep -Eo '\[  FAILED  \] [0-9]+' <<<"$out" | grep -Eo '[0-9]+$' | head -1 || echo 0)
        f=$((f + ${n:-0}))
        if [ $rc -ne 0 ] && [ "${n:-0}" -eq 0 ]; then f=$((f + 1)); echo "$t crashed (rc $rc)" >&2; fi
    done
    count "$2" "$p" "$f"
}
unit build/dev "unit (gcc)"
unit build/asan "unit (clang asan+ubsan)"

# 3. Fuzz corpora: every file of fuzz/corpus/<target>/ through fuzz/fuzz_<target>.c,
# linked with fuzz/replay_main.c on the ASan+UBSan build (no libFuzzer needed).
# One pass per target whose corpus replays cleanly; a crash, a missing binary
# or an empty corpus is a failure.
fuzz_replay() { # build-dir label
    local p=0 f=0 out rc t name
    for src in fuzz/fuzz_*.c; do
        [ -f "$src" ] || continue
        name=${src##*/fuzz_}
        name=${name%.c}
        t=$1/fuzz/replay_$name
        if [ ! -f "$t" ] || [ ! -x "$t" ]; then
            f=$((f + 1))
            echo "$2: $t is missing: is $name in fuzz_targets in fuzz/meson.build?" | tee -a "$log" >&2
            continue
        fi
        if [ -z "$(ls -A "fuzz/corpus/$name" 2>/dev/null)" ]; then
            f=$((f + 1))
            echo "$2: fuzz/corpus/$name/ has no seeds" | tee -a "$log" >&2
            continue
        fi
        out=$(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$t" "fuzz/corpus/$name" 2>&1)
        rc=$?
        echo "$out" >>"$log"
        if [ $rc -eq 0 ]; then
            p=$((p + 1))
        else
            f=$((f + 1))
            echo "$t failed (rc $rc) on $(grep -E '^replay: ' <<<"$out" | tail -1 | sed 's/^replay: //')" >&2
        fi
    done
    count "$2" "$p" "$f"
}
fuzz_replay build/asan "fuzz corpora (asan+ubsan)"

# 4. web UI unit tests (vitest), counted from its JSON report
web_unit() {
    local json=tests/artifacts/vitest.json p f rc
    rm -f "$json"
    (cd web && npx --no-install vitest run --reporter=verbose --reporter=json --outputFile.json="$top/$json") >>"$log" 2>&1
    rc=$?
    read -r p f < <(node -e '
        try {
            const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
            let f = r.numFailedTests || 0;
            // a test file that does not load fails no test but fails the run
            if (!r.success && f === 0) f = 1;
            console.log(r.numPassedTests || 0, f);
        } catch (e) { console.log("0 1"); }' "$json")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    [ "$f" -gt 0 ] && echo "web unit: $f failed, see $log" >&2
    count "web unit (vitest)" "$p" "$f"
}
web_unit

# 5. API and browser tests (Node test runner) against a real kehu serve
# Each failed test of a node:test run: its title, where it failed and why (the first lines of
# its error), so that a failure in CI can be read from the summary alone.
failures() {
    awk '
        /^not ok / { show = 1; n = 0; print; next }
        show && /^  \.\.\.$/ { show = 0; next }
        show && /^  (location|error|name|failureType):|^    / { if (n++ < 12) print }
        /^ok / { show = 0 }
    ' | sed 's/\x1b\[[0-9;]*m//g'
}

node_suite() { # label dir binary [NAME=value ...: environment of the tests]
    local out p f
    out=$(cd tests && env KEHU_BIN="$top/$3" "${@:4}" node --test --test-concurrency=1 "$2"/ 2>&1)
    echo "$out" >>"$log"
    p=$(grep -E '^# pass ' <<<"$out" | awk '{print $3}')
    f=$(grep -E '^# fail ' <<<"$out" | awk '{print $3}')
    if [ -z "$p" ]; then p=0; f=1; echo "$1: runner did not finish" >&2; fi
    [ "${f:-0}" -gt 0 ] && failures <<<"$out" >&2
    count "$1" "$p" "${f:-0}"
}
node_suite "api (gcc build)" api build/dev/kehu
# The ASan build carries the database fault hook: its torture tests (api/fault.test.mjs) must run.
node_suite "api (asan build)" api build/asan/kehu KEHU_FAULT_REQUIRED=1
node_suite "browser (chromium)" e2e build/dev/kehu

# 6. The API suite once more on PostgreSQL (R-PLT-4): a throw-away cluster of Debian's
# PostgreSQL in a temporary folder, a database per server, stopped at the end.
pgdir=$(mktemp -d /tmp/kehu-pg-XXXXXX)
if scripts/pg-test-cluster.sh start "$pgdir" >>"$log" 2>&1; then
    node_suite "api (gcc build, postgresql)" api build/dev/kehu KEHU_TEST_PG="$pgdir"
else
    echo "PostgreSQL test cluster did not start: see $log" >&2
    count "api (gcc build, postgresql)" 0 1
fi
scripts/pg-test-cluster.sh stop "$pgdir" >>"$log" 2>&1

echo "full log: $log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
