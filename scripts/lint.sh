#!/usr/bin/env bash
# Static house rules (STYLE.md "Boundaries"): layer rules, banned functions,
# header guards, formatting. Prints each violation; exits 1 if any.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
fail() { echo "lint: $*"; bad=1; }

src=$(git ls-files 'src/*.c' 'src/*.h' 2>/dev/null; git ls-files --others --exclude-standard 'src/*.c' 'src/*.h' 2>/dev/null)

# 1. core/ includes nothing from the project outside core/.
for f in $(grep -l '#include "' src/core/* 2>/dev/null); do
    grep -n '#include "' "$f" | grep -v '#include "core/' | while read -r l; do echo "lint: $f: core includes project header: $l"; done
    grep -q '#include "' "$f" && grep '#include "' "$f" | grep -qv '#include "core/' && bad=1
done

# 2. Only db/ includes the engines' headers; only stores (and the CLI's open/close, the
#    server's one-snapshot-per-request hold, the fault hook's scopes and test route) call db_*.
for f in $src; do
    case $f in src/db/*) continue ;; esac
    grep -Eq '#include <(sqlite3|libpq-fe)\.h>' "$f" && fail "$f includes a database engine header"
    case $f in *_store.c|*_store.h|src/db/*) continue ;; esac
    calls=$(grep -Eo '\bdb_[a-z_]+\(' "$f" | sort -u | grep -Ev '^db_(open|close|backup_to|read_hold|read_release|fault_[a-z_]+|local_dir|local_prefix|is_url|path|reachable|copy_sqlite_to_pg)\($' || true)
    [ -n "$calls" ] && fail "$f calls $(echo $calls | tr '\n' ' ')outside a store"
done

# 3. No SQL in http/; no JSON in rule files.
grep -nE '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM) ' src/http -r && fail "SQL in http/"
for f in $src; do
    case $f in */*_json.c|*/*_json.h|src/http/*|src/cli/*|*_store.c|*_store.h) continue ;; esac
    grep -Eq '#include <jansson.h>|json_(pack|object|array|dumps|loads)' "$f" && fail "$f (rules) uses JSON directly"
done

# 4. Banned functions.
for f in $src; do
    grep -nE '(^|[^_a-z.>])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|gmtime|localtime|rand|system)\(' "$f" \
        | grep -v 'snprintf\|vsnprintf' | while read -r l; do echo "lint: $f: banned function: $l"; done
    grep -nE '(^|[^_a-z.>])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|gmtime|localtime|rand|system)\(' "$f" \
        | grep -qv 'snprintf\|vsnprintf' && bad=1
done

# 5. Header guards KH_<DIR>_<FILE>_H.
for f in $(echo "$src" | grep '\.h$'); do
    rel=${f#src/}
    guard="KH_$(echo "${rel%.h}" | tr '/a-z' '_A-Z')_H"
    grep -q "#ifndef $guard" "$f" || fail "$f: header guard should be $guard"
done

# 6. Error messages and labels: both languages, and no Chinese in an English text.
python3 scripts/check-messages.py >/dev/null 2>&1 || { python3 scripts/check-messages.py; fail "error messages"; }
# The labels the server sends (audit actions, permissions, settings) are checked there too;
# the web UI's messages: every key in both languages, no Chinese in English.
node scripts/check-web-messages.mjs >/dev/null 2>&1 || { node scripts/check-web-messages.mjs; fail "web messages"; }

# 7. No merge left half done: conflict markers in any tracked or new file.
markers=$( (git ls-files; git ls-files --others --exclude-standard) | grep -v -e '^web/node_modules/' -e '^tests/node_modules/' |
    xargs -d '\n' grep -lE '^(<<<<<<<|>>>>>>>) ' -- 2>/dev/null)
[ -n "$markers" ] && fail "merge conflict markers in: $(echo $markers | tr '\n' ' ')"

# 8. Formatting (generated tables excluded).
if command -v clang-format >/dev/null; then
    files=$(echo "$src" | grep -v -e '_table\.c$' -e '_data\.c$')
    clang-format --dry-run --Werror $files tests/unit/*.c fuzz/*.c >/dev/null 2>&1 \
        || fail "code is not clang-formatted: run 'make format'"
fi
exit $bad
