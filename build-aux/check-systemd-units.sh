#!/bin/sh
# Parses systemd unit files with systemd-analyze verify and fails on any complaint about them
# (it only warns, and exits 0, about an unknown key or a bad value):
#   check-systemd-units.sh UNIT…
# Exits 77 (a skipped test for meson) without systemd-analyze.
set -eu

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "systemd-analyze is not installed: the units are not checked"
  exit 77
fi

status=0
# --man=no: the pages named in Documentation= need not be installed.
output=$(systemd-analyze verify --man=no "$@" 2>&1) || status=1
printf '%s\n' "$output"

for unit in "$@"; do
  if printf '%s\n' "$output" | grep -qF "$(basename "$unit")"; then
    echo "systemd-analyze complains about $unit"
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "verified: $*"
exit $status
