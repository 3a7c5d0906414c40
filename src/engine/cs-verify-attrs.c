/* cs-verify-attrs.c
 *
 * What a file carries besides its bytes: permission bits, ACLs (access and default) and
 * extended attributes. The image takes them from the staging files (CS_ACLEA_IMPORT in
 * cs_image_new) and libisofs writes them as AAIP records; here a tree node, built in memory
 * or read back from the disc, is checked against its staging file.
 *
 * Which xattr namespaces: all that the storing process can read (libisofs bit3), not only
 * "user.". A backup disc should lose nothing, and the restore side chooses what it takes
 * back: `xorriso -xattr on` restores "user." only, `-xattr any` (as root) also
 * security.capability (without which a restored ping or newuidmap no longer works),
 * security.selinux and trusted.*; `-acl on` the ACLs. As root the disc thus also gets
 * trusted.*, which an unprivileged reader cannot see. What is left out is the kernel's own
 * copy of the ACLs, system.posix_acl_access and system.posix_acl_default: libisofs reads
 * them as xattrs too under bit3, but the disc carries the ACLs already in AAIP's portable
 * form, and a restore with -xattr any would set them twice. "isofs." names are libisofs'
 * own bookkeeping on nodes read back (checksum index, inode numbers), not the file's.
 *
 * A filesystem without ACL or xattr support has none of them: the image gets none and the
 * check expects none (libisofs leaves a node without attributes when the local ones cannot
 * be read, so this check is what notices a loss).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/xattr.h>

#include "cs-verify-attrs.h"

typedef struct
{
  size_t   n;
  char   **names;
  size_t  *lengths;
  char   **values;
} Attrs;

static gboolean
is_acl_copy (const char *name)
{
  return g_str_equal (name, "system.posix_acl_access")
         || g_str_equal (name, "system.posix_acl_default");
}

/* The names this check and the image leave out (see the top of this file). */
static gboolean
is_skipped (const char *name)
{
  return is_acl_copy (name) || g_str_has_prefix (name, "isofs.");
}

/**
 * _cs_attrs_drop_acl_copies:
 * @node: a node just added from a staging file
 * @recursive: also every node below @node
 *
 * Removes system.posix_acl_access and system.posix_acl_default from the xattrs that
 * libisofs imported: the ACLs themselves stay (AAIP's own form).
 */
void
_cs_attrs_drop_acl_copies (IsoNode  *node,
                           gboolean  recursive)
{
  Attrs a = { 0 };
  char *drop[2];
  size_t drop_lengths[2] = { 0, 0 };
  char *drop_values[2] = { NULL, NULL };
  size_t n_drop = 0;

  if (iso_node_get_attrs (node, &a.n, &a.names, &a.lengths, &a.values, 0) > 0)
    for (size_t i = 0; i < a.n && n_drop < G_N_ELEMENTS (drop); i++)
      if (is_acl_copy (a.names[i]))
        drop[n_drop++] = a.names[i];
  /* bit1 merge, bit2 delete these names, bit3 non-"user." names; the ACL stays. A failure
   * (out of memory) only leaves the copies on the disc, which the check skips. */
  if (n_drop > 0)
    (void) iso_node_set_attrs (node, n_drop, drop, drop_lengths, drop_values, 2 | 4 | 8);
  iso_node_get_attrs (NULL, &a.n, &a.names, &a.lengths, &a.values, 1 << 15);

  if (recursive && iso_node_get_type (node) == LIBISO_DIR)
    {
      IsoDirIter *iter = NULL;
      IsoNode *child;

      if (iso_dir_get_children ((IsoDir *) node, &iter) < 0)
        return;
      while (iso_dir_iter_next (iter, &child) == 1)
        _cs_attrs_drop_acl_copies (child, TRUE);
      iso_dir_iter_free (iter);
    }
}

static const char *
acl_value (const Attrs *a,
           size_t      *length)
{
  for (size_t i = 0; i < a->n; i++)
    if (a->names[i][0] == '\0')
      {
        *length = a->lengths[i];
        return a->values[i];
      }
  *length = 0;
  return NULL;
}

