#!/usr/bin/env python3
"""Checks the Flatpak manifest without building it (the GNOME runtime cannot be fetched
here): check-flatpak-manifest.py MANIFEST [FLATPAK_BUILDER]

JSON syntax, the app id and command, a GNOME runtime and its SDK, the libisofs and libburn
modules built from libburnia release tarballs pinned by checksum (with x-checker-data so
Flathub's bot keeps them current), this tree as the last module, and the sandbox
permissions: the burner (--device=all), a display, and no --filesystem=host or home.
With flatpak-builder installed, also parses it with flatpak-builder's own schema
(--show-manifest), where a misspelt property or a wrong type gives a warning.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = "io.github.cedarstore.CedarStore"

errors = []


def check(condition, message):
    if not condition:
        errors.append(message)
    return condition


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)

    app_id = manifest.get("id", manifest.get("app-id"))
    check(app_id == APP_ID, f"id is {app_id!r}, not {APP_ID!r}")
    check(manifest.get("command") == "cedar-store",
          f"command is {manifest.get('command')!r}, not 'cedar-store'")
    check(manifest.get("runtime") == "org.gnome.Platform",
          f"runtime is {manifest.get('runtime')!r}, not org.gnome.Platform")
    check(manifest.get("sdk") == "org.gnome.Sdk",
          f"sdk is {manifest.get('sdk')!r}, not org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    check(re.fullmatch(r"\d+", version) is not None and int(version) >= 47,
          f"runtime-version {version!r} is not a current stable GNOME runtime")

    args = manifest.get("finish-args", [])
    check("--device=all" in args, "finish-args lack --device=all (no /dev/sr* otherwise)")
    check("--socket=wayland" in args, "finish-args lack --socket=wayland")
    check("--socket=fallback-x11" in args, "finish-args lack --socket=fallback-x11")
    check("--share=ipc" in args, "finish-args lack --share=ipc")
    check(any(a.startswith("--talk-name=org.gtk.vfs") or
              a == "--system-talk-name=org.freedesktop.UDisks2" for a in args),
          "finish-args give no way to unmount an automounted disc (GVfs or UDisks2)")
    for arg in args:
        check(not re.fullmatch(r"--filesystem=(host|host-os|home|~)(:rw|:create)?", arg),
              f"finish-args grant {arg}: too broad")
        check(arg not in ("--socket=system-bus", "--socket=session-bus"),
              f"finish-args grant {arg}: too broad")
    check(any(a.startswith("--filesystem=/") for a in args),
          "finish-args grant no staging root (Cedar's /opt/backup/stage)")

    modules = manifest.get("modules", [])
    names = [m.get("name") if isinstance(m, dict) else m for m in modules]
    for lib in ("libisofs", "libburn"):
        if not check(lib in names, f"no {lib} module"):
            continue
        module = modules[names.index(lib)]
        sources = [s for s in module.get("sources", []) if s.get("type") == "archive"]
        if not check(sources, f"{lib}: no archive source"):
            continue
        for source in sources:
            url = source.get("url", "")
            check(re.fullmatch(rf"https://files\.libburnia-project\.org/releases/"
                               rf"{lib}-[0-9][0-9.]*(\.pl[0-9]+)?\.tar\.gz", url),
                  f"{lib}: url {url!r} is not a libburnia release tarball")
            sha256 = source.get("sha256")
            sha512 = source.get("sha512")
            check((sha256 and re.fullmatch(r"[0-9a-f]{64}", sha256)) or
                  (sha512 and re.fullmatch(r"[0-9a-f]{128}", sha512)),
                  f"{lib}: no sha256 (or sha512) checksum")
            checker = source.get("x-checker-data", {})
            check(checker.get("type") in ("anitya", "html"), f"{lib}: no x-checker-data")
            check("$version" in checker.get("url-template", lib) or checker.get("type") == "html",
                  f"{lib}: x-checker-data has no url-template with $version")
        check("--disable-static" in module.get("config-opts", []),
              f"{lib}: not built with --disable-static")
    # The libraries first, this tree last.
    if check(names and names[-1] == "cedar-store", "the last module is not cedar-store"):
        check(modules[-1].get("buildsystem") == "meson", "cedar-store is not built with meson")

    builder = sys.argv[2] if len(sys.argv) > 2 else shutil.which("flatpak-builder")
    if builder:
        # It leaves a .flatpak-builder/ state directory in its working directory.
        with tempfile.TemporaryDirectory() as scratch:
            result = subprocess.run([builder, "--show-manifest", os.path.abspath(path)],
                                    capture_output=True, text=True, check=False, cwd=scratch)
        if (check(result.returncode == 0,
                  f"flatpak-builder --show-manifest failed: {result.stderr.strip()}") and
                check("WARNING" not in result.stderr and "CRITICAL" not in result.stderr,
                      f"flatpak-builder warns about the manifest: {result.stderr.strip()}")):
            print("flatpak-builder --show-manifest: parsed without warnings")
    else:
        print("flatpak-builder is not installed: checked with python's json only")

    for message in errors:
        print(f"{path}: {message}")
    if not errors:
        print(f"{path}: {len(names)} modules, finish-args {' '.join(args)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
