#!/bin/bash
# check-outside.sh - judge the virtual drive by programs written by others:
# xorriso (libburn), growisofs, wodim and blkid. Each case prints PASS or
# FAIL with what failed; the exit status is 1 if any case failed, 77 (skip)
# if none of the programs is installed.
#
# usage: check-outside.sh BUILD_VDRIVE_DIR [CASE...]
#   BUILD_VDRIVE_DIR holds libcs-vdrive.so and cs-vdrive.
#   CASE: xorriso-dvd+rw xorriso-dvd+r xorriso-cd-r xorriso-bd-re xorriso-dvd-rw
#         growisofs-dvd+rw growisofs-dvd+r wodim-cd-r blkid-stale
# No fixed sleeps: every step waits for the program it runs.

set -u
B=$(cd "${1:?usage: check-outside.sh BUILD_VDRIVE_DIR [CASE...]}" && pwd)
shift
LIB=$B/libcs-vdrive.so
CTL=$B/cs-vdrive
WORK=$(mktemp -d /tmp/vdrive-check.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FAILED=0
RAN=0
LOG=$WORK/log

# Source trees for the sessions.
mkdir -p "$WORK/s1" "$WORK/s2" "$WORK/s3"
echo "first session" > "$WORK/s1/one.txt"
head -c 2500000 /dev/urandom > "$WORK/s1/big.bin"
echo "second session" > "$WORK/s2/two.txt"
head -c 300000 /dev/urandom > "$WORK/s2/mid.bin"
echo "third session" > "$WORK/s3/three.txt"

have () { command -v "$1" > /dev/null 2>&1; }

# Runs a program with the drive preloaded; output goes to $LOG.
vd () {
  echo "+ $*" >> "$LOG"
  LD_PRELOAD=$LIB CS_VDRIVE_DIR=$D timeout -s KILL 300 "$@" >> "$LOG" 2>&1
}

fail () {
  echo "FAIL $CASE: $*"
  echo "---- last lines of the log ($CASE)"
  tail -n 25 "$LOG" | sed 's/^/    /'
  echo "---- drive state"
  "$CTL" toc "$D/sr0" | sed 's/^/    /'
  FAILED=1
  return 1
}

pass () {
  echo "PASS $CASE"
}

start () {
  CASE=$1
  RAN=1
  D=$WORK/$CASE
  : > "$LOG"
  "$CTL" insert "$D/sr0" "$2" || fail "cs-vdrive insert $2"
}

# The TOC as xorriso reads it: "ISO session : N , start , size , id" lines.
xorriso_sessions () {
  : > "$LOG"
  vd xorriso -indev /dev/sr0 -toc || return 1
  grep -c '^ISO session' "$LOG"
}

case_xorriso () {
  local type=$1
  start "xorriso-$type" "$type" || return
  vd xorriso -outdev /dev/sr0 -map "$WORK/s1" /a -commit || { fail "first commit"; return; }
  vd xorriso -dev /dev/sr0 -map "$WORK/s2" /b -commit || { fail "append"; return; }
  local n
  n=$(xorriso_sessions) || { fail "-toc"; return; }
  [ "$n" = 2 ] || { fail "-toc lists $n sessions, not 2"; return; }
  : > "$LOG"
  vd xorriso -indev /dev/sr0 -compare_r "$WORK/s1" /a -compare_r "$WORK/s2" /b \
    || { fail "-compare_r"; return; }
  [ "$(grep -c 'Both file objects match' "$LOG")" = 2 ] || { fail "-compare_r mismatch"; return; }
  pass
}

# The files of a disc, as xorriso sees them.
xorriso_has () {
  : > "$LOG"
  vd xorriso -indev /dev/sr0 -find / -type f || return 1
  for f in "$@"; do
    grep -q "^'/$f'\$" "$LOG" || { echo "missing /$f" >> "$LOG"; return 1; }
  done
}

case_growisofs () {
  local type=$1
  start "growisofs-$type" "$type" || return
  vd growisofs -Z /dev/sr0 -R -J "$WORK/s1" || { fail "growisofs -Z"; return; }
  vd growisofs -M /dev/sr0 -R -J "$WORK/s2" || { fail "first growisofs -M"; return; }
  vd growisofs -M /dev/sr0 -R -J "$WORK/s3" || { fail "second growisofs -M"; return; }
  xorriso_has one.txt big.bin two.txt mid.bin three.txt || { fail "files of all sessions"; return; }
  : > "$LOG"
  vd xorriso -indev /dev/sr0 -compare_r "$WORK/s1/big.bin" /big.bin || { fail "compare"; return; }
  grep -q 'Both file objects match' "$LOG" || { fail "big.bin differs"; return; }
  if [ "$type" = dvd+r ]; then
    local n
    n=$(xorriso_sessions) || { fail "-toc"; return; }
    [ "$n" = 3 ] || { fail "-toc lists $n sessions, not 3"; return; }
  fi
  pass
}

case_wodim () {
  start wodim-cd-r cd-r || return
  genisoimage -quiet -R -J -o "$WORK/img1.iso" "$WORK/s1" 2>> "$LOG" || { fail genisoimage; return; }
  vd wodim gracetime=2 dev=/dev/sr0 -multi -tao "$WORK/img1.iso" || { fail "first wodim"; return; }
  : > "$LOG"
  vd wodim dev=/dev/sr0 -msinfo || { fail "wodim -msinfo"; return; }
  local ms
  ms=$(grep -E '^[0-9]+,[0-9]+$' "$LOG" | tail -n 1)
  [ -n "$ms" ] || { fail "no msinfo"; return; }
  local expect
  expect=$("$CTL" toc "$D/sr0" | sed -n 's/^next writable address: \([0-9]*\).*/\1/p')
  [ "$ms" = "0,$expect" ] || { fail "msinfo $ms, drive's NWA is $expect"; return; }
  # The kernel's view is stale after writing through SG_IO; reload as a
  # user (or cdrecord -eject plus insert) would, so -M can read session 1.
  "$CTL" reload "$D/sr0"
  vd genisoimage -quiet -R -J -C "$ms" -M /dev/sr0 -o "$WORK/img2.iso" "$WORK/s2" \
    || { fail "genisoimage -C -M"; return; }
  vd wodim gracetime=2 dev=/dev/sr0 -multi -tao "$WORK/img2.iso" || { fail "second wodim"; return; }
  local n
  n=$(xorriso_sessions) || { fail "-toc"; return; }
  [ "$n" = 2 ] || { fail "-toc lists $n sessions, not 2"; return; }
  xorriso_has one.txt big.bin two.txt mid.bin || { fail "files of both sessions"; return; }
  : > "$LOG"
  vd xorriso -indev /dev/sr0 -compare_r "$WORK/s1/big.bin" /big.bin \
    -compare_r "$WORK/s2/mid.bin" /mid.bin || { fail "compare"; return; }
  [ "$(grep -c 'Both file objects match' "$LOG")" = 2 ] || { fail "-compare_r mismatch"; return; }
  pass
}

case_blkid () {
  start blkid-stale dvd+r || return
  vd xorriso -outdev /dev/sr0 -volid FIRST -map "$WORK/s1" /a -commit || { fail "commit 1"; return; }
  "$CTL" reload "$D/sr0"
  vd xorriso -dev /dev/sr0 -volid SECOND -map "$WORK/s2" /b -commit || { fail "commit 2"; return; }
  local label
  label=$(LD_PRELOAD=$LIB CS_VDRIVE_DIR=$D blkid -p -s LABEL -o value /dev/sr0 2>> "$LOG")
  [ "$label" = FIRST ] || { fail "before reload blkid saw '$label', not the stale FIRST"; return; }
  "$CTL" reload "$D/sr0"
  label=$(LD_PRELOAD=$LIB CS_VDRIVE_DIR=$D blkid -p -s LABEL -o value /dev/sr0 2>> "$LOG")
  [ "$label" = SECOND ] || { fail "after reload blkid saw '$label', not SECOND"; return; }
  pass
}

ALL="xorriso-dvd+rw xorriso-dvd+r xorriso-cd-r xorriso-bd-re xorriso-dvd-rw
growisofs-dvd+rw growisofs-dvd+r wodim-cd-r blkid-stale"
[ $# -gt 0 ] && ALL="$*"
for c in $ALL; do
  case $c in
    xorriso-*) have xorriso && case_xorriso "${c#xorriso-}" ;;
    growisofs-*) have growisofs && have xorriso && case_growisofs "${c#growisofs-}" ;;
    wodim-cd-r) have wodim && have genisoimage && have xorriso && case_wodim ;;
    blkid-stale) have blkid && have xorriso && case_blkid ;;
    *) echo "unknown case $c"; FAILED=1 ;;
  esac
done
[ $RAN = 0 ] && { echo "SKIP: none of xorriso, growisofs, wodim, blkid installed"; exit 77; }
exit $FAILED
