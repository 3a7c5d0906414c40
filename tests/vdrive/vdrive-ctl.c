/* vdrive-ctl.c - cs-vdrive: insert, eject, reload and inspect media of the
 * virtual drives kept under a directory, and inject faults.
 */
#include "vdrive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
usage (void)
{
  fprintf (stderr,
           "usage: cs-vdrive insert DIR/srN TYPE\n"
           "       cs-vdrive eject DIR/srN\n"
           "       cs-vdrive reload DIR/srN\n"
           "       cs-vdrive toc DIR/srN\n"
           "       cs-vdrive fault DIR/srN unreadable FIRST-LAST\n"
           "       cs-vdrive fault DIR/srN write-error BLOCK\n"
           "       cs-vdrive fault DIR/srN nwa-invalid\n"
           "       cs-vdrive fault DIR/srN clear\n"
           "TYPE: cd-r cd-rw dvd-r dvd-r-dl dvd-rw dvd+r dvd+r-dl dvd+rw dvd-ram bd-r\n"
           "      bd-re\n");
  return 2;
}

static gboolean
parse_u32 (const char *s, uint32_t *v)
{
  char *end;
  unsigned long long x = strtoull (s, &end, 10);
  if (*s == 0 || *end != 0 || x > G_MAXUINT32)
    return FALSE;
  *v = x;
  return TRUE;
}

/* The preload library presents DIR/srN as /dev/srN for N below VD_MAX_DRIVES. */
static gboolean
check_drive_name (const char *dir)
{
  g_autofree char *base = g_path_get_basename (dir);
  uint32_t n;

  if (g_str_has_prefix (base, "sr") && parse_u32 (base + 2, &n) && n < VD_MAX_DRIVES
      && (base[2] != '0' || base[3] == '\0'))
    return TRUE;
  fprintf (stderr, "cs-vdrive: %s: a drive is a directory named srN, N from 0 to %d "
           "(it appears as /dev/srN)\n", dir, VD_MAX_DRIVES - 1);
  return FALSE;
}

/* FIRST-LAST (or one BLOCK) within the medium. */
static gboolean
parse_range (const char *text, const VdState *st, uint32_t *a, uint32_t *b)
{
  g_auto (GStrv) parts = g_strsplit (text, "-", 2);

  if (!parse_u32 (parts[0], a) || !parse_u32 (parts[1] ? parts[1] : parts[0], b))
    {
      fprintf (stderr, "cs-vdrive: '%s' is not FIRST-LAST: two block numbers\n", text);
      return FALSE;
    }
  if (*b < *a)
    {
      fprintf (stderr, "cs-vdrive: '%s': LAST is below FIRST\n", text);
      return FALSE;
    }
  if (*b >= st->capacity)
    {
      fprintf (stderr, "cs-vdrive: '%s': the medium has blocks 0 to %u\n", text,
               st->capacity - 1);
      return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  if (argc < 3)
    return usage ();
  const char *cmd = argv[1], *dir = argv[2];
  gboolean create = strcmp (cmd, "insert") == 0;
  VdMediumType type = VD_MEDIUM_NONE;

  if (!check_drive_name (dir))
    return 2;
  if (create)
    {
      if (argc != 4)
        return usage ();
      type = vd_medium_type_from_name (argv[3]);
      if (type == VD_MEDIUM_NONE)
        {
          fprintf (stderr, "cs-vdrive: unknown medium type '%s'\n", argv[3]);
          return usage ();
        }
    }
  VdDrive *d = vd_drive_open (dir, create, &error);
  if (d == NULL)
    {
      fprintf (stderr, "cs-vdrive: %s\n", error->message);
      return 1;
    }
  if (!vd_drive_lock (d, &error) || !vd_drive_load (d, &error))
    {
      fprintf (stderr, "cs-vdrive: %s\n", error->message);
      vd_drive_close (d);
      return 1;
    }
  VdState *st = &d->st;
  int ret = 0;
  gboolean changed = TRUE;

  if (create)
    {
      /* A new blank medium: whatever was in the drive is gone. */
      vd_state_insert (st, type);
      vd_drive_truncate (d);
    }
  else if (strcmp (cmd, "eject") == 0 && argc == 3)
    {
      vd_state_eject (st);
      vd_drive_truncate (d);
    }
  else if (strcmp (cmd, "reload") == 0 && argc == 3)
    {
      /* Tray out and in: the kernel and programs see a medium change. */
      vd_state_medium_change (st);
    }
  else if (strcmp (cmd, "toc") == 0 && argc == 3)
    {
      g_autofree char *s = vd_state_describe (st);
      fputs (s, stdout);
      changed = FALSE;
    }
  else if (strcmp (cmd, "fault") == 0 && argc >= 4)
    {
      const char *what = argv[3];
      uint32_t a, b;
      if (strcmp (what, "clear") != 0 && !st->present)
        {
          fprintf (stderr, "cs-vdrive: no medium in %s: insert one first\n", dir);
          ret = 1;
        }
      else if (strcmp (what, "clear") == 0 && argc == 4)
        {
          st->nfaults = 0;
          st->write_error = -1;
          st->nwa_invalid = FALSE;
        }
      else if (strcmp (what, "nwa-invalid") == 0 && argc == 4)
        {
          st->nwa_invalid = TRUE;
        }
      else if (strcmp (what, "write-error") == 0 && argc == 5 && !strchr (argv[4], '-'))
        {
          if (!parse_range (argv[4], st, &a, &b))
            ret = 2;
          else
            st->write_error = a;
        }
      else if (strcmp (what, "unreadable") == 0 && argc == 5)
        {
          if (!parse_range (argv[4], st, &a, &b))
            ret = 2;
          else if (st->nfaults >= VD_MAX_FAULTS)
            {
              fprintf (stderr, "cs-vdrive: too many faults\n");
              ret = 1;
            }
          else
            st->unreadable[st->nfaults++] = (VdRange){ a, b };
        }
      else
        ret = usage ();
    }
  else
    ret = usage ();

  if (ret == 0 && changed && !vd_drive_save (d, &error))
    {
      fprintf (stderr, "cs-vdrive: %s\n", error->message);
      ret = 1;
    }
  vd_drive_unlock (d);
  vd_drive_close (d);
  return ret;
}
