#!/usr/bin/env bash
# What a medium can take is decided before anything is erased or written (real-drives.md,
# findings 2, 3, 4, 6, 7 and item 11). One CASE per run:
#
#   new-week-cd-rw    a CD-RW whose sessions leave less free space than the new week's first
#                     day needs: blanked and written (the blanked disc's size counts, finding 4);
#                     a day larger than the whole disc is refused before the blank
#   fast-blanked-dvd-rw
#                     a DVD-RW minimally blanked by xorriso takes one closed DAO session only: the
#                     store blanks it fully first and the week's later days append (3 and 6)
#   space-dvd+rw      an append to a DVD+RW that fits the nominal 4.4 GiB but not the disc's
#                     real remaining space is refused before writing, exit 4 (finding 7)
#   dvd-r-dl          a DVD-R DL cannot take a second session (libburn: no multi-session on
#                     0015h): the new disc is written as one closed session and says so, the
#                     next day is refused before writing, exit 4 (finding 6)
#   unreadable-dvd+rw, unreadable-bd-re
#                     the first blocks cannot be read: never taken for blank, exit 4, the
#                     week's sessions stay (finding 2)
#   nwa-invalid-dvd+r the drive does not say where the next session may go: the append is
#                     refused, exit 4, never written at block 0 (finding 5)
#   cancel-blank-cd-rw
#                     SIGTERM while the drive blanks for a new disc: the blank ends (it
#                     cannot be interrupted), then nothing of the session is written, exit 7
#   cancel-verify-dvd+r
#                     SIGTERM while the written session is read back: exit 7, and the message
#                     says the session was written but not checked, nothing marked
#   initialize-dvd+r  --initialize on a write-once disc is refused: it would use up the
#                     week's new disc
#   sessions-dvd+r    the medium line of a sequential disc counts its sessions (item 11)
#   cd-speed          drive_speed 4 on CD asks the drive for 4 × 176.4 kB/s, not less (item 11)
#
#   store-medium-rules.sh CASE   (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh)
set -euo pipefail

case_=${1:?usage: store-medium-rules.sh CASE}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-rules-$case_.XXXXXX")
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

# config MEDIA_TYPE [DRIVE_SPEED]
config() {
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
    <media_type>$1</media_type>
    <device_type>$(case $1 in cd*) echo cdwriter ;; bd*) echo bdwriter ;; *) echo dvdwriter ;; esac)</device_type>
    <target_device>/dev/sr0</target_device>
    <check_data>Y</check_data>
    ${2:+<drive_speed>$2</drive_speed>}
  </store>
</cb_config>
EOF
}

# day YYYY-MM-DD BYTES…: a staged day whose files hold BYTES each (sparse: reads as zeros,
# so hundreds of MB cost no disk space until written onto the virtual disc).
day() {
  local d=$1 dir i=0
  shift
  dir=$stage/${d:0:4}/${d:5:2}/${d:8:2}
  mkdir -p "$dir/host1"
  for size in "$@"; do
    i=$((i + 1))
    truncate -s "$size" "$dir/host1/part$i"
  done
  head -c 4096 /dev/urandom >"$dir/host1/head"
  : >"$dir/cback.stage"
}

# store DATE WANT [OPTION…]: exit status WANT, log in $tmp/DATE.log
store() {
  local date=$1 want=$2 rc
  shift 2
  rc=0
  vd "$CEDAR_STORE_BIN" --headless -v -c "$tmp/cback3.conf" --device /dev/sr0 --date "$date" \
    "$@" >"$tmp/$date.log" 2>&1 || rc=$?
  echo "store $date $*: exit $rc: $(tail -n 1 "$tmp/$date.log")"
  [ "$rc" = "$want" ] || { tail -n 30 "$tmp/$date.log" >&2; fail "store of $date: exit $rc, expected $want"; }
}

