#!/usr/bin/env bash
# Installs the Debian and npm packages Kehu needs to build, run and test.
# Idempotent: installs only what is missing. Usage: scripts/deps.sh [build|test]
set -euo pipefail
mode=${1:-test}
top=$(cd "$(dirname "$0")/.." && pwd)

pkgs=(build-essential clang meson ninja-build pkg-config
      libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev postgresql-client-15 libsodium-dev
      libcmocka-dev clang-format nodejs npm libzip-dev libexpat1-dev libxlsxwriter-dev tzdata
      libicu-dev libcurl4-openssl-dev
      # printing (R-PLT-7): the server renders PDFs with headless chromium; the CJK fonts are
      # its fallback for characters outside the font the UI ships
      chromium fonts-noto-cjk)
if [ "$mode" = test ]; then
    # nginx: the tests put ADMIN.md's load-balancer configuration in front of two servers
    # poppler-utils: the tests read the printed PDFs (pdftotext, pdffonts)
    pkgs+=(libclang-rt-14-dev postgresql-15 nginx poppler-utils)
    # real clients of the calendar feed and the vCards (tests/api/calendar_feed.test.mjs)
    pkgs+=(python3-icalendar python3-vobject)
fi

missing=()
for p in "${pkgs[@]}"; do
    # node and npm may come from outside Debian on some machines: accept any working binary.
    case $p in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end and test packages, from the lock files.
for dir in web tests; do
    if [ -f "$top/$dir/package.json" ]; then
        stamp="$top/$dir/node_modules/.kehu-stamp"
        lock="$top/$dir/package-lock.json"
        if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
            echo "deps: npm ci in $dir" >&2
            (cd "$top/$dir" && npm ci --no-audit --no-fund --loglevel=error)
            touch "$stamp"
        fi
    fi
done
