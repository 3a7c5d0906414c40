#!/usr/bin/env bash
# A write error in the middle of an append on a real drive path: Monday is stored, then the
# drive fails a WRITE inside Tuesday's session. Expected: exit 5 with the drive's own reason
# (the sense, not libburn's command dump), nothing marked stored, and Monday's data still
# readable (an interrupted append leaves earlier sessions readable):
# - overwritable media and DVD+R: Monday's session is still the newest one xorriso reads;
# - CD-R and DVD-R: libburn closes the failed session itself, so the disc ends with an
#   incomplete session that write-once media cannot take back; the message says so, and
#   Wednesday's store appends after it from Monday's tree (exit 0, with a warning): the
#   newest session then holds Monday and Wednesday (real-drives.md findings 5 and 10).
#
#   store-write-error.sh TYPE        (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh)
set -uo pipefail

type=${1:?usage: store-write-error.sh TYPE}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-write-error-$type.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
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

for d in 23 24 25; do
  mkdir -p "$stage/2026/11/$d/host1"
  head -c $((d * 200000)) /dev/urandom >"$stage/2026/11/$d/host1/data.tar"
  : >"$stage/2026/11/$d/cback.stage"
done
"$VDRIVE_CTL" insert "$drives/sr0" "$type" || fail "cs-vdrive insert"

vd "$CEDAR_STORE_BIN" --headless --stage-dir "$stage" --device /dev/sr0 --date 2026-11-23 \
  >"$tmp/mon.log" 2>&1 || { cat "$tmp/mon.log" >&2; fail "Monday's store failed"; }

# Sequential media: the next session starts at the NWA; overwritable media (emulated
# sessions, 32-block aligned after the first at 32): well past Monday's data either way.
nwa=$("$VDRIVE_CTL" toc "$drives/sr0" | sed -n 's/^next writable address: \([0-9]*\).*/\1/p')
bad=$(( ${nwa:-3000} + 600 ))
"$VDRIVE_CTL" fault "$drives/sr0" write-error "$bad" || fail "cs-vdrive fault"

vd "$CEDAR_STORE_BIN" --headless --stage-dir "$stage" --device /dev/sr0 --date 2026-11-24 \
  >"$tmp/tue.log" 2>&1
rc=$?
last=$(tail -n 1 "$tmp/tue.log")
echo "store with a write error at block $bad: exit $rc: $last"
[ "$rc" = 5 ] || { cat "$tmp/tue.log" >&2; fail "exit $rc, expected 5"; }
grep -q 'Write error' <<<"$last" || fail "the message does not give the drive's reason"
! grep -q 'CDB=' <<<"$last" || fail "the message quotes libburn's command bytes"
[ ! -e "$stage/2026/11/24/cback.store" ] || fail "Tuesday marked stored"

"$VDRIVE_CTL" fault "$drives/sr0" clear

case $type in
  cd-r|dvd-r)
    grep -q 'incomplete session' <<<"$last" ||
      fail "the message does not say the disc now ends with an incomplete session"
    vd "$CEDAR_STORE_BIN" --headless --stage-dir "$stage" --device /dev/sr0 --date 2026-11-25 \
      >"$tmp/wed.log" 2>&1 || { cat "$tmp/wed.log" >&2; fail "Wednesday's store after the failed one"; }
    grep -q 'incomplete' "$tmp/wed.log" || fail "Wednesday's store does not warn of the incomplete session"
    newest="CEDAR BACKUP 25-NOV-2026"
    days="23 25"
    ;;
  *)
    ! grep -q 'incomplete session' <<<"$last" || fail "an incomplete session claimed on $type"
    newest="CEDAR BACKUP 23-NOV-2026"
    days="23"
    ;;
esac

for d in $days; do
  out=$(vd xorriso -indev /dev/sr0 -toc -compare_r "$stage/2026/11/$d/host1" /2026/11/$d/host1 2>&1)
  grep -q "$newest" <<<"$(grep '^ISO session' <<<"$out" | tail -n 1)" ||
    { echo "$out" >&2; fail "the newest readable session is not $newest"; }
  grep -q 'Both file objects match' <<<"$out" && ! grep -q 'Differences detected' <<<"$out" ||
    { echo "$out" | tail -n 20 >&2; fail "2026-11-$d no longer compares equal"; }
done
echo "PASS [$type]"
