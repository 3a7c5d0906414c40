#!/usr/bin/python3
# test-a11y.py – the window as a screen reader finds it: walks the accessibility tree over
# AT-SPI (raw Atspi, as Orca does) and checks names, roles and states (issue 14, item 13).
#
# Started by test-a11y.sh, which needs a display and a private session bus
# (build-aux/xvfb-test.sh). Runs $CEDAR_STORE_BIN with GTK_A11Y=atspi on a temporary
# staging tree and image file, twice: with a staged day, and with nothing to store.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, Gio, GLib  # noqa: E402

DEADLINE = 30.0          # seconds to wait for the window to show what is checked
DATE = '2026-11-26'
DAY_TITLE = 'Thursday, November 26, 2026'
BUTTON_ROLES = {'push button', 'toggle button', 'menu button', 'button'}
SIZE_RE = re.compile(r'\d+([.,]\d+)?\s(bytes|kB|MB|GB|TB)')

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print('FAIL: ' + message, flush=True)
    return condition


def states(acc):
    state_set = acc.get_state_set()
    return {name for name in ('focusable', 'sensitive', 'enabled', 'showing', 'visible')
            if state_set.contains(getattr(Atspi.StateType, name.upper()))}


def walk(acc, parents=()):
    """Yields (accessible, role name, name, ancestors' names) for the whole subtree."""
    try:
        role = acc.get_role_name()
        name = acc.get_name() or ''
        count = acc.get_child_count()
    except GLib.Error:
        return
    yield acc, role, name, parents
    for i in range(count):
        child = acc.get_child_at_index(i)
        if child is not None:
            yield from walk(child, parents + ((role, name),))


def wait_for_name(name):
    """Waits until @name is owned on the session bus (the accessibility bus is up)."""
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        reply = session.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                  'org.freedesktop.DBus', 'NameHasOwner',
                                  GLib.Variant('(s)', (name,)), GLib.VariantType('(b)'),
                                  Gio.DBusCallFlags.NONE, -1, None)
        if reply.unpack()[0]:
            return
        time.sleep(0.05)
    raise RuntimeError('%s did not appear on the session bus' % name)


def find_app(pid):
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except GLib.Error:
            continue
    return None


def wait_for(pid, ready, what):
    """Walks the application's tree until ready(nodes) is true; returns the nodes."""
    deadline = time.monotonic() + DEADLINE
    nodes = []
    while time.monotonic() < deadline:
        app = find_app(pid)
        if app is not None:
            app.clear_cache()
            nodes = list(walk(app))
            if ready(nodes):
                return nodes
        # Let the a11y bus deliver what the application changed, then look again.
        time.sleep(0.1)
    check(False, 'timed out after %d s waiting for %s' % (DEADLINE, what))
    dump(nodes)
    return nodes


def dump(nodes):
    for acc, role, name, parents in nodes:
        try:
            print('  ' * len(parents) + '%s %r %s' % (role, name, sorted(states(acc))))
        except GLib.Error:
            pass


