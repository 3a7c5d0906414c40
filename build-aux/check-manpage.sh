#!/bin/sh
# Formats a man page with groff and fails on any warning:
#   check-manpage.sh PAGE
# Exits 77 (a skipped test for meson) when groff is not installed.
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: $0 PAGE" >&2
  exit 2
fi

if ! command -v groff >/dev/null 2>&1; then
  echo "groff is not installed: $1 is not checked"
  exit 77
fi

# -t: the EXIT STATUS table; -ww: every warning; -z: no output, just the checks.
warnings=$(LC_ALL=C.UTF-8 groff -man -t -Tutf8 -ww -z "$1" 2>&1) || {
  printf '%s\n' "$warnings"
  echo "groff failed on $1"
  exit 1
}
if [ -n "$warnings" ]; then
  printf '%s\n' "$warnings"
  echo "groff warns about $1"
  exit 1
fi

# The sections a reader of a command's page looks for.
for section in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' FILES EXAMPLES 'SEE ALSO'; do
  if ! grep -q "^\.SH \"\{0,1\}$section\"\{0,1\}\$" "$1"; then
    echo "$1 has no $section section"
    exit 1
  fi
done
echo "$1: no warnings"
