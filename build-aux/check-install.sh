#!/bin/sh
# Installs a configured, built tree into a temporary DESTDIR and checks that everything a
# distribution package needs lands where it belongs:
#   check-install.sh BUILDDIR PREFIX BINDIR DATADIR MANDIR LOCALEDIR LINGUAS_FILE
# BINDIR … LOCALEDIR are meson's options (relative to PREFIX, or absolute).
set -eu

if [ "$#" -ne 7 ]; then
  echo "usage: $0 BUILDDIR PREFIX BINDIR DATADIR MANDIR LOCALEDIR LINGUAS_FILE" >&2
  exit 2
fi

builddir=$1
prefix=$2
app_id=io.github.cedarstore.CedarStore

under_prefix () {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$prefix" "$1" ;;
  esac
}
bindir=$(under_prefix "$3")
datadir=$(under_prefix "$4")
mandir=$(under_prefix "$5")
localedir=$(under_prefix "$6")
linguas=$(grep -v '^#' "$7" | tr -s ' \n' ' ')

destdir=$(mktemp -d "${TMPDIR:-/tmp}/cedar-store-install-XXXXXX")
trap 'rm -rf "$destdir"' EXIT

# meson test has built everything already; --no-rebuild keeps this from racing it.
meson install --no-rebuild --quiet --destdir "$destdir" -C "$builddir"

root="$destdir"
status=0

expect () {
  if [ -e "$root$2" ]; then
    echo "ok: $1: $2"
  else
    echo "MISSING: $1: $2"
    status=1
  fi
}

expect "binary" "$bindir/cedar-store"
expect "desktop file" "$datadir/applications/$app_id.desktop"
expect "metainfo" "$datadir/metainfo/$app_id.metainfo.xml"
expect "scalable icon" "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
expect "symbolic icon" "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
expect "D-Bus service" "$datadir/dbus-1/services/$app_id.service"
expect "manual page" "$mandir/man1/cedar-store.1"
expect "systemd service example" "$datadir/doc/cedar-store/examples/systemd/cedar-store-store.service"
expect "systemd timer example" "$datadir/doc/cedar-store/examples/systemd/cedar-store-store.timer"
for lang in $linguas; do
  expect "$lang translation" "$localedir/$lang/LC_MESSAGES/cedar-store.mo"
done

# The schema: its source always; gschemas.compiled only when the post-install step ran
# (meson skips it under DESTDIR, the package's trigger compiles it on the target).
expect "GSettings schema" "$datadir/glib-2.0/schemas/$app_id.gschema.xml"
if [ -e "$root$datadir/glib-2.0/schemas/gschemas.compiled" ]; then
  echo "ok: compiled schemas: $datadir/glib-2.0/schemas/gschemas.compiled"
fi

# Executables are executable and the files naming them name the installed one.
if [ -e "$root$bindir/cedar-store" ] && [ ! -x "$root$bindir/cedar-store" ]; then
  echo "NOT EXECUTABLE: $bindir/cedar-store"
  status=1
fi
if [ -e "$root$datadir/dbus-1/services/$app_id.service" ] &&
   ! grep -qx "Exec=$bindir/cedar-store --gapplication-service" \
       "$root$datadir/dbus-1/services/$app_id.service"; then
  echo "WRONG Exec= in the D-Bus service (want $bindir/cedar-store):"
  cat "$root$datadir/dbus-1/services/$app_id.service"
  status=1
fi
if [ -e "$root$datadir/doc/cedar-store/examples/systemd/cedar-store-store.service" ] &&
   ! grep -q "$bindir/cedar-store --headless" \
       "$root$datadir/doc/cedar-store/examples/systemd/cedar-store-store.service"; then
  echo "WRONG ExecStart= in the systemd service example (want $bindir/cedar-store)"
  status=1
fi
if grep -rl '@[a-z_]*@' "$root$datadir/dbus-1" "$root$datadir/doc/cedar-store" 2>/dev/null; then
  echo "UNSUBSTITUTED @variables@ in the files above"
  status=1
fi

# The installed binary runs (no display or bus needed for --version).
if [ -x "$root$bindir/cedar-store" ]; then
  # (In a -Dsanitize=true build: no leak report for this one-line run.)
  if version=$(ASAN_OPTIONS=detect_leaks=0 "$root$bindir/cedar-store" --version 2>&1); then
    echo "ok: runs: $version"
  else
    echo "DOES NOT RUN: $root$bindir/cedar-store --version: $version"
    status=1
  fi
fi

# Translations: each .mo is a valid catalogue with messages in it.
if command -v msgunfmt >/dev/null 2>&1; then
  for lang in $linguas; do
    mo="$root$localedir/$lang/LC_MESSAGES/cedar-store.mo"
    [ -e "$mo" ] || continue
    n=$(msgunfmt "$mo" | grep -c '^msgid ' || true)
    if [ "$n" -lt 100 ]; then
      echo "SUSPICIOUS: $mo has only $n messages"
      status=1
    fi
  done
fi

if [ "$status" -ne 0 ]; then
  echo "Installed files:"
  (cd "$destdir" && find . -type f | sort)
fi
exit $status
