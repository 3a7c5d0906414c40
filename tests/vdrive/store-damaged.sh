#!/usr/bin/env bash
# An interrupted append on write-once media (real-drives.md findings 5 and 10). Monday is
# stored; Tuesday's store is cancelled (SIGTERM) while its track is being written.
#
#   DVD+R, BD-R (libburn leaves the track open; the reload makes it damaged):
#     the cancel message says the disc may end with a damaged track and names
#     --close-damaged; a store refuses with exit 4 before writing (toc unchanged, nothing
#     marked); --close-damaged closes it (exit 0, no open or damaged track), then the store
#     appends and verifies; --close-damaged on a healthy disc: exit 4, nothing written.
#   CD-R, DVD-R (libburn closes the interrupted session itself):
#     the cancel message says the disc now ends with an incomplete session; the next store
#     appends after it with Monday's files and verifies.
#
#   store-damaged.sh TYPE first: the cancelled store is the disc's first (DVD+R: a reserved
#     track, which closing fills to its reserved size): after --close-damaged the disc holds
#     only an incomplete session, and a store refuses it (exit 4, nothing written) instead
#     of appending to a tree whose files were never written.
#
#   store-damaged.sh TYPE noreload: as above on DVD+R/BD-R, but the store after the cancel
#     runs without a medium change (cron simply runs again): the track is open, not damaged
#     in the drive's eyes; it is refused and closed all the same, never written on.
#
#   store-damaged.sh TYPE [first|noreload]  (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh)
set -uo pipefail

type=${1:?usage: store-damaged.sh TYPE [first]}
first=${2:-}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

case $type in
  dvd+r|bd-r) leaves=damaged ;;
  cd-r|dvd-r) leaves=incomplete ;;
  *) echo "unsupported type $type" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-damaged-$type.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
drives=$tmp/drives
stage=$tmp/stage

fail() {
  echo "FAIL [$type] $*" >&2
  "$VDRIVE_CTL" toc "$drives/sr0" >&2 || true
  exit 1
}

vd() {
  LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives "$@"
}

store() {  # store DATE LOG [OPTION…]
  local date=$1 log=$2
  shift 2
  vd "$CEDAR_STORE_BIN" --headless -v --stage-dir "$stage" --device /dev/sr0 --date "$date" \
    "$@" >"$log" 2>&1
}

# The disc's state; the tray and the kernel's view change with every grab.
toc() { "$VDRIVE_CTL" toc "$drives/sr0" | grep -v '^tray:\|^kernel view:'; }

for d in 23 24 25; do
  mkdir -p "$stage/2026/11/$d/host1"
  head -c $((d * 100000)) /dev/urandom >"$stage/2026/11/$d/host1/data.tar"
  : >"$stage/2026/11/$d/cback.stage"
done
# Tuesday is big enough to be interrupted at the drive's real speed.
head -c 150000000 /dev/zero >"$stage/2026/11/24/host1/big.bin"

"$VDRIVE_CTL" insert "$drives/sr0" "$type" || fail "cs-vdrive insert"

if [ "$first" = first ]; then
  : >"$tmp/tue.log"
  CS_VDRIVE_SPEED=1 LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives \
    "$CEDAR_STORE_BIN" --headless -v --stage-dir "$stage" --device /dev/sr0 --date 2026-11-24 \
    >"$tmp/tue.log" 2>&1 &
  pid=$!
  until "$VDRIVE_CTL" toc "$drives/sr0" | grep -q '^session .* written [1-9][0-9]* \(open\|reserved\)$'; do
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/tue.log" >&2; fail "the store ended before writing"; }
    sleep 0.1
  done
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  pid=
  [ "$rc" = 7 ] || { cat "$tmp/tue.log" >&2; fail "cancelled store: exit $rc, expected 7"; }
  "$VDRIVE_CTL" reload "$drives/sr0" || fail "cs-vdrive reload"
  toc | grep -q '^session .* damaged$' || fail "no damaged track after the reload"
  vd "$CEDAR_STORE_BIN" --headless --close-damaged --device /dev/sr0 >"$tmp/close.log" 2>&1
  rc=$?
  echo "--close-damaged: exit $rc: $(tail -n 1 "$tmp/close.log")"
  [ "$rc" = 0 ] || { cat "$tmp/close.log" >&2; fail "--close-damaged: exit $rc, expected 0"; }
  toc >"$tmp/toc.closed"
  store 2026-11-25 "$tmp/wed.log"
  rc=$?
  last=$(tail -n 1 "$tmp/wed.log")
  echo "store onto the closed first session: exit $rc: $last"
  [ "$rc" = 4 ] || { cat "$tmp/wed.log" >&2; fail "store onto an incomplete only session: exit $rc, expected 4"; }
  grep -q 'incomplete' <<<"$last" || fail "the refusal does not say the session is incomplete"
  toc | diff "$tmp/toc.closed" - >&2 || fail "the refused store changed the disc"
  [ ! -e "$stage/2026/11/25/cback.store" ] || fail "Wednesday marked stored after a refusal"
  echo "PASS [$type first]"
  exit 0
fi

store 2026-11-23 "$tmp/mon.log" || { cat "$tmp/mon.log" >&2; fail "Monday's store failed"; }

