#!/usr/bin/env bash
# --contents, --check and --restore on the virtual drive (issue 15): two days stored onto a
# blank medium of TYPE, then
#   1. --contents lists two sessions starting and ending where `xorriso -toc` says, each
#      with its day, and the days of the newest tree;
#   2. --check exits 0 and says every checksum matched;
#   3. --restore of the first day gives back the staged files (diff -r);
#   4. the drive was only read: the medium's blocks (medium.img) and the drive's table of
#      contents are what they were before the three commands;
#   5. an unreadable block inside the first day's file data: --check exits 6 naming the file
#      with "session 1" and its day;
#   6. SIGINT during a check: exit 7, the medium unchanged.
#
#   disc-commands.sh TYPE     (CEDAR_STORE_BIN, VDRIVE_LIB, VDRIVE_CTL as for store-matrix.sh)
set -uo pipefail

type=${1:?usage: disc-commands.sh TYPE}
: "${CEDAR_STORE_BIN:?}" "${VDRIVE_LIB:?}" "${VDRIVE_CTL:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-disc-commands-$type.XXXXXX")
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
  mkdir -p "$stage/2026/11/$1/host1/empty"
  head -c "$2" /dev/urandom >"$stage/2026/11/$1/host1/data.tar"
  echo "day $1" >"$stage/2026/11/$1/host1/notes.txt"
  ln -s data.tar "$stage/2026/11/$1/host1/latest"
  : >"$stage/2026/11/$1/cback.stage"
}

# run EXPECTED-EXIT ARGS…: cedar-store on the drive; sets $out and $err (file names).
run() {
  local want=$1 rc
  shift
  out=$tmp/out err=$tmp/err
  vd "$CEDAR_STORE_BIN" "$@" >"$out" 2>"$err"
  rc=$?
  echo "cedar-store $*: exit $rc"
  sed 's/^/  out: /' "$out"
  sed 's/^/  err: /' "$err"
  [ "$rc" -eq "$want" ] || fail "cedar-store $*: exit $rc, expected $want"
}

# What the drive holds: the medium's blocks and its table of contents: sessions, tracks,
# next writable address (without the tray, which the store's eject left open and grabbing
# the drive closes, and the kernel's view, which that load refreshes).
medium_state() {
  sha256sum <"$drives/sr0/medium.img"
  "$VDRIVE_CTL" toc "$drives/sr0" | grep -v -e '^tray:' -e '^kernel view:'
}

"$VDRIVE_CTL" insert "$drives/sr0" "$type" || fail "cs-vdrive insert"
make_day 23 700000
run 0 --headless --stage-dir "$stage" --device /dev/sr0 --date 2026-11-23
make_day 24 500000
run 0 --headless --stage-dir "$stage" --device /dev/sr0 --date 2026-11-24
before=$(medium_state)

# 1. The sessions, as xorriso sees them.
run 0 --contents --device /dev/sr0
[ "$(grep -c '^session ' "$out")" = 2 ] || fail "--contents does not list two sessions"
grep -q '^session 1  .*  added 2026/11/23$' "$out" ||
  fail "session 1 does not say it added 2026/11/23"
grep -q '^session 2  .*  added 2026/11/24$' "$out" ||
  fail "session 2 does not say it added 2026/11/24"
[ "$(tail -n 1 "$out")" = "days 2026/11/23 2026/11/24" ] || fail "the last line is not the days"
if command -v xorriso >/dev/null; then
  vd xorriso -abort_on NEVER -indev /dev/sr0 -toc >"$tmp/toc" 2>&1
  n=0
  while IFS=, read -r _ start size _; do
    n=$((n + 1))
    start=${start// /} size=${size// /} size=${size%s}
    grep -q "^session $n  start $start  blocks $size " "$out" ||
      fail "xorriso -toc says session $n starts at $start with $size blocks; --contents does not"
  done < <(sed -n 's/^ISO session *: *//p' "$tmp/toc")
  [ "$n" = 2 ] || fail "xorriso -toc lists $n ISO sessions"
else
  echo "xorriso not installed: the session starts are not compared"
fi

# 2. Every checksum matches.
run 0 --check --device /dev/sr0
grep -q 'every checksum matched' "$out" || fail "--check does not say every checksum matched"
grep -q '^Checking: 100 %' "$err" || fail "--check showed no progress up to 100 %"

# 3. The first day comes back as it was staged.
mkdir "$tmp/to"
run 0 --restore 2026/11/23 --to "$tmp/to" --device /dev/sr0
grep -q "^Restored 2026/11/23 from session 1 to $tmp/to/2026/11/23: " "$out" ||
  fail "--restore does not say what it restored from where"
diff -r --no-dereference -x cback.store "$stage/2026/11/23" "$tmp/to/2026/11/23" ||
  fail "the restored day differs from the staged one"

# 4. Only read.
after=$(medium_state)
if [ "$after" != "$before" ]; then
  diff <(echo "$before") <(echo "$after") >&2
  fail "the medium or its table of contents changed"
fi

# 5. An unreadable block in the middle of the first day's data.tar.
if command -v xorriso >/dev/null; then
  lba=$(vd xorriso -abort_on NEVER -indev /dev/sr0 -find /2026/11/23/host1/data.tar \
          -exec report_lba -- 2>/dev/null |
        sed -n 's/^File data lba: *[0-9]* *, *\([0-9]*\) *,.*/\1/p')
  [ -n "$lba" ] || fail "xorriso does not report the blocks of data.tar"
  bad=$((lba + 100))
  "$VDRIVE_CTL" fault "$drives/sr0" unreadable "$bad-$bad" || fail "cs-vdrive fault"
  run 6 --check --device /dev/sr0
  "$VDRIVE_CTL" fault "$drives/sr0" clear
  grep -q '^/2026/11/23/host1/data.tar (session 1, day 2026/11/23): ' "$out" ||
    fail "--check does not name data.tar with its session and day"
fi

# 6. SIGINT during a check that reads at the drive's speed (CS_VDRIVE_SPEED=1): exit 7 once
#    the progress has started, and still nothing written.
make_day 25 100000000
run 0 --headless --stage-dir "$stage" --device /dev/sr0 --date 2026-11-25
before=$(medium_state)
# A simple command, so that $! is cedar-store itself (not a subshell of vd).
LD_PRELOAD=$VDRIVE_LIB${LD_PRELOAD:+:$LD_PRELOAD} CS_VDRIVE_DIR=$drives CS_VDRIVE_SPEED=1 \
  "$CEDAR_STORE_BIN" --check --device /dev/sr0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 600); do
  grep -q '^Checking: [1-9]' "$tmp/err" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
sed 's/^/  err: /' "$tmp/err"
echo "--check interrupted: exit $rc"
[ "$rc" = 7 ] || fail "--check interrupted by SIGINT: exit $rc, expected 7"
grep -q 'cancelled' "$tmp/err" || fail "the interrupted check does not say it was cancelled"
[ "$(medium_state)" = "$before" ] || fail "the medium changed during the interrupted check"

echo "PASS [$type]"
