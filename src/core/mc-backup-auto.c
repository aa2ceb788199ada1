/* mc-backup-auto.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backups on a schedule. The time of a backup is in its name (UTC), not in the file's
 * modification time, which a copy or a restore of the folder would change; the rotation
 * parses each name strictly, so a file it did not write is never touched.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "mc-backup.h"
#include "mc-backup-auto.h"
#include "mc-error.h"

#define SUFFIX ".mcdb"

void
mc_backup_auto_result_clear (McBackupAutoResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->path, g_free);
}

char *
mc_backup_auto_default_dir (McDb *db)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  dir = g_path_get_dirname (mc_db_get_path (db));
  return g_build_filename (dir, "backups", NULL);
}

/* "workspace.mcdb" -> "workspace-auto-" */
static char *
name_prefix (const char *workspace_path)
{
  g_autofree char *base = g_path_get_basename (workspace_path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strconcat (base, "-auto-", NULL);
}

static gboolean
all_digits (const char *p,
            guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* The decimal number in the n digits at p. */
static int
number (const char *p,
        guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (p[i] - '0');
  return value;
}

/* Parses "YYYYMMDDTHHMMSSZ[-N].mcdb" (after the prefix): the time and the counter. */
static gboolean
parse_name (const char *rest,
            gint64     *at,
            guint      *counter)
{
  g_autoptr(GDateTime) dt = NULL;
  guint64 n = 0;
  const char *p;

  if (strlen (rest) < 16 || !all_digits (rest, 8) || rest[8] != 'T' || !all_digits (rest + 9, 6) ||
      rest[15] != 'Z')
    return FALSE;
  p = rest + 16;
  if (*p == '-')
    {
      char *end = NULL;

      if (!g_ascii_isdigit (p[1]))
        return FALSE;
      n = g_ascii_strtoull (p + 1, &end, 10);
      if (end == NULL || n < 2 || n > 999)
        return FALSE;
      p = end;
    }
  if (strcmp (p, SUFFIX) != 0)
    return FALSE;
  dt = g_date_time_new_utc (number (rest, 4), number (rest + 4, 2), number (rest + 6, 2),
                           number (rest + 9, 2), number (rest + 11, 2), number (rest + 13, 2));
  if (dt == NULL)
    return FALSE;
  *at = g_date_time_to_unix (dt);
  *counter = (guint) n;
  return TRUE;
}

typedef struct
{
  char   *path;
  gint64  at;
  guint   counter;
} Found;

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const Found *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? 1 : -1;
  return x->counter < y->counter ? 1 : x->counter > y->counter ? -1 : 0;
}

GPtrArray *
mc_backup_auto_list (const char  *dir,
                     const char  *workspace_path,
                     GArray     **times)
{
  g_autofree char *prefix = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autoptr(GDir) d = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (dir != NULL, paths);
  g_return_val_if_fail (workspace_path != NULL, paths);

  prefix = name_prefix (workspace_path);
  if (times != NULL)
    *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      Found f = { 0 };
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, prefix) || !parse_name (name + strlen (prefix), &f.at, &f.counter))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      f.path = g_steal_pointer (&path);
      g_array_append_val (found, f);
    }
  g_array_sort (found, newest_first);
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = &g_array_index (found, Found, i);

      g_ptr_array_add (paths, f->path);
      if (times != NULL)
        g_array_append_val (*times, f->at);
    }
  return paths;
}

/* A name for a backup at now that no file has yet. */
static char *
new_backup_path (const char *dir,
                 const char *workspace_path,
                 gint64      now)
{
  g_autofree char *prefix = name_prefix (workspace_path);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autofree char *stamp = g_date_time_format (dt, "%Y%m%dT%H%M%SZ");

  for (guint n = 1; n <= 999; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (prefix, stamp, SUFFIX, NULL)
                                     : g_strdup_printf ("%s%s-%u%s", prefix, stamp, n, SUFFIX);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* A backup is the size of the workspace; one that would leave the disk with less room
 * than that for the workspace itself to grow is not made. */
static gboolean
check_free_space (const char  *dir,
                  const char  *workspace,
                  GError     **error)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (folder, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                            NULL, NULL);
  g_autofree char *wal = g_strconcat (workspace, "-wal", NULL);
  guint64 size = 0, free_bytes;
  GStatBuf st;

  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return TRUE;   /* cannot tell: try, a failed backup removes nothing */
  if (g_stat (workspace, &st) == 0)
    size += (guint64) st.st_size;
  if (g_stat (wal, &st) == 0)
    size += (guint64) st.st_size;
  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  if (free_bytes < 2 * size)
    {
      g_autofree char *display = g_filename_display_name (dir);
      g_autofree char *need = g_format_size (2 * size);
      g_autofree char *have = g_format_size (free_bytes);

      g_set_error (error, MC_ERROR, MC_ERROR_IO,
                   _("Not enough free space for a backup in “%s”: %s needed (the backup and "
                     "room for the workspace to grow), %s free. Older backups were kept."),
                   display, need, have);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_backup_auto (McDb               *db,
                const char         *dir,
                guint               keep,
                gint64              interval,
                gint64              now,
                McBackupAutoResult *result,
                GError            **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GArray) times = NULL;
  g_autofree char *path = NULL;
  const char *workspace;
  McBackupAutoResult r = { 0 };

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (keep < 1)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Keep at least one backup: %u would remove them all."), keep);
      return FALSE;
    }
  if (interval < 0)
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_INVALID,
                           _("The interval between backups cannot be negative."));
      return FALSE;
    }
  if (now == 0)
    now = mc_db_now ();
  workspace = mc_db_get_path (db);

  existing = mc_backup_auto_list (dir, workspace, &times);
  if (times->len > 0)
    r.newest_at = g_array_index (times, gint64, 0);
  /* A backup dated in the future (a clock set back) does not hold the schedule up. */
  if (times->len > 0 && r.newest_at <= now && now - r.newest_at < interval)
    {
      r.kept = existing->len;
      r.next_due = r.newest_at + interval;
      if (result != NULL)
        *result = r;
      return TRUE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot create the backup folder “%s”: %s."),
                   display, g_strerror (saved));
      return FALSE;
    }
  if (!check_free_space (dir, workspace, error))
    return FALSE;
  path = new_backup_path (dir, workspace, now);
  if (path == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO,
                   _("Too many backups were made in the same second; try again later."));
      return FALSE;
    }
  if (!mc_backup_to_file (db, path, error))
    return FALSE;

  /* The rotation: only after the new backup is complete. */
  g_clear_pointer (&existing, g_ptr_array_unref);
  g_clear_pointer (&times, g_array_unref);
  existing = mc_backup_auto_list (dir, workspace, &times);
  for (guint i = keep; i < existing->len; i++)
    {
      if (g_unlink (g_ptr_array_index (existing, i)) == 0)
        r.removed++;
      else
        g_debug ("Cannot remove the old backup %s: %s",
                 (const char *) g_ptr_array_index (existing, i), g_strerror (errno));
    }
  r.kept = existing->len - r.removed;
  r.newest_at = now;
  r.next_due = now + interval;
  r.path = g_steal_pointer (&path);
  if (result != NULL)
    *result = r;
  else
    mc_backup_auto_result_clear (&r);
  return TRUE;
}
