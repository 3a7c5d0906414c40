#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
# Usage: check-potfiles.sh TOP_SRCDIR
set -eu

cd "$1"
status=0

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names $f, which does not exist"
    status=1
  fi
done

# C: _("…"), N_("…"), C_("…", …), g_dngettext (…); GtkBuilder: translatable="yes".
found=$( { grep -lE '\b(N_|C_|NC_|_)\s*\(\s*"|g_d?n?gettext\s*\(' $(find src -name '*.c') 2>/dev/null || true;
           grep -l 'translatable="yes"' $(find src -name '*.ui') 2>/dev/null || true; } | sort -u)

for f in $found; do
  if ! printf '%s\n' $listed | grep -qx "$f"; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

exit $status
