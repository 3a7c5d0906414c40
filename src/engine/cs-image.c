/* cs-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-advice.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-image.h"
#include "cs-image-problems.h"
#include "cs-text.h"
#include "cs-verify-attrs.h"

/* The longest part of a symbolic link's target a Rock Ridge SL entry is made from
 * (libisofs' LIBISOFS_NODE_NAME_MAX). */
#define CS_NAME_MAX 255

struct _CsImage
{
  GObject        parent_instance;

  IsoImage      *image;
  char          *volume_id;
  char          *volset_id;
  GCancellable  *cancellable;   /* only while adding a day */
  GPtrArray     *problems;      /* while adding a day: what the report callback left out */
  CsLogFunc      log_func;
  gpointer       log_data;
  guint64        data_bytes;
  gboolean       adding;
  gboolean       cancelled;
};

G_DEFINE_FINAL_TYPE (CsImage, cs_image, G_TYPE_OBJECT)

static void
cs_image_finalize (GObject *object)
{
  CsImage *self = (CsImage *)object;

  if (self->image != NULL)
    {
      iso_image_attach_data (self->image, NULL, NULL);
      iso_image_unref (self->image);
    }
  g_clear_pointer (&self->volume_id, g_free);
  g_clear_pointer (&self->volset_id, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (cs_image_parent_class)->finalize (object);
}

static void
cs_image_class_init (CsImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_image_finalize;
}

static void
cs_image_init (CsImage *self)
{
}

/* A file the report callback leaves out: recorded with its reason, and the walk goes on,
 * so that one run names every such file (each stops the store: cs_image_add_day). */
static int
leave_out (CsImage       *self,
           IsoFileSource *src,
           char          *path,
           const char    *why)
{
  g_autofree char *owned = path != NULL ? path : iso_file_source_get_path (src);

  _cs_image_problems_add (self->problems, owned, why);
  return 0;
}

/* Runs for every file libisofs adds (also during import). Here we count what a day adds,
 * leave out files we could not read back later, and honour cancel. A return of 0 makes
 * libisofs skip the file without a message (tree.c, iso_add_dir_src_rec); a negative one
 * would end the whole walk at the first such file. */
static int
report_cb (IsoImage      *image,
           IsoFileSource *src)
{
  CsImage *self = iso_image_get_attached_data (image);
  struct stat st;

  if (self == NULL || !self->adding)
    return 1;

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      self->cancelled = TRUE;
      return ISO_CANCELED;
    }

  if (iso_file_source_lstat (src, &st) < 0)
    return leave_out (self, src, NULL, _("it cannot be examined"));

  /* Unreadable files would be written as zeros with only a warning: refuse them. */
  if ((S_ISREG (st.st_mode) || S_ISDIR (st.st_mode)) && iso_file_source_access (src) < 0)
    return leave_out (self, src, NULL, _("permission denied"));

  /* A directory that can be listed but not entered (r without x): libisofs would list its
   * names and leave out every one of them, each with a SORRY. Say it once, for the directory. */
  if (S_ISDIR (st.st_mode))
    {
      char *path = iso_file_source_get_path (src);

      if (path != NULL && access (path, X_OK) != 0)
        return leave_out (self, src, path,
                          _("permission denied: the directory can be listed but not entered"));
      free (path);
    }

  /* libisofs 1.5.4 crashes (double free while making the Rock Ridge SL entry) on a target
   * with a part longer than 255 bytes, a name no file system here can hold. */
  if (S_ISLNK (st.st_mode))
    {
      g_autofree char *path = iso_file_source_get_path (src);
      char target[4096];
      gssize len = path != NULL ? readlink (path, target, sizeof target - 1) : -1;

      if (len >= 0)
        {
          g_auto(GStrv) parts = NULL;

          target[len] = '\0';
          parts = g_strsplit (target, "/", -1);
          for (guint i = 0; parts[i] != NULL; i++)
            if (strlen (parts[i]) > CS_NAME_MAX)
              return leave_out (self, src, g_steal_pointer (&path),
                                _("it is a symbolic link whose target has a part longer than "
                                  "255 bytes, which the image cannot hold"));
        }
    }

  if (S_ISREG (st.st_mode))
    self->data_bytes += st.st_size;
  return 1;
}

