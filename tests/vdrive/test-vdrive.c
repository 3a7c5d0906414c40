/* test-vdrive.c - the virtual drive's MMC handling, driven directly */
#include "vdrive.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char *dir;
  VdDrive *d;
  uint8_t sense[VD_SENSE_LEN];
  size_t xfer;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *tmp = g_dir_make_tmp ("vdrive-XXXXXX", NULL);
  g_assert_nonnull (tmp);
  f->dir = g_build_filename (tmp, "sr0", NULL);
  f->d = vd_drive_open (f->dir, TRUE, NULL);
  g_assert_nonnull (f->d);
}

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        rm_rf (p);
      else
        g_unlink (p);
    }
  if (dir)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  (void) data;
  vd_drive_close (f->d);
  g_autofree char *parent = g_path_get_dirname (f->dir);
  rm_rf (parent);
  g_free (f->dir);
}

/* Runs one command; returns the SCSI status. */
static int
run (Fixture *f, const uint8_t *cdb, int dir, void *buf, size_t len)
{
  int cdb_len = cdb[0] >= 0xa0 ? 12 : cdb[0] >= 0x20 ? 10 : 6;
  return vd_mmc_execute (f->d, cdb, cdb_len, dir, buf, len, &f->xfer, f->sense);
}

static void
assert_sense (Fixture *f, int status, int key, int asc, int ascq)
{
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpint (f->sense[0], ==, 0x70);
  g_assert_cmpint (f->sense[2] & 0x0f, ==, key);
  g_assert_cmpint (f->sense[12], ==, asc);
  g_assert_cmpint (f->sense[13], ==, ascq);
}

