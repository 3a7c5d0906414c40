#!/usr/bin/env bash
# A new disc on rewritable media fails after the old disc was erased (issue 14, item 2):
# Monday 23 and Tuesday 24 are stored in two sessions, then a store that starts a new disc
# erases them (DVD+RW and BD-RE: the head is invalidated; CD-RW: blanked) and the drive fails
# a WRITE inside the new session. The erase cannot be undone, so the message must say
# plainly that the disc was erased and what it no longer holds (label, sessions, days), and
# the log says why the store started a new disc before anything was erased.
#
#   store-erased.sh CASE   (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh)
#
#   week-dvd+rw   Monday 30 starts a new week: invalidated, then a write error
#   week-cd-rw    the same on a CD-RW: blanked, then a write error
#   full-bd-re    --full on Wednesday 25: invalidated, then a write error
set -euo pipefail

case_=${1:?usage: store-erased.sh CASE}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-erased-$case_.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
drives=$tmp/drives
stage=$tmp/stage
mkdir -p "$stage" "$tmp/work"

fail() {
  echo "FAIL [$case_] $*" >&2
  "$VDRIVE_CTL" toc "$drives/sr0" >&2 || true
  exit 1
}

vd() {
  LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives "$@"
}

case $case_ in
  week-dvd+rw) type=dvd+rw media=dvd+rw device=dvdwriter date=2026-11-30 opt= ;;
  week-cd-rw)  type=cd-rw  media=cdrw-80 device=cdwriter date=2026-11-30 opt= ;;
  full-bd-re)  type=bd-re  media=bd-re  device=bdwriter date=2026-11-25 opt=--full ;;
  *) echo "unknown case $case_" >&2; exit 2 ;;
esac

cat >"$tmp/cback3.conf" <<EOF
<?xml version="1.0"?>
<cb_config>
  <options>
    <starting_day>monday</starting_day>
    <working_dir>$tmp/work</working_dir>
    <backup_user>root</backup_user>
    <backup_group>root</backup_group>
    <rcp_command>/usr/bin/scp -B</rcp_command>
  </options>
  <store>
    <source_dir>$stage</source_dir>
    <media_type>$media</media_type>
    <device_type>$device</device_type>
    <target_device>/dev/sr0</target_device>
    <check_data>Y</check_data>
  </store>
</cb_config>
EOF

# day YYYY-MM-DD BYTES: a staged day (sparse data and 4 KiB of random bytes)
day() {
  local dir=$stage/${1:0:4}/${1:5:2}/${1:8:2}
  mkdir -p "$dir/host1"
  truncate -s "$2" "$dir/host1/data"
  head -c 4096 /dev/urandom >"$dir/host1/head"
  : >"$dir/cback.stage"
}

# store DATE WANT [OPTION…]: exit status WANT, output in $tmp/DATE.log
store() {
  local d=$1 want=$2 rc=0
  shift 2
  LC_ALL=C vd "$CEDAR_STORE_BIN" --headless -v -c "$tmp/cback3.conf" --device /dev/sr0 \
    --date "$d" "$@" >"$tmp/$d.log" 2>&1 || rc=$?
  echo "store $d $*: exit $rc: $(tail -n 1 "$tmp/$d.log")"
  [ "$rc" = "$want" ] || { tail -n 30 "$tmp/$d.log" >&2; fail "store of $d: exit $rc, expected $want"; }
}

"$VDRIVE_CTL" insert "$drives/sr0" "$type" || fail "insert"
day 2026-11-23 1M
day 2026-11-24 1M
day "$date" 8M
store 2026-11-23 0
store 2026-11-24 0
"$VDRIVE_CTL" toc "$drives/sr0" | grep -q '^sessions: 2 ' || [ "$type" != cd-rw ] ||
  fail "not two sessions before the new disc"

# Inside the new session, wherever it starts (block 0 after a blank, 32 on overwritable).
"$VDRIVE_CTL" fault "$drives/sr0" write-error 1500 || fail "cs-vdrive fault"
store "$date" 5 $opt
log=$tmp/$date.log
last=$(tail -n 1 "$log")

case $case_ in
  full-bd-re) why="A full store starts a new disc" ;;
  *)          why="Monday starts a new week in your Cedar Backup configuration" ;;
esac
what="its 2 sessions labelled “CEDAR BACKUP 24-NOV-2026”, with the days 2026/11/23 and 2026/11/24"

grep -qF "Starting a new disc in /dev/sr0: $why; erasing $what" "$log" ||
  fail "the log does not say why the store starts a new disc and what it erases"
grep -qF "had been erased for the new disc before this: it no longer holds $what" <<<"$last" ||
  fail "the message does not say that the disc was erased and what it no longer holds"
grep -q 'Write error' <<<"$last" || fail "the message lost the drive's reason"
[ ! -e "$stage/${date:0:4}/${date:5:2}/${date:8:2}/cback.store" ] || fail "the day was marked stored"
echo "PASS [$case_]"
