# bench-common.sh – sourced by run-bench.sh, check-bench.sh and restore-bench.sh: their
# options, tool checks, medians and the staged day they measure.
#
# The caller sets `here` (the top of the tree) before it sources this file.

# bench_options OPTSTRING USAGE ARGS… – parses -n RUNS, -w WORKDIR, -b BUILDDIR (and -c, which
# sets cli=1, where OPTSTRING has it) into runs, work, build and cli, the rest into shapes
# (default: big small). A bad option prints "usage: $0 USAGE" and exits 2.
bench_options() {
  local optstring=$1 usage=$2 opt OPTIND=1
  shift 2
  runs=5
  work=${TMPDIR:-/tmp}/cedar-store-bench
  build=$here/build
  cli=0
  while getopts "$optstring" opt; do
    case $opt in
      n) runs=$OPTARG ;;
      w) work=$OPTARG ;;
      b) build=$OPTARG ;;
      c) cli=1 ;;
      *) echo "usage: $0 $usage" >&2; exit 2 ;;
    esac
  done
  shift $((OPTIND - 1))
  shapes=("$@")
  [ ${#shapes[@]} -gt 0 ] || shapes=(big small)

  shared=$here/../shared/bench
  bin=$build/src/cedar-store
  date=2026/11/26
  iso_date=2026-11-26
}

# bench_need TOOL… – exits 2 saying "missing: TOOL" for the first that is neither a command
# nor an executable file.
bench_need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || { echo "missing: $tool" >&2; exit 2; }
  done
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# bench_stage_day SHAPE – sets root and day, and makes the SHAPE staging day there with
# ../shared/bench/mkstage.sh unless it is there already (kept in WORKDIR between runs).
bench_stage_day() {
  local shape=$1
  root=$work/$shape/stage
  day=$root/$date
  if [ ! -f "$day/cback.stage" ]; then
    rm -rf "$work/$shape"
    mkdir -p "$root"
    echo "making the $shape day in $root …" >&2
    sh "$shared/mkstage.sh" "$root" "$shape" "$date" >&2
  fi
}

# bench_store_image IMAGE MESSAGE – unless IMAGE is there already, says MESSAGE and stores the
# day made by bench_stage_day into IMAGE with `cedar-store --headless --full`, leaving the day
# unmarked.
bench_store_image() {
  local image=$1 message=$2
  if [ ! -s "$image" ]; then
    echo "$message" >&2
    rm -f "$day/cback.store"
    "$bin" --headless --quiet --full --stage-dir "$root" --date "$iso_date" \
      --media-type bd-re --device "stdio:$image"
    rm -f "$day/cback.store"
  fi
}