toc() { "$VDRIVE_CTL" toc "$drives/sr0"; }
# What is recorded on the disc (not the tray or the kernel's view, which a look changes).
recorded() { toc | grep -E '^(medium|profile|capacity|disc status|sessions|session|next writable)'; }
# Blocks in use on an overwritable disc: the volume space size of the PVD at LBA 16.
used_blocks() { od -An -t u4 -j $((16 * 2048 + 80)) -N 4 "$drives/sr0/medium.img" | tr -d ' '; }

# The newest session xorriso reads is LABEL's and DATE's files compare equal.
newest_is() {
  local label=$1 date=$2 out
  out=$(vd xorriso -indev /dev/sr0 -toc \
        -compare_r "$stage/${date:0:4}/${date:5:2}/${date:8:2}/host1" "/${date:0:4}/${date:5:2}/${date:8:2}/host1" 2>&1)
  grep '^ISO session' <<<"$out" | tail -n 1 | grep -q "$label" ||
    { echo "$out" | grep -E '^ISO session|^Media' >&2; fail "the newest session is not $label"; }
  grep -q 'Differences detected' <<<"$out" && { echo "$out" | tail >&2; fail "$date differs"; }
  return 0
}

case $case_ in
  new-week-cd-rw)
    config cdrw-80
    "$VDRIVE_CTL" insert "$drives/sr0" cd-rw || fail "insert"
    day 2026-11-23 400M
    day 2026-11-30 350M
    day 2026-12-07 740M
    store 2026-11-23 0
    before=$(recorded)
    # A day larger than the whole disc: refused before the blank, Monday's session stays.
    store 2026-12-07 4
    grep -q 'larger than the whole disc' "$tmp/2026-12-07.log" || fail "no 'larger than the whole disc'"
    [ "$(recorded)" = "$before" ] || { diff <(echo "$before") <(recorded) >&2; fail "the disc changed although the store was refused"; }
    ! grep -q 'Blanking' "$tmp/2026-12-07.log" || fail "blanked before refusing"
    # The next week's first day needs more than the free space left but fits the blanked disc.
    store 2026-11-30 0
    grep -q 'Blanking' "$tmp/2026-11-30.log" || fail "the disc was not blanked"
    toc | grep -q '^sessions: 1 ' || fail "not one session after the new disc"
    newest_is "CEDAR BACKUP 30-NOV-2026" 2026-11-30
    ;;

  fast-blanked-dvd-rw)
    config dvd+rw
    "$VDRIVE_CTL" insert "$drives/sr0" dvd-rw || fail "insert"
    day 2026-11-23 2M
    day 2026-11-24 3M
    day 2026-11-25 1M
    store 2026-11-23 0
    # xorriso's minimal blank (libburn blank type 1), as a fast blank by another program.
    vd xorriso -outdev /dev/sr0 -blank deformat_quickest >"$tmp/blank.log" 2>&1 ||
      { cat "$tmp/blank.log" >&2; fail "xorriso -blank deformat_quickest"; }
    toc | grep -q '^write: DAO only' || fail "the DVD-RW is not DAO-only after the minimal blank"
    store 2026-11-24 0
    grep -q 'Blanking the whole DVD-RW' "$tmp/2026-11-24.log" || fail "the DAO-only DVD-RW was not fully blanked"
    store 2026-11-25 0
    toc | grep -q '^sessions: 2 ' || fail "Wednesday did not append a second session"
    newest_is "CEDAR BACKUP 25-NOV-2026" 2026-11-25
    ;;

  space-dvd+rw)
    config dvd+rw
    "$VDRIVE_CTL" insert "$drives/sr0" dvd+rw || fail "insert"
    day 2026-11-23 200M
    store 2026-11-23 0
    before=$(recorded)
    # Real room after Monday: 2,295,104 blocks minus the next session's start; Cedar's
    # nominal 4.4 GiB is 24 MB more. Tuesday is 8 MB more than the real room (two files:
    # no 4 GiB limit), less than what the nominal figure leaves.
    used=$(used_blocks)
    [ "${used:-0}" -gt 1000 ] || fail "cannot read the blocks in use ($used)"
    room=$(( (2295104 - (used + 31) / 32 * 32) * 2048 ))
    half=$(( (room + 8 * 1024 * 1024) / 2 ))
    day 2026-11-24 "$half" "$half"
    store 2026-11-24 4
    grep -q 'does not fit' "$tmp/2026-11-24.log" || fail "no 'does not fit'"
    grep -q 'nothing was written' "$tmp/2026-11-24.log" || fail "no 'nothing was written'"
    [ "$(recorded)" = "$before" ] || fail "the disc changed although the store was refused"
    [ ! -e "$stage/2026/11/24/cback.store" ] || fail "Tuesday marked stored"
    newest_is "CEDAR BACKUP 23-NOV-2026" 2026-11-23
    ;;

  unreadable-dvd+rw|unreadable-bd-re)
    config dvd+rw
    "$VDRIVE_CTL" insert "$drives/sr0" "${case_#unreadable-}" || fail "insert"
    day 2026-11-23 1M
    day 2026-11-24 1M
    day 2026-11-30 1M
    store 2026-11-23 0
    store 2026-11-24 0
    "$VDRIVE_CTL" fault "$drives/sr0" unreadable 0-31 || fail "fault"
    # Next Monday a new disc is due: the unreadable disc must not be taken for blank.
    store 2026-11-30 4
    grep -q 'could not be read' "$tmp/2026-11-30.log" || fail "no 'could not be read'"
    grep -q 'nothing was written' "$tmp/2026-11-30.log" || fail "no 'nothing was written'"
    "$VDRIVE_CTL" fault "$drives/sr0" clear
    newest_is "CEDAR BACKUP 24-NOV-2026" 2026-11-24
    ;;

  dvd-r-dl)
    config dvd+r
    "$VDRIVE_CTL" insert "$drives/sr0" dvd-r-dl || fail "insert"
    day 2026-11-23 1M
    day 2026-11-24 1M
    store 2026-11-23 0
    grep -q 'was closed' "$tmp/2026-11-23.log" || fail "the log does not say the disc was closed"
    toc | grep -q '^disc status: complete' || fail "the DVD-R DL is not closed (complete)"
    newest_is "CEDAR BACKUP 23-NOV-2026" 2026-11-23
    before=$(recorded)
    store 2026-11-24 4
    grep -q 'closed' "$tmp/2026-11-24.log" || fail "the refusal does not say the disc is closed"
    [ "$(recorded)" = "$before" ] || fail "the disc changed although the store was refused"
    ;;

  nwa-invalid-dvd+r)
    config dvd+r
    "$VDRIVE_CTL" insert "$drives/sr0" dvd+r || fail "insert"
    day 2026-11-23 1M
    day 2026-11-24 1M
    store 2026-11-23 0
    "$VDRIVE_CTL" fault "$drives/sr0" nwa-invalid || fail "fault"
    before=$(recorded)
    store 2026-11-24 4
    grep -q 'did not tell where the next session may go' "$tmp/2026-11-24.log" ||
      fail "the message does not say the next writable address is unknown"
    ! grep -q 'at block 0' "$tmp/2026-11-24.log" || fail "a session was started at block 0"
    [ "$(recorded)" = "$before" ] || fail "the disc changed although the store was refused"
    "$VDRIVE_CTL" fault "$drives/sr0" clear
    newest_is "CEDAR BACKUP 23-NOV-2026" 2026-11-23
    ;;

  cancel-blank-cd-rw)
    config cdrw-80
    "$VDRIVE_CTL" insert "$drives/sr0" cd-rw || fail "insert"
    day 2026-11-23 1M
    day 2026-11-30 20M
    store 2026-11-23 0
    : >"$tmp/cancel.log"
    CS_VDRIVE_SPEED=1 CS_VDRIVE_BLANK_SECONDS=3 LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} \
      CS_VDRIVE_DIR=$drives "$CEDAR_STORE_BIN" --headless -v -c "$tmp/cback3.conf" \
      --device /dev/sr0 --date 2026-11-30 >"$tmp/cancel.log" 2>&1 &
    pid=$!
    # The event: the log says the blank has begun.
    until grep -q 'Blanking' "$tmp/cancel.log"; do
      kill -0 "$pid" 2>/dev/null || { cat "$tmp/cancel.log" >&2; fail "the store ended before blanking"; }
      sleep 0.05
    done
    kill -TERM "$pid"
    rc=0
    wait "$pid" || rc=$?
    echo "cancelled during the blank: exit $rc: $(tail -n 1 "$tmp/cancel.log")"
    [ "$rc" = 7 ] || { tail -n 20 "$tmp/cancel.log" >&2; fail "exit $rc, expected 7"; }
    grep -q 'nothing of the session was written' "$tmp/cancel.log" || fail "the message does not say nothing was written"
    toc | grep -q '^sessions: 0 ' || fail "something was written after the cancel"
    ! toc | grep -q '^session ' || fail "a track was written after the cancel"
    [ ! -e "$stage/2026/11/30/cback.store" ] || fail "marked stored"
    ;;

  cancel-verify-dvd+r)
    config dvd+r
    "$VDRIVE_CTL" insert "$drives/sr0" dvd+r || fail "insert"
    day 2026-11-23 150M
    : >"$tmp/cancel.log"
    CS_VDRIVE_SPEED=1 LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives \
      "$CEDAR_STORE_BIN" --headless -v -c "$tmp/cback3.conf" --device /dev/sr0 \
      --date 2026-11-23 >"$tmp/cancel.log" 2>&1 &
    pid=$!
    # The event: the verify step has begun.
    until grep -q '^== Verify' "$tmp/cancel.log"; do
      kill -0 "$pid" 2>/dev/null || { cat "$tmp/cancel.log" >&2; fail "the store ended before verifying"; }
      sleep 0.05
    done
    kill -TERM "$pid"
    rc=0
    wait "$pid" || rc=$?
    echo "cancelled during the verify: exit $rc: $(tail -n 1 "$tmp/cancel.log")"
    [ "$rc" = 7 ] || { tail -n 20 "$tmp/cancel.log" >&2; fail "exit $rc, expected 7"; }
    tail -n 1 "$tmp/cancel.log" | grep -q 'written but not read back, so nothing was marked stored' ||
      fail "the message does not say the session was written but not checked"
    [ ! -e "$stage/2026/11/23/cback.store" ] || fail "marked stored"
    ;;

  initialize-dvd+r)
    config dvd+rw
    "$VDRIVE_CTL" insert "$drives/sr0" dvd+r || fail "insert"
    before=$(recorded)
    store 2026-11-23 4 --initialize
    grep -q 'write-once' "$tmp/2026-11-23.log" || fail "the message does not say write-once"
    [ "$(recorded)" = "$before" ] || fail "the disc changed"
    day 2026-11-23 1M
    store 2026-11-23 0
    ;;

  sessions-dvd+r)
    config dvd+r
    "$VDRIVE_CTL" insert "$drives/sr0" dvd+r || fail "insert"
    day 2026-11-23 1M
    day 2026-11-24 1M
    day 2026-11-25 1M
    store 2026-11-23 0
    store 2026-11-24 0
    store 2026-11-25 0
    grep -q 'Medium in /dev/sr0: .*appendable, 2 sessions' "$tmp/2026-11-25.log" ||
      { grep 'Medium in' "$tmp/2026-11-25.log" >&2; fail "the medium line does not count 2 sessions"; }
    ;;

  cd-speed)
    config cdr-80 4
    "$VDRIVE_CTL" insert "$drives/sr0" cd-r || fail "insert"
    day 2026-11-23 1M
    CS_VDRIVE_TRACE=1 store 2026-11-23 0
    # SET CD SPEED (BBh): bytes 4-5 are the write speed in kB/s; 4 × 176.4 = 705.6 → 706.
    grep -iq 'SG_IO bb .. .. .. 02 c2' "$tmp/2026-11-23.log" ||
      { grep -i 'SG_IO bb' "$tmp/2026-11-23.log" >&2; fail "no SET CD SPEED of 706 kB/s"; }
    ;;

  *) echo "unknown case $case_" >&2; exit 2 ;;
esac
echo "PASS [$case_]"