# A healthy disc: nothing to close, nothing written.
toc >"$tmp/toc.healthy"
vd "$CEDAR_STORE_BIN" --headless --close-damaged --device /dev/sr0 >"$tmp/close0.log" 2>&1
rc=$?
echo "--close-damaged on a healthy disc: exit $rc: $(tail -n 1 "$tmp/close0.log")"
[ "$rc" = 4 ] || { cat "$tmp/close0.log" >&2; fail "--close-damaged on a healthy disc: exit $rc, expected 4"; }
grep -q 'nothing to close' "$tmp/close0.log" || fail "the message does not say there is nothing to close"
toc | diff "$tmp/toc.healthy" - >&2 || fail "--close-damaged on a healthy disc changed the disc"

# Tuesday: cancelled once its track is open (the drive's own state says so).
: >"$tmp/tue.log"
CS_VDRIVE_SPEED=1 LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives \
  "$CEDAR_STORE_BIN" --headless -v --stage-dir "$stage" --device /dev/sr0 --date 2026-11-24 \
  >"$tmp/tue.log" 2>&1 &
pid=$!
until "$VDRIVE_CTL" toc "$drives/sr0" | grep -q '^session .* open$\|^session .* reserved$'; do
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/tue.log" >&2; fail "Tuesday's store ended before its track was open"; }
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
last=$(tail -n 1 "$tmp/tue.log")
echo "cancelled store: exit $rc: $last"
[ "$rc" = 7 ] || { cat "$tmp/tue.log" >&2; fail "cancelled store: exit $rc, expected 7"; }
! grep -q 'earlier sessions are unchanged' <<<"$last" ||
  fail "the cancel message claims the write-once disc is unchanged"
[ ! -e "$stage/2026/11/24/cback.store" ] || fail "Tuesday marked stored"

if [ "$leaves" = damaged ]; then
  grep -q 'damaged track' <<<"$last" && grep -q -- '--close-damaged --device /dev/sr0' <<<"$last" ||
    fail "the cancel message does not mention the damaged track and how to close it"
  if [ "$first" = noreload ]; then
    toc | grep -q '^session .* \(open\|reserved\)$' || fail "no open track after the cancel"
  else
    # A medium change while the track is open: the drive reports it damaged.
    "$VDRIVE_CTL" reload "$drives/sr0" || fail "cs-vdrive reload"
    toc | grep -q '^session .* damaged$' || fail "no damaged track after the reload"
  fi

  toc >"$tmp/toc.damaged"
  store 2026-11-25 "$tmp/wed1.log"
  rc=$?
  last=$(tail -n 1 "$tmp/wed1.log")
  echo "store onto the damaged disc: exit $rc: $last"
  [ "$rc" = 4 ] || { cat "$tmp/wed1.log" >&2; fail "store onto a damaged disc: exit $rc, expected 4"; }
  grep -q '/dev/sr0 ends with a damaged track (the track that starts at block [0-9]' <<<"$last" &&
    grep -q -- 'cedar-store --headless --close-damaged --device /dev/sr0' <<<"$last" ||
    fail "the refusal does not name the device, the track and the command"
  ! grep -q '^== Write' "$tmp/wed1.log" || fail "the refused store reached the write step"
  toc | diff "$tmp/toc.damaged" - >&2 || fail "the refused store changed the disc"
  [ ! -e "$stage/2026/11/25/cback.store" ] || fail "Wednesday marked stored after a refusal"

  vd "$CEDAR_STORE_BIN" --headless --close-damaged --device /dev/sr0 >"$tmp/close.log" 2>&1
  rc=$?
  echo "--close-damaged: exit $rc: $(tail -n 1 "$tmp/close.log")"
  [ "$rc" = 0 ] || { cat "$tmp/close.log" >&2; fail "--close-damaged: exit $rc, expected 0"; }
  ! toc | grep -q '^session .* \(open\|damaged\|reserved\)' || fail "a track is still open or damaged"
  toc | grep -q '^disc status: appendable' || fail "closing the track closed the disc"
else
  grep -q 'incomplete session' <<<"$last" ||
    fail "the cancel message does not say the disc ends with an incomplete session"
  ! toc | grep -q '^session .* \(open\|damaged\)' || fail "libburn left a track open"
fi

# Wednesday appends after everything, with Monday's files, and verifies.
store 2026-11-25 "$tmp/wed2.log" || { cat "$tmp/wed2.log" >&2; fail "the store after the interruption failed"; }
grep -q 'Stored and verified 2026/11/25' "$tmp/wed2.log" || { cat "$tmp/wed2.log" >&2; fail "not verified"; }
[ -e "$stage/2026/11/25/cback.store" ] || fail "Wednesday not marked stored"
out=$(vd xorriso -indev /dev/sr0 -toc \
        -compare_r "$stage/2026/11/23/host1" /2026/11/23/host1 \
        -compare_r "$stage/2026/11/25/host1" /2026/11/25/host1 2>&1)
grep -q "CEDAR BACKUP 25-NOV-2026" <<<"$(grep '^ISO session' <<<"$out" | tail -n 1)" ||
  { echo "$out" >&2; fail "the newest session is not Wednesday's"; }
[ "$(grep -c 'Both file objects match' <<<"$out")" = 2 ] && ! grep -q 'Differences detected' <<<"$out" ||
  { echo "$out" | tail -n 20 >&2; fail "Monday's or Wednesday's files do not compare equal"; }

# Closed and appended: nothing damaged is left to close.
vd "$CEDAR_STORE_BIN" --headless --close-damaged --device /dev/sr0 >"$tmp/close2.log" 2>&1
rc=$?
[ "$rc" = 4 ] || { cat "$tmp/close2.log" >&2; fail "--close-damaged after the append: exit $rc, expected 4"; }
echo "PASS [$type]"