static uint32_t
be32 (const uint8_t *p)
{
  return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* Inserts a medium and consumes the medium-change notice. */
static void
insert (Fixture *f, VdMediumType type)
{
  static const uint8_t tur[6] = { 0x00 };

  vd_state_insert (&f->d->st, type);
  vd_drive_truncate (f->d);
  assert_sense (f, run (f, tur, VD_DIR_NONE, NULL, 0), 0x06, 0x28, 0x00);
  g_assert_cmpint (run (f, tur, VD_DIR_NONE, NULL, 0), ==, 0);
}

static void
disc_info (Fixture *f, uint8_t r[34])
{
  uint8_t cdb[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 };
  g_assert_cmpint (run (f, cdb, VD_DIR_IN, r, 34), ==, 0);
}

static int
write10 (Fixture *f, uint32_t lba, uint16_t n, uint8_t fill)
{
  uint8_t cdb[10] = { 0x2a, 0, lba >> 24, lba >> 16, lba >> 8, lba, 0, n >> 8, n, 0 };
  g_autofree uint8_t *buf = g_malloc ((size_t) n * VD_BLOCK);
  memset (buf, fill, (size_t) n * VD_BLOCK);
  return run (f, cdb, VD_DIR_OUT, buf, (size_t) n * VD_BLOCK);
}

static int
read10 (Fixture *f, uint32_t lba, uint16_t n, uint8_t *buf)
{
  uint8_t cdb[10] = { 0x28, 0, lba >> 24, lba >> 16, lba >> 8, lba, 0, n >> 8, n, 0 };
  return run (f, cdb, VD_DIR_IN, buf, (size_t) n * VD_BLOCK);
}

static void
track_info (Fixture *f, uint32_t tno, uint8_t r[48])
{
  uint8_t cdb[10] = { 0x52, 1, tno >> 24, tno >> 16, tno >> 8, tno, 0, 0, 48, 0 };
  g_assert_cmpint (run (f, cdb, VD_DIR_IN, r, 48), ==, 0);
}

static int
close_ts (Fixture *f, int func, int tno)
{
  uint8_t cdb[10] = { 0x5b, 0, func, 0, tno >> 8, tno, 0, 0, 0, 0 };
  return run (f, cdb, VD_DIR_NONE, NULL, 0);
}

static void
test_no_medium (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t tur[6] = { 0 }, r[34];
  uint8_t rdi[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 };

  assert_sense (f, run (f, tur, VD_DIR_NONE, NULL, 0), 0x02, 0x3a, 0x00);
  assert_sense (f, run (f, rdi, VD_DIR_IN, r, sizeof r), 0x02, 0x3a, 0x00);
}

static void
test_bad_opcode (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t cdb[10] = { 0xe7 };

  insert (f, VD_MEDIUM_DVD_PLUS_R);
  assert_sense (f, run (f, cdb, VD_DIR_NONE, NULL, 0), 0x05, 0x20, 0x00);
}

static void
test_dvd_plus_rw_format (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t r[34], cap[8], fc[64];
  uint8_t rcap[10] = { 0x25 };
  uint8_t rfc[10] = { 0x23, 0, 0, 0, 0, 0, 0, 0, 64, 0 };
  uint8_t fmt[6] = { 0x04, 0x11 };
  uint8_t param[12] = { 0, 0x02, 0, 8, 0xff, 0xff, 0xff, 0xff, 0x26 << 2, 0, 0, 0 };

  insert (f, VD_MEDIUM_DVD_PLUS_RW);
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 0);   /* blank */
  g_assert_cmpint (r[7] & 3, ==, 0);   /* not formatted */
  g_assert_cmpint (run (f, rfc, VD_DIR_IN, fc, sizeof fc), ==, 0);
  g_assert_cmpint (fc[8] & 3, ==, 1);  /* unformatted */
  g_assert_cmpint (fc[12 + 4] >> 2, ==, 0x26);
  /* Writing before the format fails. */
  g_assert_cmpint (write10 (f, 0, 1, 0xaa), ==, 2);
  g_assert_cmpint (run (f, fmt, VD_DIR_OUT, param, sizeof param), ==, 0);
  g_assert_cmpint (run (f, rcap, VD_DIR_IN, cap, sizeof cap), ==, 0);
  g_assert_cmpuint (be32 (cap), ==, 2295104 - 1);
  g_assert_cmpuint (be32 (cap + 4), ==, 2048);
  disc_info (f, r);
  g_assert_cmpint (r[7] & 3, ==, 3);

  /* WRITE(10)/READ(10) round trip, anywhere. */
  uint8_t buf[2 * VD_BLOCK];
  g_assert_cmpint (write10 (f, 1000, 2, 0x5a), ==, 0);
  g_assert_cmpint (read10 (f, 1000, 2, buf), ==, 0);
  g_assert_cmpint (f->xfer, ==, sizeof buf);
  g_assert_cmpint (buf[0], ==, 0x5a);
  g_assert_cmpint (buf[sizeof buf - 1], ==, 0x5a);
  g_assert_cmpint (read10 (f, 0, 1, buf), ==, 0);
  g_assert_cmpint (buf[0], ==, 0);
  assert_sense (f, read10 (f, 2295104, 1, buf), 0x05, 0x21, 0x00);
}

static void
test_dvd_plus_r_sessions (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t r[34], t[48], toc[12];
  uint8_t rtoc[10] = { 0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0 };

  insert (f, VD_MEDIUM_DVD_PLUS_R);
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 0);
  track_info (f, 0xff, t);
  g_assert_cmpint (t[7] & 1, ==, 1);   /* NWA valid */
  g_assert_cmpuint (be32 (t + 12), ==, 0);

  /* Session 1: 100 blocks. */
  g_assert_cmpint (write10 (f, 0, 100, 1), ==, 0);
  g_assert_cmpint (close_ts (f, 1, 1), ==, 0);
  g_assert_cmpint (close_ts (f, 2, 0), ==, 0);
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 1);         /* appendable */
  g_assert_cmpint ((r[2] >> 2) & 3, ==, 0);  /* last session empty */
  g_assert_cmpint (r[4], ==, 2);
  track_info (f, 0xff, t);
  g_assert_cmpuint (be32 (t + 12), ==, 112); /* aligned to 16 */

  /* A write elsewhere than the NWA is refused. */
  assert_sense (f, write10 (f, 100, 1, 2), 0x05, 0x21, 0x02);

  /* Session 2 at 112. */
  g_assert_cmpint (write10 (f, 112, 50, 2), ==, 0);
  g_assert_cmpint (close_ts (f, 1, 2), ==, 0);
  g_assert_cmpint (close_ts (f, 2, 0), ==, 0);
  g_assert_cmpint (run (f, rtoc, VD_DIR_IN, toc, sizeof toc), ==, 0);
  g_assert_cmpint (toc[3], ==, 2);             /* last complete session */
  g_assert_cmpuint (be32 (toc + 8), ==, 112);  /* its start */
  track_info (f, 2, t);
  g_assert_cmpuint (be32 (t + 8), ==, 112);
  g_assert_cmpuint (be32 (t + 24), ==, 50);

  /* The kernel's view is the one from the insert, until a reload. */
  g_assert_cmpuint (f->d->st.k_size, ==, 0);
  vd_state_snapshot_kernel (&f->d->st);
  g_assert_cmpuint (f->d->st.k_size, ==, 162);
  g_assert_cmpuint (f->d->st.k_last_start, ==, 112);

  /* Finalize: no more appending. */
  g_assert_cmpint (close_ts (f, 5, 0), ==, 0);
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 2);
}

