#!/bin/sh
# Checks every translation in po/LINGUAS with msgfmt --check --statistics (format strings
# match their msgid, plural forms are declared and complete, the header is sound) and
# fails on any untranslated or fuzzy message: a shipped translation is a complete one.
#   check-po.sh PO_DIR
set -eu

podir=$1
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for lang in $(grep -v '^#' "$podir/LINGUAS"); do
  po="$podir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$lang is in LINGUAS but $po does not exist"
    status=1
    continue
  fi
  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o "$tmp/$lang.mo" "$po" 2>&1); then
    printf '%s\n' "$stats"
    echo "$po: msgfmt --check failed"
    status=1
    continue
  fi
  echo "$lang: $stats"
  case $stats in
    *untranslated*|*fuzzy*)
      echo "$po is incomplete"
      status=1
      ;;
  esac
  if ! grep -q '^"Plural-Forms: nplurals=[0-9]*; plural=[^"]*;\\n"$' "$po"; then
    echo "$po has no Plural-Forms header"
    status=1
  fi
done

exit $status
