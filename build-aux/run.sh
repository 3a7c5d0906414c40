#!/bin/sh
# One command from a fresh Debian bookworm checkout to a running Cedar Store:
# installs the packages, builds into ./build and starts the app with the given
# options, e.g. ./build-aux/run.sh --demo
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

./build-aux/install-deps.sh

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
meson compile -C build

# Uninstalled run: the compiled schema lives in the build tree.
export GSETTINGS_SCHEMA_DIR="$top/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec build/src/cedar-store "$@"