static void
test_cd_r_tao_runout (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t buf[VD_BLOCK], t[48], r[34];
  uint8_t rtoc[10] = { 0x43, 0, 2, 0, 0, 0, 0, 0x03, 0, 0 };
  uint8_t toc[768];

  insert (f, VD_MEDIUM_CD_R);
  g_assert_cmpint (write10 (f, 0, 300, 7), ==, 0);
  g_assert_cmpint (close_ts (f, 1, 1), ==, 0);
  g_assert_cmpint (close_ts (f, 2, 0), ==, 0);
  track_info (f, 1, t);
  g_assert_cmpuint (be32 (t + 24), ==, 302);  /* 2 run-out blocks */
  g_assert_cmpint (read10 (f, 299, 1, buf), ==, 0);
  assert_sense (f, read10 (f, 300, 1, buf), 0x03, 0x11, 0x00);
  assert_sense (f, read10 (f, 301, 1, buf), 0x03, 0x11, 0x00);
  /* Next session after lead-out, lead-in and pre-gap. */
  track_info (f, 0xff, t);
  g_assert_cmpuint (be32 (t + 12), ==, 302 + 11400);
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 1);
  /* Full TOC: A0, A1, A2, B0 and the track. */
  g_assert_cmpint (run (f, rtoc, VD_DIR_IN, toc, sizeof toc), ==, 0);
  g_assert_cmpint ((toc[0] << 8 | toc[1]) - 2, ==, 5 * 11);
}

static void
test_faults (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t buf[4 * VD_BLOCK];

  insert (f, VD_MEDIUM_DVD_PLUS_R);
  g_assert_cmpint (write10 (f, 0, 32, 1), ==, 0);
  f->d->st.unreadable[f->d->st.nfaults++] = (VdRange){ 10, 11 };
  g_assert_cmpint (read10 (f, 8, 2, buf), ==, 0);
  assert_sense (f, read10 (f, 9, 2, buf), 0x03, 0x11, 0x00);
  g_assert_cmpint (f->xfer, ==, 0);
  f->d->st.write_error = 40;
  assert_sense (f, write10 (f, 32, 16, 1), 0x03, 0x0c, 0x00);
  g_assert_cmpuint (vd_state_nwa (&f->d->st), ==, 40);
}

static void
test_dvd_rw_fast_blank (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t blank[12] = { 0xa1, 0x01 };
  uint8_t gc[1024];
  uint8_t getconf[10] = { 0x46, 0x02, 0x00, 0x21, 0, 0, 0, 0x04, 0, 0 };

  insert (f, VD_MEDIUM_DVD_RW);
  g_assert_cmpint (run (f, getconf, VD_DIR_IN, gc, sizeof gc), ==, 0);
  g_assert_cmpint (gc[8 + 2] & 1, ==, 1);  /* incremental: current */
  g_assert_cmpint (run (f, blank, VD_DIR_NONE, NULL, 0), ==, 0);
  g_assert_cmpint (run (f, getconf, VD_DIR_IN, gc, sizeof gc), ==, 0);
  g_assert_cmpint (gc[8 + 1], ==, 0x21);
  g_assert_cmpint (gc[8 + 2] & 1, ==, 0);  /* incremental: not current */
  /* Incremental writing (write type 0) is refused. */
  f->d->st.page05[2] = 0x00;
  assert_sense (f, write10 (f, 0, 16, 1), 0x05, 0x64, 0x00);
}

