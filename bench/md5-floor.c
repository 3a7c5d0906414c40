/* md5-floor.c – the fastest libisofs can generate an image that records MD5s
 *
 *   md5-floor BYTES
 *
 * libisofs' generator thread runs every data byte through two MD5s, one after the other:
 * the file's own (iso_write_opts_set_record_md5 files=1) and the session's (session=1).
 * Nothing else can start on a block before both are done, so 2 × BYTES at the speed of
 * iso_md5_compute() on 2 KiB blocks (what the generator feeds it) bounds the write step of
 * any store that records both, ours and xorriso's alike. Prints that bound in seconds and
 * the MD5 speed; bench/run-bench.sh puts it next to the copy floor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <libisofs/libisofs.h>

/* Large enough to leave the CPU caches, small enough not to matter for memory. */
#define SAMPLE_BYTES (256 * 1024 * 1024)
#define BLOCK 2048

int
main (int   argc,
      char *argv[])
{
  g_autofree char *buffer = NULL;
  void *ctx = NULL;
  char md5[16];
  guint64 bytes;
  gint64 start;
  double seconds;
  double rate;

  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT64, &bytes, NULL))
    {
      fprintf (stderr, "usage: %s BYTES\n", argv[0]);
      return 2;
    }

  if (iso_init () < 0)
    {
      fprintf (stderr, "md5-floor: libisofs did not initialise\n");
      return 1;
    }

  /* MD5's speed does not depend on the data; any bytes that are not all zero will do. */
  buffer = g_malloc (SAMPLE_BYTES);
  for (gsize i = 0; i < SAMPLE_BYTES; i++)
    buffer[i] = (char) (i * 2654435761u >> 13);

  start = g_get_monotonic_time ();
  if (iso_md5_start (&ctx) < 0)
    return 1;
  for (gsize off = 0; off < SAMPLE_BYTES; off += BLOCK)
    if (iso_md5_compute (ctx, buffer + off, BLOCK) < 0)
      return 1;
  iso_md5_end (&ctx, md5);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  rate = SAMPLE_BYTES / seconds;

  printf ("%.2f %.0f\n", 2.0 * (double) bytes / rate, rate / 1e6);
  iso_finish ();
  return 0;
}
