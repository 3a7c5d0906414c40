#!/usr/bin/env bash
# Reading CD sessions back on the virtual drive (real-drives.md, finding 9), with
# CS_VDRIVE_TRACE=1 so every READ command that fails is counted: "-> 3/11/00" for a TAO
# run-out block or a bad spot, "-> 5/21/00" for a block outside the tracks (the pre-gap in
# the tile before a session that does not start on a 32-block boundary).
#   1. A week of stores (new disc, two appends): each passes, and each fails at most a few
#      READs: every unreadable tile once, and only a block libisofs asks for once more.
#      (Before: every block of such a tile retried the tile and libburn's single-block pass:
#      40 to 166 failed READs per append.)
#   2. A block inside the data of the session being verified is unreadable: exit 6 naming
#      the file, the byte of it and the block; the tile and the block fail once each (and
#      the block once more when the message looks for it).
#   3. cd-r only: a write error cuts a session short and libburn closes it ("a CD-R with a
#      short closed session is refused: Read error occurred with IsoDataSource", from reading
#      past the track). After complete sessions the next store appends (exit 0); when it is
#      the only session, the store is refused (exit 4) saying that it is incomplete.
#
#   store-reads.sh TYPE     (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh)
set -uo pipefail

type=${1:?usage: store-reads.sh TYPE}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-reads-$type.XXXXXX")
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

make_day() {
  mkdir -p "$stage/2026/11/$1/host1"
  head -c "$2" /dev/urandom >"$stage/2026/11/$1/host1/data.tar"
  : >"$stage/2026/11/$1/cback.stage"
}

nwa() {
  "$VDRIVE_CTL" toc "$drives/sr0" | sed -n 's/^next writable address: \([0-9]*\).*/\1/p'
}

# store DAY EXPECTED-EXIT: a traced headless store; sets $log, $last (its last line),
# $failed (READ commands that failed) and $runout (of them, those with 03/11/00).
store() {
  local rc
  log=$tmp/store-$1.log
  vd env CS_VDRIVE_TRACE=1 "$CEDAR_STORE_BIN" --headless --stage-dir "$stage" --device /dev/sr0 \
    --date "2026-11-$1" >"$log" 2>&1
  rc=$?
  failed=$(grep -cE 'SG_IO (28|a8|be) .* -> ' "$log")
  runout=$(grep -c -- '-> 3/11/00' "$log")
  last=$(grep -v -e '^vdrive:' -e '^$' "$log" | tail -n 1)
  echo "store 2026-11-$1: exit $rc, $failed failed READs ($runout with 03/11/00)${last:+: $last}"
  if [ "$rc" -ne "$2" ]; then
    grep -v '^vdrive:' "$log" | tail -n 20 >&2
    fail "store of 2026-11-$1: exit $rc, expected $2"
  fi
}

"$VDRIVE_CTL" insert "$drives/sr0" "$type" || fail "cs-vdrive insert"

# 1. Sizes that end the sessions at different places in their last tile.
sizes=([23]=1000000 [24]=614000 [25]=1200000)
for day in 23 24 25; do
  make_day "$day" "${sizes[$day]}"
  store "$day" 0
  [ -f "$stage/2026/11/$day/cback.store" ] || fail "no cback.store for $day"
  # The append imports the previous session and verifies the new one: two sessions read,
  # each with at most one unreadable tile at either end.
  [ "$failed" -le 4 ] || fail "store of $day: $failed failed READs, expected at most 4"
  [ "$runout" -le 2 ] || fail "store of $day: $runout READs failed with 03/11/00, expected at most 2"
done

# 2. An unreadable block inside Thursday's file data, the last block of its tile (so every
#    block before it in the tile is read first), well past the directory records.
make_day 26 1000000
start=$(nwa)
bad=$(( (start + 200) / 32 * 32 + 31 ))
"$VDRIVE_CTL" fault "$drives/sr0" unreadable "$bad-$bad" || fail "cs-vdrive fault"
store 26 6
"$VDRIVE_CTL" fault "$drives/sr0" clear
grep -q '/2026/11/26/host1/data.tar' <<<"$last" || fail "the message does not name the file"
grep -q "block $bad\b" <<<"$last" || fail "the message does not name block $bad"
offset=$(sed -n 's/.*holds byte \([0-9]*\) of the file.*/\1/p' <<<"$last")
[ -n "$offset" ] || fail "the message does not name the byte of the file"
[ $((offset % 2048)) = 0 ] || fail "byte $offset is not the start of a block"
# Failed READ(10)s whose blocks include $bad: CDB bytes 2-5 are the LBA, 7-8 the length.
bad_reads=$(grep -E 'SG_IO 28 .* -> 3/11/00' "$log" | sed 's/.*SG_IO //' |
  while read -r _ _ a b c d _ h l _; do
    lba=$((16#$a$b$c$d)) n=$((16#$h$l))
    [ "$lba" -le "$bad" ] && [ $((lba + n)) -gt "$bad" ] && echo x
  done | wc -l)
[ "$bad_reads" -le 3 ] || fail "$bad_reads READs failed on the unreadable block, expected at most 3"
[ ! -e "$stage/2026/11/26/cback.store" ] || fail "Thursday marked stored despite the bad block"

# 3. cd-r only: sessions cut short by a write error and closed by libburn.
if [ "$type" = cd-r ]; then
  # After complete sessions: the next store appends after it, with the files of the newest
  # complete session (cs-drive-damaged.c), instead of refusing with the read error.
  make_day 27 4800000
  "$VDRIVE_CTL" fault "$drives/sr0" write-error $(( $(nwa) + 600 )) || fail "cs-vdrive fault"
  store 27 5
  "$VDRIVE_CTL" fault "$drives/sr0" clear
  make_day 28 10000
  store 28 0
  ! grep -q 'IsoDataSource' "$log" || fail "a read error on the incomplete session"
  grep -q 'incomplete session' "$log" || fail "no word of the incomplete session"
  [ -f "$stage/2026/11/28/cback.store" ] || fail "Saturday not marked stored"

  # The only session (TAO, as another program writes it) cut short: refused as incomplete.
  # On CD the next writable address lies 6,900 or more blocks after a session, so the image
  # must be checked against the end of the session's track, not against it.
  if command -v xorriso >/dev/null; then
    "$VDRIVE_CTL" insert "$drives/sr0" cd-r || fail "cs-vdrive insert"
    mkdir -p "$tmp/other/2026/11/23"
    head -c 4800000 /dev/urandom >"$tmp/other/2026/11/23/data.tar"
    "$VDRIVE_CTL" fault "$drives/sr0" write-error 600 || fail "cs-vdrive fault"
    vd xorriso -outdev /dev/sr0 -volid "CEDAR BACKUP 23-NOV-2026" -write_type tao -close off \
      -md5 on -map "$tmp/other/2026" /2026 -commit >"$tmp/xorriso.log" 2>&1
    "$VDRIVE_CTL" fault "$drives/sr0" clear
    "$VDRIVE_CTL" toc "$drives/sr0" | grep -q '^sessions: 1 (closed 1)' ||
      fail "xorriso's interrupted session is not a closed one"
    rm -f "$stage/2026/11/24/cback.store"
    store 24 4
    ! grep -q 'IsoDataSource' <<<"$last" || fail "refused with libisofs' read error"
    grep -q 'incomplete' <<<"$last" || fail "the message does not say that the session is incomplete"
  else
    echo "xorriso not installed: the single cut session is not tried"
  fi
fi

echo "PASS [$type]"
