#!/usr/bin/env bash
# One row of the virtual-drive matrix: a blank medium of TYPE in /dev/sr0, then
#   Monday    new disc        exit 0, cback.store, 1 session
#   Tuesday   append          exit 0, cback.store, 2 sessions
#   Wednesday append          exit 0, cback.store, 3 sessions
#   next Monday (start of the next week)
#             rewritable:     blanked or reformatted, written as a new disc: exit 0, 1 session
#             write-once:     refused, exit 4, nothing written, nothing marked
# After each store xorriso (not libburn's caller, ours) reads the drive: its -toc lists the
# sessions and -compare_r finds every stored day equal to its staging directory.
#
#   store-matrix.sh TYPE
# Environment (tests/vdrive/meson.build sets it): CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL.
set -uo pipefail

type=${1:?usage: store-matrix.sh TYPE}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

case $type in
  cd-rw|dvd-rw|dvd+rw|dvd-ram|bd-re) rewritable=1 ;;
  cd-r|dvd-r|dvd+r|dvd+r-dl|bd-r)    rewritable=0 ;;
  *) echo "unknown medium type $type" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-matrix-$type.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
drives=$tmp/drives
stage=$tmp/stage
conf=$tmp/cback3.conf
mkdir -p "$stage" "$tmp/work"

fail() {
  echo "FAIL [$type] $*" >&2
  echo "--- drive state:" >&2
  "$VDRIVE_CTL" toc "$drives/sr0" >&2 || true
  exit 1
}

# Programs that talk to /dev/sr0 run with the virtual drive preloaded.
vd() {
  LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives "$@"
}

cat >"$conf" <<EOF
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
    <media_type>dvd+rw</media_type>
    <device_type>dvdwriter</device_type>
    <target_device>/dev/sr0</target_device>
    <check_data>Y</check_data>
  </store>
</cb_config>
EOF

# A staged day: a few files of different sizes, a link, a subdirectory.
make_day() {
  local day=$stage/$1 n=$2
  mkdir -p "$day/host1/etc" "$day/host2"
  head -c $((n * 300000 + 12345)) /dev/urandom >"$day/host1/data.tar"
  printf 'day %s\n' "$1" >"$day/host1/etc/motd"
  head -c 4096 /dev/urandom >"$day/host2/small.bin"
  ln -s ../host1/etc/motd "$day/host2/motd-link"
  : >"$day/cback.stage"
}

# check_disc N DAY…: xorriso's -toc lists N sessions and -compare_r finds each entry of each
# DAY equal to its staging directory (the day directory itself is not compared: cback.store
# is added to it after the store). One xorriso run for all: libburn takes about a second to
# grab and release a drive. xorriso's exit status ignores differences: its report counts.
check_disc() {
  local want=$1 out n entry compares=0 matched
  local args=(-indev /dev/sr0 -toc)
  shift
  for day in "$@"; do
    for entry in "$stage/$day"/*; do
      [ "$(basename "$entry")" = cback.store ] && continue
      args+=(-compare_r "$entry" "/$day/$(basename "$entry")")
      compares=$((compares + 1))
    done
  done
  out=$(vd xorriso "${args[@]}" 2>&1)
  n=$(grep -c '^ISO session' <<<"$out")
  if [ "$n" != "$want" ]; then
    echo "$out" | grep -E '^(ISO session|Media|TOC)' >&2
    fail "xorriso -toc lists $n sessions, expected $want"
  fi
  matched=$(grep -c 'Both file objects match' <<<"$out")
  if [ "$matched" != "$compares" ] || grep -q 'Differences detected' <<<"$out"; then
    echo "$out" | grep -vE '^(ISO session|Media|TOC|Drive|Volume|xorriso : (NOTE|UPDATE))' | tail -n 30 >&2
    fail "xorriso -compare_r: $matched of $compares entries of $* match the staging directories"
  fi
  echo "xorriso: $n sessions, $matched entries of $* match"
}

# store DATE EXPECTED-EXIT: runs a headless store of that day.
store() {
  local date=$1 want=$2 rc
  vd "$CEDAR_STORE_BIN" --headless -v -c "$conf" --device /dev/sr0 --date "$date" \
    >"$tmp/store.log" 2>&1
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    tail -n 25 "$tmp/store.log" >&2
    fail "store of $date: exit $rc, expected $want"
  fi
  # A good store says nothing alarming (libisofs once cried FATAL about a good CD session).
  if grep -E 'FATAL|CRITICAL|SORRY' "$tmp/store.log" >&2; then
    fail "store of $date: exit $rc, but an alarming message above"
  fi
  echo "store $date: exit $rc"
}

"$VDRIVE_CTL" insert "$drives/sr0" "$type" || fail "cs-vdrive insert"
n=$(vd xorriso -indev /dev/sr0 -toc 2>&1 | grep -c '^ISO session')
[ "$n" = 0 ] || fail "xorriso sees $n sessions on a blank medium"

week=(2026/11/23 2026/11/24 2026/11/25)
dates=(2026-11-23 2026-11-24 2026-11-25)
for i in 0 1 2; do
  make_day "${week[$i]}" $((i + 1))
  store "${dates[$i]}" 0
  [ -f "$stage/${week[$i]}/cback.store" ] || fail "no cback.store for ${week[$i]}"
  check_disc $((i + 1)) "${week[@]:0:$((i + 1))}"
done

# The start of the next week.
next=2026/11/30
make_day "$next" 4
before=$("$VDRIVE_CTL" toc "$drives/sr0")
if [ "$rewritable" = 1 ]; then
  store 2026-11-30 0
  [ -f "$stage/$next/cback.store" ] || fail "no cback.store for $next"
  check_disc 1 "$next"
else
  store 2026-11-30 4
  [ ! -e "$stage/$next/cback.store" ] || fail "cback.store written for $next although refused"
  after=$("$VDRIVE_CTL" toc "$drives/sr0")
  [ "$before" = "$after" ] || fail "the refused store changed the disc: before: $before after: $after"
  check_disc 3 "${week[@]}"
fi

echo "PASS [$type]"