CsImage *
cs_image_new (const char *volume_id,
              CsLogFunc   log_func,
              gpointer    log_data)
{
  CsImage *self;
  int ret;

  g_return_val_if_fail (volume_id != NULL, NULL);

  self = g_object_new (CS_TYPE_IMAGE, NULL);
  self->volume_id = g_strdup (volume_id);
  self->volset_id = g_strdup (volume_id);
  self->log_func = log_func;
  self->log_data = log_data;

  ret = iso_image_new ((char *)volume_id, &self->image);
  if (ret < 0)
    g_error ("iso_image_new: %s", iso_error_to_msg (ret));

  iso_image_attach_data (self->image, self, NULL);
  iso_tree_set_follow_symlinks (self->image, 0);
  iso_tree_set_ignore_hidden (self->image, 0);
  iso_tree_set_ignore_special (self->image, 0);
  iso_tree_set_report_callback (self->image, report_cb);
  /* ACLs and xattrs of the staging files go onto the disc (cs-verify-attrs.c says which). */
  iso_image_set_ignore_aclea (self->image, CS_ACLEA_IMPORT);
  iso_image_set_application_id (self->image, "CEDAR STORE " PACKAGE_VERSION);

  return self;
}



guint64
cs_image_get_data_bytes (CsImage *self)
{
  g_return_val_if_fail (CS_IS_IMAGE (self), 0);
  return self->data_bytes;
}

/**
 * cs_image_get_day_dir:
 *
 * The directory /YYYY/MM/DD of @day in the tree being built, for checking it against the
 * staging directory before anything is written (cs_verify_tree()).
 *
 * Returns: (transfer none) (nullable): owned by @self; %NULL when the day is not in the tree
 */
IsoDir *
cs_image_get_day_dir (CsImage     *self,
                      const CsDay *day)
{
  g_autofree char *path = NULL;
  IsoNode *node = NULL;

  g_return_val_if_fail (CS_IS_IMAGE (self), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  path = g_strconcat ("/", day->suffix, NULL);
  if (iso_tree_path_to_node (self->image, path, &node) != 1 || iso_node_get_type (node) != LIBISO_DIR)
    return NULL;
  return (IsoDir *)node;
}

static char *
error_text (int         ret,
            const char *detail)
{
  if (detail != NULL)
    return g_strdup_printf ("%s (%s)", iso_error_to_msg (ret), detail);
  return g_strdup (iso_error_to_msg (ret));
}

/**
 * cs_image_import:
 * @start_block: where the session to import starts (0 on overwritable media and image
 *   files, where LBA 0 describes the newest tree)
 *
 * Loads the newest session's tree from the medium so the new session shows every earlier
 * day. Must come before cs_image_add_day(): an import replaces the tree.
 */
gboolean
cs_image_import (CsImage  *self,
                 CsDrive  *drive,
                 guint32   start_block,
                 GError  **error)
{
  g_autofree char *last_error = NULL;
  IsoReadOpts *ro = NULL;
  IsoReadImageFeatures *features = NULL;
  IsoDataSource *ds;
  int ret;

  g_return_val_if_fail (CS_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (CS_IS_DRIVE (drive), FALSE);

  if (iso_read_opts_new (&ro, 0) < 0)
    g_error ("iso_read_opts_new failed");
  iso_read_opts_set_start_block (ro, start_block);
  /* MD5 and AAIP must be loaded, or the append drops the older files' MD5s
   * (libburnia-verified.md B.10). */
  iso_read_opts_set_no_md5 (ro, 0);
  iso_read_opts_set_no_aaip (ro, 0);
  iso_read_opts_set_no_joliet (ro, 0);

  ds = cs_drive_new_data_source (drive);
  ret = iso_image_import (self->image, ds, ro, &features);
  iso_read_opts_free (ro);
  iso_data_source_unref (ds);
  cs_drive_drain_messages (self->log_func, self->log_data, &last_error);

  if (ret < 0)
    {
      g_autofree char *msg = error_text (ret, last_error);
      g_autofree char *target = cs_advice_target_in_sentence (cs_drive_get_address (drive));

      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   cs_advice_pick (_("Cannot read the sessions already on %s, so nothing was "
                                     "written: %s. Use --full to start a new disc"),
                                   _("Cannot read the sessions already on %s, so nothing was "
                                     "written: %s. Choose another disc or image file")),
                   target, msg);
      return FALSE;
    }

  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
          _("Imported the existing tree of %s (%u blocks, Rock Ridge %s)"),
          cs_drive_get_address (drive), (guint)iso_read_image_features_get_size (features),
          iso_read_image_features_has_rockridge (features) ? _("yes") : _("no"));
  iso_read_image_features_destroy (features);

  /* The import replaces the image's attributes (libburnia.md §7.12). */
  iso_image_set_volume_id (self->image, self->volume_id);
  iso_image_set_volset_id (self->image, self->volset_id);
  iso_image_set_application_id (self->image, "CEDAR STORE " PACKAGE_VERSION);
  return TRUE;
}

