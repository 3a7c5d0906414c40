#!/usr/bin/env bash
# Listing drives never grabs or loads one (real-drives.md finding 8 and item 11):
#  tray  after a store that ejected the disc, --list-drives lists the drive with "no medium",
#        leaves the tray open, and sends no START STOP UNIT (1B) and no PREVENT ALLOW
#        MEDIUM REMOVAL (1E); a drive with a closed tray is listed with its medium.
#  busy  a drive another program holds (O_EXCL) is listed as busy, and is sent no command.
#  default  with that busy drive as the only drive and no target configured, the store's
#        target is the drive (it fails with exit 4 naming it), never an image file.
#  mounted  a drive whose disc is mounted is listed with its medium and where it is mounted.
#
#   list-drives.sh CASE       (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh,
#                              VDRIVE_HOLD: cs-vdrive-hold)
set -uo pipefail

case=${1:?usage: list-drives.sh tray|busy|default|mounted}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}" "${VDRIVE_HOLD:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-list-drives-$case.XXXXXX")
holder=
cleanup() {
  [ -n "$holder" ] && { exec 7>&-; wait "$holder"; }
  rm -rf "$tmp"
}
trap cleanup EXIT
drives=$tmp/drives
stage=$tmp/stage
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data XDG_CONFIG_HOME=$tmp/home/config
mkdir -p "$HOME"

fail() {
  echo "FAIL [$case] $*" >&2
  for d in "$drives"/sr*; do "$VDRIVE_CTL" toc "$d" >&2 || true; done
  exit 1
}

vd() {
  LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives "$@"
}

mkdir -p "$stage/2026/11/23/host1"
head -c 300000 /dev/urandom >"$stage/2026/11/23/host1/data.tar"
: >"$stage/2026/11/23/cback.stage"

# Starts cs-vdrive-hold on /dev/srN; returns once it holds the drive.
hold() {
  mkfifo "$tmp/hold-in" "$tmp/hold-out"
  vd "$VDRIVE_HOLD" "$1" <"$tmp/hold-in" >"$tmp/hold-out" &
  holder=$!
  exec 7>"$tmp/hold-in"
  read -r said <"$tmp/hold-out" || true
  [ "$said" = held ] || fail "cs-vdrive-hold could not hold $1"
}

case $case in
tray)
  "$VDRIVE_CTL" insert "$drives/sr0" dvd+rw || fail "cs-vdrive insert"
  "$VDRIVE_CTL" insert "$drives/sr1" cd-r || fail "cs-vdrive insert"
  vd "$CEDAR_STORE_BIN" --headless --stage-dir "$stage" --device /dev/sr0 --date 2026-11-23 \
    >"$tmp/store.log" 2>&1 || { cat "$tmp/store.log" >&2; fail "the store failed"; }
  "$VDRIVE_CTL" toc "$drives/sr0" | grep -q '^tray: open' || fail "the store did not eject the disc"

  vd env CS_VDRIVE_TRACE=1 "$CEDAR_STORE_BIN" --list-drives >"$tmp/out" 2>"$tmp/trace"
  rc=$?
  cat "$tmp/out"
  [ "$rc" = 0 ] || { cat "$tmp/trace" >&2; fail "--list-drives: exit $rc"; }
  "$VDRIVE_CTL" toc "$drives/sr0" | grep -q '^tray: open' ||
    { cat "$tmp/trace" >&2; fail "--list-drives closed the open tray"; }
  if grep -E 'SG_IO (1b|1e) ' "$tmp/trace" >&2; then
    fail "--list-drives sent START STOP UNIT or PREVENT ALLOW MEDIUM REMOVAL"
  fi
  grep -qE '^/dev/sr0	.+	no medium$' "$tmp/out" || fail "sr0 (tray open) is not listed as no medium"
  grep -qE '^/dev/sr1	.+	CD-R, blank$' "$tmp/out" || fail "sr1 is not listed with its blank CD-R"

  # The tray closed again: the medium is listed as what it holds.
  "$VDRIVE_CTL" reload "$drives/sr0" || fail "cs-vdrive reload"
  vd "$CEDAR_STORE_BIN" --list-drives >"$tmp/out" 2>&1 || fail "--list-drives failed"
  cat "$tmp/out"
  grep -qE '^/dev/sr0	.+	DVD\+RW, appendable, 1 session, .*“CEDAR BACKUP 23-NOV-2026”$' \
    "$tmp/out" || fail "sr0 is not listed with its appendable DVD+RW"
  ;;
busy)
  "$VDRIVE_CTL" insert "$drives/sr0" dvd+rw || fail "cs-vdrive insert"
  "$VDRIVE_CTL" insert "$drives/sr1" dvd+r || fail "cs-vdrive insert"
  hold /dev/sr0
  vd env CS_VDRIVE_TRACE=1 "$CEDAR_STORE_BIN" --list-drives >"$tmp/out" 2>"$tmp/trace"
  rc=$?
  cat "$tmp/out"
  [ "$rc" = 0 ] || { cat "$tmp/trace" >&2; fail "--list-drives: exit $rc"; }
  grep -qE '^/dev/sr0	.+	busy: ' "$tmp/out" || fail "the held drive is not listed as busy"
  grep -qE '^/dev/sr1	.+	DVD\+R, blank$' "$tmp/out" || fail "the free drive is not listed"
  if grep 'sr0 SG_IO' "$tmp/trace" >&2; then
    fail "--list-drives sent commands to the busy drive"
  fi
  ;;
default)
  "$VDRIVE_CTL" insert "$drives/sr0" dvd+rw || fail "cs-vdrive insert"
  hold /dev/sr0
  # No --device and no configuration: design.md's default target.
  vd "$CEDAR_STORE_BIN" --headless --stage-dir "$stage" --date 2026-11-23 >"$tmp/store.log" 2>&1
  rc=$?
  cat "$tmp/store.log"
  ! grep -q 'cedar-backup.iso' "$tmp/store.log" &&
    [ ! -e "$XDG_DATA_HOME/cedar-store/cedar-backup.iso" ] ||
    fail "the target was the image file while a drive exists"
  [ "$rc" = 4 ] || fail "exit $rc, expected 4 (the drive is busy)"
  grep -q '/dev/sr0' "$tmp/store.log" || fail "the message does not name the drive"
  [ ! -e "$stage/2026/11/23/cback.store" ] || fail "the day was marked stored"
  ;;
mounted)
  "$VDRIVE_CTL" insert "$drives/sr0" dvd+r || fail "cs-vdrive insert"
  # The drive's stand-in for the kernel's mount table (tests/vdrive/README.md).
  printf '%s\n' 'proc /proc proc rw 0 0' '/dev/sr0 /media/cedar\040disc iso9660 ro,nosuid 0 0' \
    >"$drives/mounts"
  vd env CS_VDRIVE_TRACE=1 "$CEDAR_STORE_BIN" --list-drives >"$tmp/out" 2>"$tmp/trace"
  rc=$?
  cat "$tmp/out"
  [ "$rc" = 0 ] || { cat "$tmp/trace" >&2; fail "--list-drives: exit $rc"; }
  grep -qE '^/dev/sr0	.+	DVD\+R, blank; mounted on /media/cedar disc$' "$tmp/out" ||
    fail "the drive is not listed as mounted, with its medium"
  if grep -E 'SG_IO (1b|1e) ' "$tmp/trace" >&2; then
    fail "--list-drives sent START STOP UNIT or PREVENT ALLOW MEDIUM REMOVAL"
  fi
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "PASS [$case]"