static void
test_persistence (Fixture *f, gconstpointer data)
{
  (void) data;
  insert (f, VD_MEDIUM_BD_R);
  g_assert_cmpint (write10 (f, 0, 64, 3), ==, 0);
  g_assert_true (vd_drive_save (f->d, NULL));
  VdDrive *d2 = vd_drive_open (f->dir, FALSE, NULL);
  g_autoptr (GError) error = NULL;
  vd_drive_load (d2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (d2->st.ntracks, ==, 1);
  g_assert_cmpuint (d2->st.tracks[0].written, ==, 64);
  g_assert_cmpuint (vd_state_nwa (&d2->st), ==, 64);
  vd_drive_close (d2);
}

static void
test_cd_sao (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t t[48];
  uint8_t page[60] = { 0 };
  uint8_t msel[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, sizeof page, 0 };
  /* Lead-in, track 1 index 0 at 00:00:00, index 1 at 00:02:00, lead-out at
   * 00:04:00 (LBA 150). */
  uint8_t cue[32] = { 0x41, 0x00, 0x00, 0x14, 0, 0, 0, 0,
                      0x41, 0x01, 0x00, 0x10, 0, 0, 0, 0,
                      0x41, 0x01, 0x01, 0x10, 0, 0, 2, 0,
                      0x41, 0xaa, 0x01, 0x14, 0, 0, 4, 0 };
  uint8_t send_cue[10] = { 0x5d, 0, 0, 0, 0, 0, 0, 0, sizeof cue, 0 };
  uint8_t sync[10] = { 0x35 };
  uint8_t buf[VD_BLOCK];

  insert (f, VD_MEDIUM_CD_R);
  page[8] = 0x05;
  page[9] = 0x32;
  page[10] = 0x02;  /* SAO */
  page[11] = 0xc0;  /* next session allowed */
  g_assert_cmpint (run (f, msel, VD_DIR_OUT, page, sizeof page), ==, 0);
  g_assert_cmpint (run (f, send_cue, VD_DIR_OUT, cue, sizeof cue), ==, 0);
  /* The pre-gap comes first, from LBA -150. */
  assert_sense (f, write10 (f, 0, 150, 9), 0x05, 0x21, 0x02);
  g_assert_cmpint (write10 (f, (uint32_t) -150, 150, 0), ==, 0);
  g_assert_cmpint (write10 (f, 0, 150, 9), ==, 0);
  g_assert_cmpint (run (f, sync, VD_DIR_NONE, NULL, 0), ==, 0);
  track_info (f, 1, t);
  g_assert_cmpuint (be32 (t + 24), ==, 150);   /* no run-out in SAO */
  g_assert_cmpint (read10 (f, 149, 1, buf), ==, 0);
  g_assert_cmpint (buf[0], ==, 9);
  track_info (f, 0xff, t);
  g_assert_cmpuint (be32 (t + 12), ==, 150 + 11400);
}

static void
test_dvd_rw_restricted_overwrite (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t fc[64], cap[8];
  uint8_t rfc[10] = { 0x23, 0, 0, 0, 0, 0, 0, 0, 64, 0 };
  uint8_t rcap[10] = { 0x25 };
  uint8_t fmt[6] = { 0x04, 0x11 };
  uint8_t quick[12] = { 0, 0x02, 0, 8, 0, 0, 0, 0, 0x15 << 2, 0, 0, 16 };
  uint8_t grow[12] = { 0, 0x02, 0, 8, 0, 0, 0, 32, 0x13 << 2, 0, 0, 16 };
  uint8_t getconf[10] = { 0x46, 0x01, 0, 0, 0, 0, 0, 0x04, 0, 0 };
  uint8_t gc[1024];

  insert (f, VD_MEDIUM_DVD_RW);
  g_assert_cmpint (run (f, rfc, VD_DIR_IN, fc, sizeof fc), ==, 0);
  /* Full (00h), DVD-RW full (10h), quick (15h). */
  g_assert_cmpint (fc[3], ==, 8 + 3 * 8);
  g_assert_cmpint (fc[12 + 4] >> 2, ==, 0x00);
  g_assert_cmpint (fc[20 + 4] >> 2, ==, 0x10);
  g_assert_cmpint (fc[28 + 4] >> 2, ==, 0x15);
  g_assert_cmpint (run (f, fmt, VD_DIR_OUT, quick, sizeof quick), ==, 0);
  g_assert_cmpint (run (f, getconf, VD_DIR_IN, gc, sizeof gc), ==, 0);
  g_assert_cmpint ((gc[6] << 8) | gc[7], ==, 0x13);
  /* Quick grow never shrinks the formatted area. */
  g_assert_cmpint (run (f, fmt, VD_DIR_OUT, grow, sizeof grow), ==, 0);
  g_assert_cmpint (run (f, rcap, VD_DIR_IN, cap, sizeof cap), ==, 0);
  g_assert_cmpuint (be32 (cap), ==, 2298496 - 1);
  g_assert_cmpint (write10 (f, 5000, 16, 4), ==, 0);
}

static void
test_closed_disc (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t r[34];

  insert (f, VD_MEDIUM_BD_R);
  g_assert_cmpint (write10 (f, 0, 64, 1), ==, 0);
  g_assert_cmpint (close_ts (f, 1, 1), ==, 0);
  g_assert_cmpint (close_ts (f, 6, 0), ==, 0);  /* finalize */
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 2);
  g_assert_cmpint ((r[2] >> 2) & 3, ==, 3);
  assert_sense (f, write10 (f, 64, 32, 1), 0x05, 0x21, 0x02);
}

