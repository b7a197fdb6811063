#!/usr/bin/env bash
# Used by `make run`: create the database with an administrator and demo data
# the first time, and print the logins every time (the administrator's password
# only on the run that created it: it stays in first-run-logins.txt).
set -euo pipefail
bin=$1 db=$2 customers=$3
case $db in
postgres://* | postgresql://*) # a PostgreSQL database: its node's files are in KEHU_DATA_DIR
    dir=${KEHU_DATA_DIR:-./data}
    is_new() { ! "$bin" user list --db "$db" 2>/dev/null | grep -qw admin; }
    ;;
*)
    dir=$(dirname "$db")
    is_new() { [ ! -f "$db" ]; }
    ;;
esac
mkdir -p "$dir"
chmod 700 "$dir"
logins="$dir/first-run-logins.txt"
created=no
if is_new; then
    created=yes
    echo "creating $db with $customers demo customers..." >&2
    umask 077
    {
        "$bin" init --db "$db" | grep 'administrator login'
        "$bin" demo --db "$db" --customers "$customers" | sed -n '/Demo logins/,$p'
    } > "$logins"
fi
echo
echo "==================== Kehu logins ===================="
if [ "$created" = yes ]; then
    cat "$logins"
    echo "(the administrator's password is shown this once; it is kept in $logins)"
elif [ -r "$logins" ]; then
    sed "s|^administrator login: \([^ ]*\) / .*|administrator login: \1 / (password in $logins)|" "$logins"
else
    echo "(logins were printed when $db was created)"
fi
echo "====================================================="
