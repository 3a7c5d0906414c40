#!/usr/bin/env bash
# Smaller real-drive findings (item 11 of shared/docs/real-drives.md) on the virtual drive:
#
#   blank-progress-cd-rw, blank-progress-dvd-rw: Monday is stored, then a --full store blanks
#     the disc at real speed (CS_VDRIVE_SPEED=1, the blank taking 6 s): `-v` shows several
#     "Blanking /dev/sr0: N %, about … left" lines with N increasing.
#   format-progress-bd-re: the first store on a fresh BD-RE formats it: the same for
#     "Formatting /dev/sr0: N %".
#   cd-padding: every CD session ends with 150 blocks (300 KiB) of zeros after the image:
#     each track is at least 150 blocks longer than its ISO's volume space size.
#   force-device: `stdio:/dev/sr0` on a block device that holds an ISO 9660 filesystem is
#     refused with exit 4 and nothing written; --force-device (dry run) and an empty block
#     device are not refused.
#
#   store-misc.sh CASE        (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh)
set -uo pipefail

case=${1:?usage: store-misc.sh CASE}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-misc-$case.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
drives=$tmp/drives
stage=$tmp/stage

fail() {
  echo "FAIL [$case] $*" >&2
  "$VDRIVE_CTL" toc "$drives/sr0" >&2 || true
  exit 1
}

vd() {
  LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives "$@"
}

store() {  # LOG DATE [options...]
  local log=$1 date=$2
  shift 2
  vd "$CEDAR_STORE_BIN" --headless --stage-dir "$stage" --date "$date" "$@" >"$log" 2>&1
}

for d in 23 24; do
  mkdir -p "$stage/2026/11/$d/host1"
  head -c $((d * 20000)) /dev/urandom >"$stage/2026/11/$d/host1/data.tar"
  : >"$stage/2026/11/$d/cback.stage"
done

# Progress lines "WHAT /dev/sr0: N %" in LOG: at least 3, each N larger than the one before.
check_progress() {  # LOG WHAT
  local log=$1 what=$2 n prev=-1 count=0
  while read -r n; do
    [ "$n" -gt "$prev" ] || { cat "$log" >&2; fail "$what progress went from $prev % to $n %"; }
    prev=$n
    count=$((count + 1))
  done < <(sed -n "s|^$what /dev/sr0: \([0-9]*\) %, about .* left\$|\1|p" "$log")
  grep "^$what /dev/sr0:" "$log"
  [ "$count" -ge 3 ] || { cat "$log" >&2; fail "$count $what progress lines, expected at least 3"; }
}

case $case in
  blank-progress-cd-rw|blank-progress-dvd-rw)
    type=${case#blank-progress-}
    "$VDRIVE_CTL" insert "$drives/sr0" "$type" || fail "cs-vdrive insert"
    store "$tmp/mon.log" 2026-11-23 --device /dev/sr0 ||
      { cat "$tmp/mon.log" >&2; fail "Monday's store failed"; }
    CS_VDRIVE_SPEED=1 CS_VDRIVE_BLANK_SECONDS=6 store "$tmp/full.log" 2026-11-24 -v --full \
      --device /dev/sr0 || { cat "$tmp/full.log" >&2; fail "the --full store failed"; }
    check_progress "$tmp/full.log" Blanking
    ;;

  format-progress-bd-re)
    "$VDRIVE_CTL" insert "$drives/sr0" bd-re || fail "cs-vdrive insert"
    CS_VDRIVE_SPEED=1 CS_VDRIVE_BLANK_SECONDS=6 store "$tmp/mon.log" 2026-11-23 -v \
      --device /dev/sr0 || { cat "$tmp/mon.log" >&2; fail "Monday's store failed"; }
    check_progress "$tmp/mon.log" Formatting
    ;;

  cd-padding)
    "$VDRIVE_CTL" insert "$drives/sr0" cd-r || fail "cs-vdrive insert"
    store "$tmp/mon.log" 2026-11-23 --device /dev/sr0 ||
      { cat "$tmp/mon.log" >&2; fail "Monday's store failed"; }
    store "$tmp/tue.log" 2026-11-24 --device /dev/sr0 ||
      { cat "$tmp/tue.log" >&2; fail "Tuesday's store failed"; }
    tracks=0
    while read -r start size; do
      # The volume space size: bytes 80..83 (little-endian) of the PVD at start + 16.
      blocks=$(od -An -tu4 --endian=little -j $(((start + 16) * 2048 + 80)) -N4 \
               "$drives/sr0/medium.img" | tr -d ' ')
      echo "track at $start: $size blocks, ISO $blocks blocks"
      [ "$size" -ge $((blocks + 150)) ] ||
        fail "the track at $start ($size blocks) is not 150 blocks longer than its ISO ($blocks)"
      tracks=$((tracks + 1))
    done < <("$VDRIVE_CTL" toc "$drives/sr0" |
             sed -n 's/^session [0-9]* track [0-9]*: start \([0-9]*\) size \([0-9]*\) .*/\1 \2/p')
    [ "$tracks" = 2 ] || fail "$tracks tracks, expected 2"
    ;;

  force-device)
    "$VDRIVE_CTL" insert "$drives/sr0" dvd+rw || fail "cs-vdrive insert"
    "$VDRIVE_CTL" insert "$drives/sr1" dvd+rw || fail "cs-vdrive insert"
    store "$tmp/mon.log" 2026-11-23 --device /dev/sr0 ||
      { cat "$tmp/mon.log" >&2; fail "Monday's store failed"; }
    # The disc back in: the kernel's block device now shows its ISO 9660 filesystem.
    "$VDRIVE_CTL" reload "$drives/sr0" || fail "cs-vdrive reload"
    before=$(md5sum <"$drives/sr0/medium.img"; "$VDRIVE_CTL" toc "$drives/sr0" | grep -v '^tray')

    store "$tmp/dev.log" 2026-11-24 --device stdio:/dev/sr0
    rc=$?
    last=$(tail -n 1 "$tmp/dev.log")
    echo "stdio:/dev/sr0 holding a filesystem: exit $rc: $last"
    [ "$rc" = 4 ] || { cat "$tmp/dev.log" >&2; fail "exit $rc, expected 4"; }
    for word in /dev/sr0 iso9660 'Nothing was written' --force-device; do
      grep -qF -- "$word" <<<"$last" || fail "the message does not say “$word”"
    done
    after=$(md5sum <"$drives/sr0/medium.img"; "$VDRIVE_CTL" toc "$drives/sr0" | grep -v '^tray')
    [ "$before" = "$after" ] || fail "the medium changed"
    [ ! -e "$stage/2026/11/24/cback.store" ] || fail "Tuesday marked stored"

    store "$tmp/force.log" 2026-11-24 --device stdio:/dev/sr0 --force-device --dry-run ||
      { cat "$tmp/force.log" >&2; fail "--force-device --dry-run on stdio:/dev/sr0 failed"; }
    # An empty block device is written as before (here: a dry run).
    store "$tmp/empty.log" 2026-11-24 --device stdio:/dev/sr1 --dry-run ||
      { cat "$tmp/empty.log" >&2; fail "--dry-run on the empty stdio:/dev/sr1 failed"; }
    after=$(md5sum <"$drives/sr0/medium.img"; "$VDRIVE_CTL" toc "$drives/sr0" | grep -v '^tray')
    [ "$before" = "$after" ] || fail "a dry run changed the medium"
    ;;

  *)
    echo "unknown case $case" >&2
    exit 2
    ;;
esac
echo "PASS [$case]"