static void
test_damaged_track (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t t[48], r[34];

  /* A write error leaves the track damaged: no NWA until it is closed. */
  insert (f, VD_MEDIUM_DVD_PLUS_R);
  f->d->st.write_error = 20;
  assert_sense (f, write10 (f, 0, 32, 1), 0x03, 0x0c, 0x00);
  track_info (f, 0xff, t);
  g_assert_cmpint (t[5] & 0x20, ==, 0x20);
  g_assert_cmpint (t[7] & 1, ==, 0);
  assert_sense (f, write10 (f, 20, 1, 1), 0x05, 0x21, 0x02);
  g_assert_cmpint (close_ts (f, 1, 1), ==, 0);
  g_assert_cmpint (close_ts (f, 2, 0), ==, 0);
  track_info (f, 1, t);
  g_assert_cmpint (t[5] & 0x20, ==, 0);
  g_assert_cmpuint (be32 (t + 24), ==, 20);
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 1);

  /* An interrupted write (no close) is damaged after a medium change. */
  f->d->st.write_error = -1;
  g_assert_cmpint (write10 (f, 32, 16, 2), ==, 0);
  vd_state_medium_change (&f->d->st);
  uint8_t tur[6] = { 0 };
  assert_sense (f, run (f, tur, VD_DIR_NONE, NULL, 0), 0x06, 0x28, 0x00);
  track_info (f, 0xff, t);
  g_assert_cmpint (t[5] & 0x20, ==, 0x20);
  g_assert_cmpint (t[7] & 1, ==, 0);
}