/* What a Rock Ridge TF and a directory record hold: a 7-byte time, its year counted from
 * 1900 in one byte (ECMA-119 9.1.5, RRIP 4.1.6), recorded in UTC (always_gmt in
 * make_write_opts). libisofs clamps a time outside without a word (util.c, iso_datetime_7). */
#define ISO_TIME_MIN G_GINT64_CONSTANT (-2208988800)  /* 1900-01-01 00:00:00 UTC */
#define ISO_TIME_MAX G_GINT64_CONSTANT (5869583999)   /* 2155-12-31 23:59:59 UTC */

/* A modification time the disc cannot hold is a problem. */
static void
check_time (IsoNode    *node,
            const char *disk_path,
            GPtrArray  *problems)
{
  gint64 mtime = iso_node_get_mtime (node);

  if (mtime < ISO_TIME_MIN || mtime > ISO_TIME_MAX)
    {
      g_autofree char *shown = cs_text_time (mtime);
      g_autofree char *why = g_strdup_printf (_("its modification time %s cannot be recorded "
                                                "on the disc (ISO 9660 holds 1900 to 2155); "
                                                "set another with touch"), shown);

      _cs_image_problems_add (problems, disk_path, why);
    }
}

/* The ACLs and xattrs libisofs took from @disk_path for @node: an empty value kept if it
 * can be, else a problem (_cs_attrs_keep_empty_values()); then the kernel's copies of the
 * ACLs dropped. In this order: libisofs cannot decode the attributes of a node with an
 * empty value last, and leaks memory when it tries. */
static void
keep_attrs (IsoNode    *node,
            const char *disk_path,
            GPtrArray  *problems)
{
  g_autofree char *why = _cs_attrs_keep_empty_values (node, disk_path);

  if (why != NULL)
    _cs_image_problems_add (problems, disk_path, why);
  _cs_attrs_drop_acl_copies (node, FALSE);
}

/* Every node below @dir, whose staging directory is @disk_path: check_time() and
 * keep_attrs(). */
static void
check_children (IsoDir     *dir,
                const char *disk_path,
                GPtrArray  *problems)
{
  IsoDirIter *iter = NULL;
  IsoNode *child;

  if (iso_dir_get_children (dir, &iter) < 0)
    return;
  while (iso_dir_iter_next (iter, &child) == 1)
    {
      g_autofree char *path = g_build_filename (disk_path, iso_node_get_name (child), NULL);

      check_time (child, path, problems);
      keep_attrs (child, path, problems);
      if (iso_node_get_type (child) == LIBISO_DIR)
        check_children ((IsoDir *)child, path, problems);
    }
  iso_dir_iter_free (iter);
}

/* Finds or makes /name below @parent, taking the attributes of @disk_path; what of them
 * cannot be stored goes to @problems (keep_attrs()). */
static IsoDir *
ensure_dir (CsImage     *self,
            IsoDir      *parent,
            const char  *name,
            const char  *disk_path,
            GPtrArray   *problems,
            GError     **error)
{
  IsoNode *node = NULL;
  int ret;

  if (iso_dir_get_node (parent, name, &node) == 1)
    {
      if (iso_node_get_type (node) == LIBISO_DIR)
        return (IsoDir *)node;
      iso_node_remove_tree (node, NULL);
    }

  ret = iso_tree_add_new_node (self->image, parent, name, disk_path, &node);
  if (ret < 0 || node == NULL || iso_node_get_type (node) != LIBISO_DIR)
    {
      g_autofree char *msg = error_text (ret, NULL);
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG, _("Cannot add directory “%s” to the image: %s"),
                   disk_path, msg);
      return NULL;
    }
  keep_attrs (node, disk_path, problems);
  return (IsoDir *)node;
}

