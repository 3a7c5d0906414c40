#!/bin/sh
# Installs the Debian packages in build-aux/debian-packages.txt that are missing.
# Runs apt-get directly (CI and the developers' machines run as root).
set -eu

here=$(dirname "$0")
packages=$(grep -v '^#' "$here/debian-packages.txt" | tr -s ' \n' ' ')

missing=""
for p in $packages; do
  if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing packages:$missing" >&2
  echo "Install them as root: apt-get install -y$missing" >&2
  exit 1
fi

echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing
