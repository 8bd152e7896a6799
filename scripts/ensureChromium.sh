#!/bin/sh
# The browser tests drive Debian's Chromium (playwright-core downloads no browser): install it where missing.
# Does nothing when it is there; otherwise apt-get (with sudo when not root), once more after an
# apt-get update if the first try fails, and fails loudly if Chromium is still not there.
set -eu
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  AS_ROOT=""
elif command -v sudo >/dev/null 2>&1; then
  AS_ROOT="sudo"
else
  echo "ensureChromium: $CHROMIUM is missing and this user is not root and has no sudo: install the Debian package 'chromium'" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensureChromium: $CHROMIUM is missing and there is no apt-get here: install Chromium at $CHROMIUM (or set CHROMIUM)" >&2
  exit 1
fi

echo "ensureChromium: installing chromium for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $AS_ROOT apt-get install -y --no-install-recommends chromium; then
  $AS_ROOT apt-get update
  $AS_ROOT apt-get install -y --no-install-recommends chromium
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "ensureChromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