/**
 * cs_image_add_day:
 *
 * Grafts the day's contents at /YYYY/MM/DD. A day already on the disc is replaced, so the
 * newest session shows exactly what is staged now.
 */
gboolean
cs_image_add_day (CsImage       *self,
                  const CsDay   *day,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *real = NULL;
  g_autofree char *month_path = NULL;
  g_autofree char *year_path = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(GStrv) parts = NULL;
  IsoDir *dir;
  IsoNode *old = NULL;
  int ret;

  g_return_val_if_fail (CS_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  real = realpath (day->path, NULL);
  if (real == NULL)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE,
                   _("Staging directory “%s” cannot be read: %s"), day->path, g_strerror (errsv));
      return FALSE;
    }

  parts = g_strsplit (day->suffix, "/", 3);
  month_path = g_path_get_dirname (real);
  year_path = g_path_get_dirname (month_path);

  problems = _cs_image_problems_new ();
  if (!(dir = ensure_dir (self, iso_image_get_root (self->image), parts[0], year_path, problems,
                          error))
      || !(dir = ensure_dir (self, dir, parts[1], month_path, problems, error)))
    return FALSE;

  if (iso_dir_get_node (dir, parts[2], &old) == 1)
    {
      cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
              _("/%s is already on the disc; the new session replaces it with the staging "
                "directory’s current contents"), day->suffix);
      iso_node_remove_tree (old, NULL);
    }

  /* The day directory itself takes the staging directory's mode and times, so readers
   * like xorriso -compare_r see no difference (libburnia-verified.md B.12). */
  if (!(dir = ensure_dir (self, dir, parts[2], real, problems, error)))
    return FALSE;
  check_time ((IsoNode *)dir, real, problems);

  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO, _("Adding stage directory [%s]."),
          day->path);

  /* Only what the walk itself says counts below. */
  cs_drive_drain_messages (self->log_func, self->log_data, NULL);
  self->cancellable = cancellable;
  self->adding = TRUE;
  self->problems = g_ptr_array_ref (problems);
  ret = iso_tree_add_dir_rec (self->image, dir, real);
  self->adding = FALSE;
  self->cancellable = NULL;
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  /* Every WARNING or worse of the walk is a file left out or renamed (cs-image-problems.c). */
  _cs_image_problems_drain (problems, self->log_func, self->log_data);
  if (!self->cancelled && ret >= 0)
    check_children (dir, real, problems);

  if (self->cancelled)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED, _("Building the image was cancelled"));
      return FALSE;
    }
  if (problems->len > 0)
    {
      _cs_image_problems_error (problems, real, error);
      return FALSE;
    }
  if (ret < 0)
    {
      g_autofree char *msg = error_text (ret, NULL);
      g_autofree char *shown = cs_text_shorten (real, CS_TEXT_PATH_CHARS);

      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("Cannot store “%s”: %s. Nothing was written; fix the file's permissions "
                     "or remove it from the staging directory"), shown, msg);
      return FALSE;
    }
  return TRUE;
}

/* cback initialize puts one empty /CedarBackup directory on the disc (cedar-store.md §3.4). */
gboolean
cs_image_add_empty_dir (CsImage     *self,
                        const char  *name,
                        GError     **error)
{
  IsoDir *dir = NULL;
  int ret;

  g_return_val_if_fail (CS_IS_IMAGE (self), FALSE);

  ret = iso_tree_add_new_dir (iso_image_get_root (self->image), name, &dir);
  if (ret < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INTERNAL, _("Cannot add /%s to the image: %s"),
                   name, iso_error_to_msg (ret));
      return FALSE;
    }
  iso_node_set_permissions ((IsoNode *)dir, 0755);
  return TRUE;
}

