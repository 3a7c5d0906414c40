#!/usr/bin/env bash
# Does a store keep a real drive fed? Stores a staging day onto the virtual drive with
# CS_VDRIVE_SPEED=1, where the drive records at the medium's write speed (DVD 16x = 22,160
# kB/s, BD 12x = 53,940 kB/s, CD 40x; reads at twice that) from a 4 MiB buffer, and counts
# the times that buffer ran empty during the write (buffer under-runs, with the seconds the
# recorder sat idle: `cs-vdrive toc`; those while the virtual drive itself was writing its
# medium image or state file, which writeback can stall for tenths of a second, are counted
# apart). It
# prints the write step's time as the drive saw it (first WRITE to the end of SYNCHRONIZE
# CACHE, so a BD-RE's format before it is not in it) against what the drive alone needs: a
# fed ratio near 1.00 and no under-runs mean the drive never waited for us.
#
#   bench/vdrive-feed.sh [DAY] [TYPE] [BUILDDIR]        defaults: 400 dvd+r build
#
# DAY: big | small | mixed   a ../shared/bench/mkstage.sh day (about 2.1 GiB, 720 MB, 1.2 GB),
#                            made once in $TMPDIR/cedar-store-bench/SHAPE as run-bench.sh does
#      SIZE_MIB              random data: 50 MiB files and 1000 small ones, in a temporary day
#      ROOT:YYYY/MM/DD       an existing staging day (stored with --full, cback.store is written)
# TYPE: dvd+r, bd-re, ... (cs-vdrive insert). A BD-RE is formatted first: with the speed
# model a quick format takes 30 s (the virtual drive), counted in the store's time only.
set -euo pipefail

arg=${1:-400}
type=${2:-dvd+r}
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${3:-$top/build}
vdctl=$builddir/tests/vdrive/cs-vdrive

meson compile -C "$builddir" >/dev/null || { echo "meson compile -C $builddir failed" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-feed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

case $arg in
  big|small|mixed)
    date=2026/11/26
    root=${TMPDIR:-/tmp}/cedar-store-bench/$arg/stage
    if [ ! -f "$root/$date/cback.stage" ]; then
      mkdir -p "$root"
      echo "making the $arg day in $root …" >&2
      sh "$top/../shared/bench/mkstage.sh" "$root" "$arg" "$date" >&2
    fi ;;
  *:*)
    root=${arg%%:*} date=${arg#*:} ;;
  *[!0-9]*|'')
    echo "DAY: big, small, mixed, SIZE_MIB or ROOT:YYYY/MM/DD" >&2; exit 2 ;;
  *)
    date=2026/11/23
    root=$tmp/stage
    day=$root/$date
    mkdir -p "$day/host1/small"
    # Mostly large files, as Cedar's tarballs are, and a thousand small ones.
    for i in $(seq 1 $((arg / 50))); do
      head -c $((50 * 1024 * 1024)) /dev/urandom >"$day/host1/part$i.tar"
    done
    for i in $(seq 1 1000); do
      head -c $((i * 37)) /dev/urandom >"$day/host1/small/f$i"
    done
    : >"$day/cback.stage" ;;
esac
day=$root/$date
[ -f "$day/cback.stage" ] || { echo "no staging day in $day" >&2; exit 2; }
# A warm page cache: this measures the store, not the disk the day lies on.
find "$day" -type f -exec cat {} + >/dev/null

"$vdctl" insert "$tmp/drives/sr0" "$type"
bytes=$(du -sb "$day" | cut -f1)
start=$(date +%s.%N)
LD_PRELOAD=$builddir/tests/vdrive/libcs-vdrive.so CS_VDRIVE_DIR=$tmp/drives CS_VDRIVE_SPEED=1 \
  "$builddir/src/cedar-store" --headless -v --full --stage-dir "$root" --device /dev/sr0 \
  --date "${date//\//-}" >"$tmp/log" 2>&1 || { tail -20 "$tmp/log" >&2; exit 1; }
end=$(date +%s.%N)
"$vdctl" toc "$tmp/drives/sr0" >"$tmp/toc"

python3 - "$bytes" "$start" "$end" "$type" "$arg" "$tmp/toc" "$tmp/log" <<'PY'
import re, sys
size, start, end = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
kind, day, toc, log = sys.argv[4], sys.argv[5], open(sys.argv[6]).read(), open(sys.argv[7]).read()
kbs = 7056 if kind.startswith("cd") else 6925 if kind == "dvd-ram" else 53940 if kind.startswith("bd") else 22160
m = re.search(r"buffer under-runs: (\d+) \(idle ([\d.]+) s\) writing (\d+) bytes in ([\d.]+) s;"
              r" (\d+) more \(idle ([\d.]+) s\)", toc)
if not m:
    sys.exit("cs-vdrive toc shows no timed write:\n" + toc)
under, idle, written, write_s = int(m[1]), float(m[2]), int(m[3]), float(m[4])
own, own_idle = int(m[5]), float(m[6])
alone = written / (kbs * 1000.0)
# libburn's fifo, if one was used and libburn logged it ("fifo ... min fill ..."); our
# writer reads libisofs' ring buffer straight, so there usually is none.
fifo = re.findall(r"(?i)fifo.*?min(?:imum)?\D*(\d+)", log)
print(f"{kind} {day}: staged {size / 1e6:.1f} MB, written {written / 1e6:.1f} MB; "
      f"store {end - start:.1f} s; write step {write_s:.1f} s, drive alone {alone:.1f} s, "
      f"fed ratio {alone / write_s:.3f}; buffer under-runs {under} (idle {idle:.2f} s), "
      f"{own} more (idle {own_idle:.2f} s) in the virtual drive's own file I/O; "
      f"libburn fifo min {min(map(int, fifo)) if fifo else 'not logged'}")
PY