/* A state file someone edited or cut short is refused, never acted on. */
static void
test_corrupt_state (Fixture *f, gconstpointer data)
{
  static const char *const edits[][2] = {
    { "tracks", "-3" }, { "tracks", "-100000000" }, { "tracks", "100" },
    { "capacity", "-1" }, { "capacity", "0" },
  };
  g_autofree char *path = g_build_filename (f->dir, "state", NULL);

  (void) data;
  insert (f, VD_MEDIUM_DVD_PLUS_R);
  g_assert_cmpint (write10 (f, 0, 64, 3), ==, 0);
  g_assert_true (vd_drive_save (f->d, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr (GKeyFile) kf = g_key_file_new ();
      g_autoptr (GError) error = NULL;
      VdDrive *d2;

      g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
      g_key_file_set_value (kf, "medium", edits[i][0], edits[i][1]);
      g_assert_true (g_key_file_save_to_file (kf, path, NULL));
      d2 = vd_drive_open (f->dir, FALSE, NULL);
      g_assert_false (vd_drive_load (d2, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
      vd_drive_close (d2);
      g_assert_true (vd_drive_save (f->d, NULL));
    }
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  {
    g_autoptr (GError) error = NULL;
    VdDrive *d2 = vd_drive_open (f->dir, FALSE, NULL);

    g_assert_false (vd_drive_load (d2, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
    vd_drive_close (d2);
  }
}

/* CS_VDRIVE_SPEED=1: the drive records at 16x from a 4 MiB buffer, once it was filled.
 * Writes that keep it filled cause no under-run, a pause longer than the buffer lasts
 * causes one; the gap after SYNCHRONIZE CACHE, between writes, is none, nor is a pause
 * before the buffer was first filled; a pause the drive spent in its own file I/O is
 * counted apart. The pauses are real time on purpose: they are what is measured. */
static void
test_speed_underruns (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t sync[10] = { 0x35 };
  const gint64 mib_us = (gint64) 1024 * 1024 * 1000 / 22160;  /* 1 MiB at DVD 16x */
  VdState *st = &f->d->st;
  uint32_t lba = 0;

  g_setenv ("CS_VDRIVE_SPEED", "1", TRUE);
  insert (f, VD_MEDIUM_DVD_PLUS_R);
  /* 8 MiB in 64 KiB WRITEs, without a pause: the buffer never runs empty. */
  for (; lba < 4096; lba += 32)
    g_assert_cmpint (write10 (f, lba, 32, 1), ==, 0);
  g_assert_cmpint (run (f, sync, VD_DIR_NONE, NULL, 0), ==, 0);
  g_assert_cmpint (st->underruns, ==, 0);
  g_assert_cmpint (st->idle_us, ==, 0);
  g_assert_cmpuint (st->write_bytes, ==, 8 * 1024 * 1024);
  g_assert_cmpint (st->write_us, >=, 8 * mib_us);

  /* 4 MiB, then a pause of their recording time and 100 ms more: one under-run. */
  for (; lba < 6144; lba += 32)
    g_assert_cmpint (write10 (f, lba, 32, 2), ==, 0);
  g_usleep (4 * mib_us + 100000);
  g_assert_cmpint (write10 (f, lba, 32, 3), ==, 0);
  lba += 32;
  /* The same, but the drive's own file I/O (here: its state saves) took longer. */
  for (uint32_t end = lba + 2048; lba < end; lba += 32)
    g_assert_cmpint (write10 (f, lba, 32, 4), ==, 0);
  g_usleep (4 * mib_us + 100000);
  vd_drive_save_us += 10 * G_USEC_PER_SEC;
  g_assert_cmpint (write10 (f, lba, 32, 5), ==, 0);
  lba += 32;
  g_assert_cmpint (run (f, sync, VD_DIR_NONE, NULL, 0), ==, 0);
  g_assert_cmpint (st->underruns, ==, 1);
  g_assert_cmpint (st->idle_us, >=, 100000);
  g_assert_cmpint (st->own_underruns, ==, 1);
  g_assert_cmpint (st->own_idle_us, >=, 100000);

  /* 64 KiB, a pause, 64 KiB: the recorder had not started. */
  g_assert_cmpint (write10 (f, lba, 32, 6), ==, 0);
  g_usleep (100000);
  g_assert_cmpint (write10 (f, lba + 32, 32, 7), ==, 0);
  g_assert_cmpint (run (f, sync, VD_DIR_NONE, NULL, 0), ==, 0);
  g_unsetenv ("CS_VDRIVE_SPEED");
  g_assert_cmpint (st->underruns, ==, 1);
  g_assert_cmpuint (st->write_bytes, ==, (guint64) (lba + 64) * VD_BLOCK);

  /* Kept in the state, for cs-vdrive toc. */
  g_assert_true (vd_drive_save (f->d, NULL));
  VdDrive *d2 = vd_drive_open (f->dir, FALSE, NULL);
  g_autoptr (GError) error = NULL;
  vd_drive_load (d2, &error);
  g_assert_no_error (error);
  g_autofree char *toc = vd_state_describe (&d2->st);
  g_autofree char *bytes = g_strdup_printf (" writing %u bytes in ", (lba + 64) * VD_BLOCK);
  g_assert_nonnull (strstr (toc, "buffer under-runs: 1 (idle "));
  g_assert_nonnull (strstr (toc, bytes));
  g_assert_nonnull (strstr (toc, "; 1 more (idle "));
  vd_drive_close (d2);
}

/* CS_VDRIVE_SPEED=1: a BLANK with IMMED returns at once; until the drive is done, TEST UNIT
 * READY answers NOT READY 02/04/07 with the progress indication (SKSV, bytes 16-17) and
 * REQUEST SENSE returns that sense with GOOD status, as libburn polls it (MMC-6 6.2). */
static void
test_blank_in_progress (Fixture *f, gconstpointer data)
{
  (void) data;
  uint8_t blank[12] = { 0xa1, 0x10 | 0x01 };   /* IMMED, minimal */
  uint8_t tur[6] = { 0x00 };
  uint8_t rs[6] = { 0x03, 0, 0, 0, 18, 0 };
  uint8_t sense[18];
  uint8_t r[34];
  gint64 deadline;
  int status;

  g_setenv ("CS_VDRIVE_SPEED", "1", TRUE);
  g_setenv ("CS_VDRIVE_BLANK_SECONDS", "0.5", TRUE);
  insert (f, VD_MEDIUM_CD_RW);
  g_assert_cmpint (run (f, blank, VD_DIR_NONE, NULL, 0), ==, 0);

  assert_sense (f, run (f, tur, VD_DIR_NONE, NULL, 0), 0x02, 0x04, 0x07);
  g_assert_cmpint (f->sense[15] & 0x80, ==, 0x80);
  g_assert_cmpint ((f->sense[16] << 8 | f->sense[17]), <, 0xffff);

  memset (sense, 0, sizeof sense);
  g_assert_cmpint (run (f, rs, VD_DIR_IN, sense, sizeof sense), ==, 0);
  g_assert_cmpint (sense[2] & 0x0f, ==, 0x02);
  g_assert_cmpint (sense[12], ==, 0x04);
  g_assert_cmpint (sense[13], ==, 0x07);
  g_assert_cmpint (sense[15] & 0x80, ==, 0x80);

  /* The event waited for is the drive becoming ready; 30 s is only a bound. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((status = run (f, tur, VD_DIR_NONE, NULL, 0)) != 0 && g_get_monotonic_time () < deadline)
    {
      g_assert_cmpint (f->sense[13], ==, 0x07);
      g_usleep (10000);
    }
  g_unsetenv ("CS_VDRIVE_SPEED");
  g_unsetenv ("CS_VDRIVE_BLANK_SECONDS");
  g_assert_cmpint (status, ==, 0);
  disc_info (f, r);
  g_assert_cmpint (r[2] & 3, ==, 0);   /* disc status: blank */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) \
  g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/vdrive/no-medium", test_no_medium);
  ADD ("/vdrive/bad-opcode", test_bad_opcode);
  ADD ("/vdrive/dvd+rw-format", test_dvd_plus_rw_format);
  ADD ("/vdrive/dvd+r-sessions", test_dvd_plus_r_sessions);
  ADD ("/vdrive/cd-r-tao-runout", test_cd_r_tao_runout);
  ADD ("/vdrive/faults", test_faults);
  ADD ("/vdrive/dvd-rw-fast-blank", test_dvd_rw_fast_blank);
  ADD ("/vdrive/persistence", test_persistence);
  ADD ("/vdrive/cd-sao", test_cd_sao);
  ADD ("/vdrive/dvd-rw-restricted-overwrite", test_dvd_rw_restricted_overwrite);
  ADD ("/vdrive/closed-disc", test_closed_disc);
  ADD ("/vdrive/damaged-track", test_damaged_track);
  ADD ("/vdrive/corrupt-state", test_corrupt_state);
  ADD ("/vdrive/speed-underruns", test_speed_underruns);
  ADD ("/vdrive/blank-in-progress", test_blank_in_progress);
  return g_test_run ();
}
