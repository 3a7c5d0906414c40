#!/bin/sh
# Runs its arguments under a virtual X server and a private D-Bus session bus,
# as GTK 4 tests need: build-aux/xvfb-test.sh meson test -C _build
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG…]" >&2
  exit 2
fi

# Deterministic rendering without GL (docs.gtk.org/gtk4/running.html).
export GDK_BACKEND=x11
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
unset WAYLAND_DISPLAY

exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$@"
