#!/usr/bin/env bash
# Used by `make run`: create the database with an administrator and demo data
# the first time, and print the logins every time.
set -euo pipefail
bin=$1 db=$2 customers=$3
dir=$(dirname "$db")
mkdir -p "$dir"
chmod 700 "$dir"
logins="$dir/first-run-logins.txt"
if [ ! -f "$db" ]; then
    echo "creating $db with $customers demo customers..." >&2
    umask 077
    {
        "$bin" init --db "$db" | grep 'administrator login'
        "$bin" demo --db "$db" --customers "$customers" | sed -n '/Demo logins/,$p'
    } > "$logins"
fi
echo
echo "==================== Kehu logins ===================="
cat "$logins" 2>/dev/null || echo "(logins were printed when $db was created)"
echo "====================================================="