static IsoWriteOpts *
make_write_opts (guint32   ms_block,
                 gboolean  appendable,
                 guint8   *overwrite_head)
{
  IsoWriteOpts *wo = NULL;

  /* Profile 1 = BACKUP keeps permissions and times (libburnia.md §7.15). */
  if (iso_write_opts_new (&wo, 1) < 0)
    g_error ("iso_write_opts_new failed");
  iso_write_opts_set_rockridge (wo, 1);
  iso_write_opts_set_joliet (wo, 1);
  iso_write_opts_set_iso_level (wo, 3);
  iso_write_opts_set_aaip (wo, 1);
  iso_write_opts_set_record_md5 (wo, 1, 1);
  iso_write_opts_set_hardlinks (wo, 1);
  iso_write_opts_set_relaxed_vol_atts (wo, 1);
  /* The directory records carry each file's mtime, not the session's time. libisofs 1.5.4
   * reads a Rock Ridge TF time of 0 (1970-01-01 00:00:00 UTC) as "not recorded" and puts
   * the record's time in its place (fs_image.c, iso_file_source_new_ifs: "if … a needed TF
   * time stamp is not present, we use plain iso recording time"), so an imported mtime or
   * atime of 0 became the first session's time at the next append. With the mtime in the
   * record, that fallback gives the file's own time back. Still wrong upstream: an atime of
   * 0 with another mtime comes back as the mtime. */
  iso_write_opts_set_dir_rec_mtime (wo, 1 | 2);
  /* Times in UTC: libisofs otherwise records local time with the zone's offset in units of
   * 15 minutes (ecma119 9.1.5), which moves a time of a zone with another offset, such as
   * Amsterdam's +00:19:32 before 1937, by minutes. */
  iso_write_opts_set_always_gmt (wo, 1);
  /* Deep trees and long paths stay whole in Rock Ridge and Joliet (libburnia-verified.md H). */
  iso_write_opts_set_allow_deep_paths (wo, 1);
  iso_write_opts_set_allow_longer_paths (wo, 1);
  iso_write_opts_set_joliet_longer_paths (wo, 1);
  iso_write_opts_set_joliet_long_names (wo, 1);
  /* 8 MiB between the generator and the writer (default 2 MiB), so the pacing above can
   * let the writer sleep in long stretches. */
  iso_write_opts_set_fifo_size (wo, 4096);
  iso_write_opts_set_ms_block (wo, ms_block);
  iso_write_opts_set_appendable (wo, appendable ? 1 : 0);
  if (overwrite_head != NULL)
    iso_write_opts_set_overwrite_buf (wo, overwrite_head);
  return wo;
}

/* libisofs' ring buffer wakes its reader for every 2 KiB block the generator adds, and the
 * generator (reading files, computing MD5s) is slower than libburn's consumer: the two
 * threads ping-pong on a futex a million times per 2 GiB. This wrapper lets the consumer
 * sleep until a good part of the buffer is filled, so each read finds its data ready. */
#define PACE_USEC 1000

typedef struct
{
  struct burn_source *inner;       /* libisofs' ring buffer */
  off_t               fixed_size;  /* what libburn programmed with set_size, or 0 */
} Pace;

static int
pace_read (struct burn_source *src,
           unsigned char      *buffer,
           int                 size)
{
  struct burn_source *inner = ((Pace *)src->data)->inner;
  size_t capacity = 0, free_bytes = 0;

  for (;;)
    {
      int state = iso_ring_buffer_get_status (inner, &capacity, &free_bytes);
      size_t filled = capacity - MIN (free_bytes, capacity);

      /* 1 = active; anything else (ended, failed, cancelled) is for the inner read to tell. */
      if (state != 1 || filled >= MAX ((size_t)size, capacity / 2))
        break;
      g_usleep (PACE_USEC);
    }
  return inner->read_xt != NULL ? inner->read_xt (inner, buffer, size)
                                : inner->read (inner, buffer, size);
}

static off_t
pace_get_size (struct burn_source *src)
{
  Pace *pace = src->data;

  if (pace->fixed_size > 0)
    return pace->fixed_size;
  return pace->inner->get_size (pace->inner);
}

/* libburn programs a track size here, e.g. the 300-block minimum of a CD track, and pads
 * the data itself (libburn.h, struct burn_source: "a note of libburn to itself"). It is
 * kept here, not passed on: libisofs 1.5.4 takes it as the size it must generate and,
 * having written less, reports "Image is most likely damaged. Calculated/written image
 * end address mismatch" as a FATAL about a good session. */
static int
pace_set_size (struct burn_source *src,
               off_t               size)
{
  Pace *pace = src->data;

  pace->fixed_size = size;
  return 1;
}

static int
pace_cancel (struct burn_source *src)
{
  struct burn_source *inner = ((Pace *)src->data)->inner;

  return inner->cancel != NULL ? inner->cancel (inner) : 1;
}

