#!/bin/sh
# Runs test-a11y.py (the window over AT-SPI) with the system's Python, which has python3-gi
# and gir1.2-atspi-2.0 (Debian packages; a pyenv or venv Python has not). Needs a display
# and a private session bus: build-aux/xvfb-test.sh meson test -C _build test-a11y
set -eu

if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "SKIP: no display or session bus; run under build-aux/xvfb-test.sh" >&2
  exit 77
fi

exec /usr/bin/python3 "$(dirname "$0")/test-a11y.py"
