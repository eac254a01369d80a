#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need, then runs them.
# README's test command and .ci/run both call exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

export PIP_DISABLE_PIP_VERSION_CHECK=1
python3 -m pip install -q -r requirements.txt -r tests/requirements.txt

# Browser tests drive Debian's Chromium (Playwright can't download its own here);
# the CJK fonts make Korean screens (and the README screenshots) readable.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ] || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-noto-cjk fonts-noto-color-emoji
fi

# The PostgreSQL tests start a throwaway server from Debian's binaries (tests/postgres.py).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql
fi

# tiktoken can't download its encodings offline; use the shared, hash-checked copies.
if [ -d ../shared/tiktoken_cache ]; then
  export TIKTOKEN_CACHE_DIR="$(cd ../shared/tiktoken_cache && pwd)"
fi

exec python3 -m pytest "$@"
