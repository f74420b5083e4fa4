#!/usr/bin/env bash
# Make sure the system packages the browser tests need are present:
# Debian's chromium (Playwright drives /usr/bin/chromium) and fonts-noto-cjk.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}." >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