static void
pace_free_data (struct burn_source *src)
{
  Pace *pace = src->data;

  burn_source_free (pace->inner);
  g_free (pace);
}

static struct burn_source *
pace_source_new (struct burn_source *inner)
{
  /* burn_source_free() releases the struct with free(). */
  struct burn_source *src = calloc (1, sizeof *src);
  Pace *pace = g_new0 (Pace, 1);

  pace->inner = inner;
  src->refcount = 1;
  src->read = NULL;
  src->read_sub = NULL;
  src->get_size = pace_get_size;
  src->set_size = pace_set_size;
  src->free_data = pace_free_data;
  src->data = pace;
  src->version = 1;
  src->read_xt = pace_read;
  src->cancel = pace_cancel;
  return src;
}

static struct burn_source *
create_source (CsImage   *self,
               guint32    ms_block,
               gboolean   appendable,
               guint8    *overwrite_head,
               gboolean   for_write,
               GError   **error)
{
  struct burn_source *src = NULL;
  IsoWriteOpts *wo;
  int ret;

  /* What libisofs says from here on is about this image: an older message (of a measure
   * stopped on purpose) is logged now and not counted. */
  if (for_write)
    {
      cs_drive_drain_messages (self->log_func, self->log_data, NULL);
      _cs_drive_watch_generator ();
    }
  wo = make_write_opts (ms_block, appendable, overwrite_head);
  ret = iso_image_create_burn_source (self->image, wo, &src);
  iso_write_opts_free (wo);
  if (ret < 0)
    {
      g_autofree char *last_error = NULL;
      g_autofree char *msg = NULL;

      cs_drive_drain_messages (self->log_func, self->log_data, &last_error);
      if (for_write)
        {
          GPtrArray *dropped = _cs_drive_take_generator_problems ();

          g_clear_pointer (&dropped, g_ptr_array_unref);
        }
      msg = error_text (ret, last_error);
      g_set_error (error, CS_ERROR, CS_ERROR_INTERNAL, _("Cannot generate the image: %s"), msg);
      return NULL;
    }
  return pace_source_new (src);
}

/**
 * cs_image_create_source:
 * @overwrite_head: 64 KiB that libisofs fills with the volume descriptors for LBA 0
 *   (overwritable media and image files), or %NULL
 *
 * Starts the generator for a write; the returned source can be consumed exactly once, by
 * cs_drive_write(), which fails when libisofs reports a file it could not copy whole while
 * generating (_cs_drive_watch_generator(), started here).
 */
struct burn_source *
cs_image_create_source (CsImage  *self,
                        guint32   ms_block,
                        gboolean  appendable,
                        guint8   *overwrite_head,
                        GError  **error)
{
  g_return_val_if_fail (CS_IS_IMAGE (self), NULL);

  return create_source (self, ms_block, appendable, overwrite_head, TRUE, error);
}

/**
 * cs_image_measure:
 *
 * The exact size in bytes of the session these options would write. It really starts the
 * generator and cancels it: with iso_write_opts_set_will_cancel() libisofs leaves out
 * per-file attributes (checksum indices, inode numbers) and reports less than it writes.
 * Returns 0 on error.
 */
guint64
cs_image_measure (CsImage   *self,
                  guint32    ms_block,
                  gboolean   appendable,
                  GError   **error)
{
  g_autofree guint8 *head = ms_block >= CS_FIRST_LBA ? g_malloc0 (CS_HEAD_SIZE) : NULL;
  struct burn_source *src;
  guint64 size;

  g_return_val_if_fail (CS_IS_IMAGE (self), 0);

  src = create_source (self, ms_block, appendable, head, FALSE, error);
  if (src == NULL)
    return 0;
  size = src->get_size (src);
  cs_image_cancel_source (src);
  return size;
}

/* Stops a source that will not be written and frees it; libisofs' "Image write cancelled"
 * that follows is expected. Ends the watch of cs_image_create_source(). */
void
cs_image_cancel_source (struct burn_source *src)
{
  GPtrArray *dropped;

  if (src == NULL)
    return;
  src->cancel (src);
  burn_source_free (src);
  dropped = _cs_drive_take_generator_problems ();
  g_clear_pointer (&dropped, g_ptr_array_unref);
}