def repeated_words(name):
    """Whether some run of words follows itself ("Store to Disc Store to Disc")."""
    words = name.split()
    for length in range(1, len(words) // 2 + 1):
        for i in range(len(words) - 2 * length + 1):
            if words[i:i + length] == words[i + length:i + 2 * length]:
                return True
    return False


def store_button(nodes):
    for acc, role, name, parents in nodes:
        if role == 'push button' and 'Store to Disc' in name:
            return acc, role, name
    return None


def check_buttons(nodes, scenario):
    seen = 0
    for acc, role, name, parents in nodes:
        if role not in BUTTON_ROLES:
            continue
        seen += 1
        where = '%s: %s %r' % (scenario, role, name)
        check(name.strip() != '', where + ' has no accessible name')
        check('_' not in name, where + ': the name shows the mnemonic underscore')
        check(not repeated_words(name), where + ': the name says its words twice')
    check(seen >= 4, '%s: only %d buttons found' % (scenario, seen))


def start(binary, stage, image, env):
    return subprocess.Popen([binary, '--stage-dir', stage, '--device', 'stdio:' + image,
                             '--media-type', 'bd-re', '--date', DATE], env=env)


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def scenario_day(binary, tmp, env):
    """A staged day that fits: Store to Disc is enabled, the day row says it all."""
    stage = os.path.join(tmp, 'stage')
    day = os.path.join(stage, *DATE.split('-'))
    os.makedirs(os.path.join(day, 'host1'))
    with open(os.path.join(day, 'host1', 'etc.tar.gz'), 'wb') as f:
        f.write(b'x' * 300000)
    open(os.path.join(day, 'host1', 'cback.collect'), 'w').close()
    open(os.path.join(day, 'cback.stage'), 'w').close()

    proc = start(binary, stage, os.path.join(tmp, 'disc.iso'), env)
    try:
        def ready(nodes):
            found = store_button(nodes)
            day_rows = [n for n in nodes if n[1] == 'list item' and n[2].startswith(DAY_TITLE)]
            return (found is not None and 'sensitive' in states(found[0])
                    and day_rows and SIZE_RE.search(day_rows[0][2]) is not None)

        nodes = wait_for(proc.pid, ready, 'the staged day and an enabled Store to Disc')

        found = store_button(nodes)
        if check(found is not None, 'day: no push button named after "Store to Disc"'):
            acc, role, name = found
            check(name == 'Store to Disc',
                  'day: the Store button is named %r, not "Store to Disc"' % name)
            check(role == 'push button', 'day: the Store button is a %r' % role)
            check('sensitive' in states(acc),
                  'day: Store to Disc is not sensitive although the day fits')

        check_buttons(nodes, 'day')

        day_rows = [n for n in nodes if n[1] == 'list item' and DAY_TITLE in n[2]]
        if check(len(day_rows) == 1, 'day: %d day rows named with the date' % len(day_rows)):
            acc, role, name, parents = day_rows[0]
            check('Staged' in name, 'day: the day row %r does not say its state' % name)
            check(SIZE_RE.search(name) is not None,
                  'day: the day row %r does not say its size' % name)
            check('focusable' not in states(acc),
                  'day: the day row takes the focus but does nothing')

        medium = [n for n in nodes if n[1] == 'list item' and n[2].startswith('Medium')]
        if check(len(medium) >= 1, 'day: no Medium row'):
            check('focusable' not in states(medium[0][0]),
                  'day: the Medium row takes the focus but does nothing')
    finally:
        stop(proc)


def scenario_empty(binary, tmp, env):
    """Nothing to store: Store to Disc is not sensitive; the page's buttons are named."""
    stage = os.path.join(tmp, 'empty-stage')
    os.makedirs(os.path.join(stage, '2026'))

    proc = start(binary, stage, os.path.join(tmp, 'empty.iso'), env)
    try:
        def ready(nodes):
            found = store_button(nodes)
            labels = [n for n in nodes if n[1] == 'label' and 'Choose Staging Folder' in n[2]]
            return found is not None and labels and 'sensitive' not in states(found[0])

        nodes = wait_for(proc.pid, ready, 'the empty page and a disabled Store to Disc')
        found = store_button(nodes)
        if check(found is not None, 'empty: no Store to Disc button'):
            check(found[2] == 'Store to Disc',
                  'empty: the Store button is named %r' % found[2])
            check('sensitive' not in states(found[0]),
                  'empty: Store to Disc is sensitive with nothing to store')
        choose = [n for n in nodes
                  if n[1] == 'push button' and 'Choose Staging Folder' in n[2]]
        check(len(choose) >= 1, 'empty: no push button to choose staging folders')
        check_buttons(nodes, 'empty')
    finally:
        stop(proc)


def main():
    binary = os.environ.get('CEDAR_STORE_BIN')
    if not binary or not os.access(binary, os.X_OK):
        print('CEDAR_STORE_BIN is not set to the program', file=sys.stderr)
        return 1

    tmp = tempfile.mkdtemp(prefix='cs-a11y-')
    env = dict(os.environ)
    env['GTK_A11Y'] = 'atspi'
    env.pop('NO_AT_BRIDGE', None)
    env['GSETTINGS_BACKEND'] = 'memory'
    env['LC_ALL'] = 'C.UTF-8'
    env['LANGUAGE'] = ''
    env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
    env['XDG_DATA_HOME'] = os.path.join(tmp, 'data')
    env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')

    # Its own process group, without our output: the bus daemon and the registry it starts
    # must go with it, and not keep meson waiting for the end of the test's output.
    bus = subprocess.Popen(['/usr/libexec/at-spi-bus-launcher', '--launch-immediately'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    try:
        wait_for_name('org.a11y.Bus')
        Atspi.init()
        scenario_day(binary, tmp, env)
        scenario_empty(binary, tmp, env)
    finally:
        os.killpg(bus.pid, signal.SIGTERM)
        bus.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        print('%d failures' % len(failures))
        return 1
    print('ok: names, roles and states as a screen reader finds them')
    return 0


if __name__ == '__main__':
    sys.exit(main())