/* -1 when @name is not in @a. */
static gssize
find_attr (const Attrs *a,
           const char  *name)
{
  for (size_t i = 0; i < a->n; i++)
    if (g_str_equal (a->names[i], name))
      return i;
  return -1;
}

/* Access and default ACL in one line ("user::rw-,user:nobody:rw-,…,default:…"), or "none". */
static char *
acl_line (const char *access,
          const char *deflt)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_auto(GStrv) a = g_strsplit (access != NULL ? access : "", "\n", -1);
  g_auto(GStrv) d = g_strsplit (deflt != NULL ? deflt : "", "\n", -1);

  for (guint i = 0; a[i] != NULL; i++)
    if (a[i][0] != '\0')
      g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "", a[i]);
  for (guint i = 0; d[i] != NULL; i++)
    if (d[i][0] != '\0')
      g_string_append_printf (s, "%sdefault:%s", s->len > 0 ? "," : "", d[i]);
  if (s->len == 0)
    return g_strdup (C_("ACL", "none"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
acl_difference (IsoNode    *node,
                const char *disk_path)
{
  char *node_access = NULL, *node_default = NULL;
  char *disk_access = NULL, *disk_default = NULL;
  g_autofree char *on_disc = NULL;
  g_autofree char *on_disk = NULL;

  /* Both in full: an access ACL that only repeats the permission bits is shown too. */
  if (iso_node_get_acl_text (node, &node_access, &node_default, 0) >= 0)
    on_disc = acl_line (node_access, node_default);
  iso_node_get_acl_text (node, &node_access, &node_default, 1 << 15);
  iso_local_get_acl_text ((char *) disk_path, &disk_access, 0);
  iso_local_get_acl_text ((char *) disk_path, &disk_default, 1);
  on_disk = acl_line (disk_access, disk_default);
  iso_local_get_acl_text (NULL, &disk_access, 1 << 15);
  iso_local_get_acl_text (NULL, &disk_default, 1 << 15);

  return g_strdup_printf (_("ACL “%s” on the disc, “%s” on “%s”"),
                          on_disc != NULL ? on_disc : "?", on_disk, disk_path);
}

static char *
compare_attrs (IsoNode     *node,
               const char  *disk_path,
               const Attrs *disk,
               const Attrs *disc)
{
  const char *disk_acl, *disc_acl;
  size_t disk_acl_len, disc_acl_len;

  disk_acl = acl_value (disk, &disk_acl_len);
  disc_acl = acl_value (disc, &disc_acl_len);
  if (disk_acl_len != disc_acl_len
      || (disk_acl_len > 0 && memcmp (disk_acl, disc_acl, disk_acl_len) != 0))
    return acl_difference (node, disk_path);

  for (size_t i = 0; i < disk->n; i++)
    {
      const char *name = disk->names[i];
      gssize j;

      if (name[0] == '\0' || is_skipped (name))
        continue;
      j = find_attr (disc, name);
      if (j < 0)
        return g_strdup_printf (_("extended attribute “%s” of “%s” is missing on the disc"),
                                name, disk_path);
      if (disc->lengths[j] != disk->lengths[i]
          || memcmp (disc->values[j], disk->values[i], disk->lengths[i]) != 0)
        return g_strdup_printf (_("extended attribute “%s” differs from the one of “%s”"),
                                name, disk_path);
    }
  for (size_t j = 0; j < disc->n; j++)
    {
      const char *name = disc->names[j];

      if (name[0] != '\0' && !is_skipped (name) && find_attr (disk, name) < 0)
        return g_strdup_printf (_("extended attribute “%s” is on the disc but not on “%s”"),
                                name, disk_path);
    }
  return NULL;
}

/**
 * _cs_attrs_differ:
 * @node: the node of the disc tree (read back, or still in memory)
 * @disk_path: the staging file, not followed if a symbolic link
 * @st: lstat() of @disk_path
 *
 * Compares permission bits (mode & 07777, not for symbolic links), the access and default
 * ACL and the extended attributes of @disk_path with those of @node.
 *
 * Returns: (transfer full) (nullable): %NULL when they are the same, else what differs,
 *   naming @disk_path, for the caller's "does not match" message.
 */
char *
_cs_attrs_differ (IsoNode           *node,
                  const char        *disk_path,
                  const struct stat *st)
{
  Attrs disk = { 0 }, disc = { 0 };
  char *what = NULL;
  gssize list_len;
  int ret;

  g_return_val_if_fail (node != NULL && disk_path != NULL && st != NULL, NULL);

  if (iso_node_get_uid (node) != st->st_uid || iso_node_get_gid (node) != st->st_gid)
    return g_strdup_printf (_("owner %u:%u on the disc, %u:%u on “%s”"),
                            (guint) iso_node_get_uid (node), (guint) iso_node_get_gid (node),
                            (guint) st->st_uid, (guint) st->st_gid, disk_path);

  if (!S_ISLNK (st->st_mode)
      && (iso_node_get_permissions (node) & 07777) != (st->st_mode & 07777))
    return g_strdup_printf (_("permissions %04o on the disc, %04o on “%s”"),
                            (guint) (iso_node_get_permissions (node) & 07777),
                            (guint) (st->st_mode & 07777), disk_path);

  /* Linux lists the ACLs as xattrs too (system.posix_acl_*): an empty list means neither,
   * and spares the plain file libisofs' five more system calls. A filesystem that refuses
   * xattrs as a whole has none (see the top of this file). */
  list_len = llistxattr (disk_path, NULL, 0);
  if (list_len < 0 && errno != ENOTSUP && errno != ENOSYS)
    {
      int errsv = errno;
      return g_strdup_printf (_("the ACLs and extended attributes of “%s” cannot be read (%s)"),
                              disk_path, g_strerror (errsv));
    }
  if (list_len > 0)
    {
      /* bit0 the ACLs (as an attribute with empty name), bit3 as CS_ACLEA_IMPORT. */
      ret = iso_local_get_attrs ((char *) disk_path, &disk.n, &disk.names, &disk.lengths,
                                 &disk.values, 1 | (CS_ACLEA_IMPORT & 8));
      if (ret < 0)
        return g_strdup_printf (_("the ACLs and extended attributes of “%s” cannot be read (%s)"),
                                disk_path, iso_error_to_msg (ret));
    }

  ret = iso_node_get_attrs (node, &disc.n, &disc.names, &disc.lengths, &disc.values, 1);
  if (ret < 0)
    what = g_strdup_printf (_("its ACLs and extended attributes cannot be decoded (%s)"),
                            iso_error_to_msg (ret));
  else
    what = compare_attrs (node, disk_path, &disk, &disc);

  iso_local_get_attrs (NULL, &disk.n, &disk.names, &disk.lengths, &disk.values, 1 << 15);
  iso_node_get_attrs (NULL, &disc.n, &disc.names, &disc.lengths, &disc.values, 1 << 15);
  return what;
}

/* Whether @node now carries exactly @n attributes @names/@lengths/@values, in this order. */
static gboolean
node_reads_back (IsoNode     *node,
                 size_t       n,
                 char       **names,
                 size_t      *lengths,
                 char       **values)
{
  Attrs got = { 0 };
  gboolean same;

  same = iso_node_get_attrs (node, &got.n, &got.names, &got.lengths, &got.values, 1) > 0
         && got.n == n;
  for (size_t i = 0; same && i < n; i++)
    same = g_str_equal (got.names[i], names[i]) && got.lengths[i] == lengths[i]
           && memcmp (got.values[i], values[i], lengths[i]) == 0;
  iso_node_get_attrs (NULL, &got.n, &got.names, &got.lengths, &got.values, 1 << 15);
  return same;
}

/**
 * _cs_attrs_keep_empty_values:
 * @node: a node just added from @disk_path, before anything decodes its attributes
 * @disk_path: the staging file, not followed if a symbolic link
 *
 * An extended attribute with an empty value (setfattr -n user.e -v '""') is imported and
 * written by libisofs 1.5.4, but its AAIP decoder (aaip_0_2.c, aaip_consume_aa_data)
 * loses the pair whose empty value ends an AAIP field: the last attribute of a node, or
 * one ending at a 250-byte field boundary. Then the attribute is missing when the tree is
 * read (in memory and from the disc, by us and by xorriso), and with an empty value as
 * the last of several, all of them are. So the attributes are set again in an order that
 * reads back whole: the empty values first, then the others (the ACL too), rotated until
 * one order does. With no attribute of a non-empty value to end on, none does.
 *
 * Returns: (transfer full) (nullable): %NULL when the node carries the staging file's
 *   attributes (changed only if it had an empty value); else why it cannot, naming the
 *   attribute and what to do (the caller names @disk_path).
 */
char *
_cs_attrs_keep_empty_values (IsoNode    *node,
                             const char *disk_path)
{
  Attrs disk = { 0 };
  g_autoptr(GPtrArray) order = NULL;
  g_autofree char **names = NULL;
  g_autofree size_t *lengths = NULL;
  g_autofree char **values = NULL;
  const char *empty_name = NULL;
  guint n_empty = 0, n = 0;
  char *why = NULL;

  g_return_val_if_fail (node != NULL && disk_path != NULL, NULL);

  if (llistxattr (disk_path, NULL, 0) <= 0
      || iso_local_get_attrs ((char *) disk_path, &disk.n, &disk.names, &disk.lengths,
                              &disk.values, 1 | (CS_ACLEA_IMPORT & 8)) < 0)
    return NULL;  /* nothing to keep, or _cs_attrs_differ() says why it cannot be read */

  /* Indices into @disk: the empty values first. */
  order = g_ptr_array_new ();
  for (size_t i = 0; i < disk.n; i++)
    if (disk.names[i][0] != '\0' && !is_acl_copy (disk.names[i]) && disk.lengths[i] == 0)
      {
        g_ptr_array_add (order, GSIZE_TO_POINTER (i));
        empty_name = empty_name != NULL ? empty_name : disk.names[i];
      }
  n_empty = order->len;
  for (size_t i = 0; i < disk.n; i++)
    if (!is_acl_copy (disk.names[i]) && (disk.names[i][0] == '\0' || disk.lengths[i] > 0))
      g_ptr_array_add (order, GSIZE_TO_POINTER (i));
  n = order->len;

  if (n_empty > 0 && n_empty == n)
    /* Translators: %1$s an extended attribute's name, %2$s a staging file */
    why = g_strdup_printf (_("its extended attribute “%s” has an empty value, which "
                             "libisofs cannot store as its only attribute; give it a value or "
                             "remove it (setfattr -x %s)"), empty_name, empty_name);
  else if (n_empty > 0)
    {
      gboolean kept = FALSE;

      names = g_new0 (char *, n);
      lengths = g_new0 (size_t, n);
      values = g_new0 (char *, n);
      for (guint r = 0; r < n - n_empty && !kept; r++)
        {
          for (guint k = 0; k < n; k++)
            {
              guint at = k < n_empty ? k : n_empty + (k - n_empty + r) % (n - n_empty);
              size_t i = GPOINTER_TO_SIZE (g_ptr_array_index (order, at));

              names[k] = disk.names[i];
              lengths[k] = disk.lengths[i];
              values[k] = disk.values[i];
            }
          /* bit0 the ACL from the empty name, bit3 every namespace: replaces all of them. */
          kept = iso_node_set_attrs (node, n, names, lengths, values, 1 | 8) > 0
                 && node_reads_back (node, n, names, lengths, values);
        }
      if (!kept)
        why = g_strdup_printf (_("its extended attribute “%s” has an empty value, which "
                                 "libisofs cannot store with its other attributes; give it a "
                                 "value or remove it (setfattr -x %s)"), empty_name, empty_name);
    }
  /* Refused: the node gets none, so that nothing tries to decode them (libisofs leaks
   * what it had decoded when it fails). */
  if (why != NULL)
    (void) iso_node_set_attrs (node, 0, NULL, NULL, NULL, 1 | 8);
  iso_local_get_attrs (NULL, &disk.n, &disk.names, &disk.lengths, &disk.values, 1 << 15);
  return why;
}
