/* mc-backup.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mc-audit.h"
#include "mc-backup.h"
#include "mc-error.h"
#include "mc-schema.h"

static gboolean
copy_database (sqlite3     *dest,
               sqlite3     *src,
               GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", src, "main");
  int rc;

  if (backup == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_DATABASE, _("Cannot start the copy: %s"),
                   sqlite3_errmsg (dest));
      return FALSE;
    }
  do
    {
      /* All pages in one step, under one read transaction: in WAL mode that blocks no
       * writer and copies one consistent snapshot, where copying in slices would start
       * over after every write of another connection (the app recording a sale while a
       * scheduled backup runs), and a large workspace might never finish. */
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_FULL)
        g_set_error (error, MC_ERROR, MC_ERROR_IO, _("The disk is full: the copy was not made."));
      else
        g_set_error (error, MC_ERROR, MC_ERROR_DATABASE, _("The copy failed: %s"),
                     sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_backup_to_file (McDb        *db,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  sqlite3 *dest = NULL;
  gboolean ok;

  if (!mc_audit_require (db, MC_PERMISSION_BACKUP, "backup", error))
    return FALSE;

  g_unlink (tmp);
  if (sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot write the backup “%s”: %s"), path,
                   dest ? sqlite3_errmsg (dest) : "out of memory");
      sqlite3_close (dest);
      return FALSE;
    }
  /* A whole workspace of personal data: readable by its owner only. */
  g_chmod (tmp, 0600);
  ok = copy_database (dest, mc_db_get_handle (db), error);
  /* A backup is one self-contained file: no WAL beside it. */
  if (ok && sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot finish the backup: %s"), sqlite3_errmsg (dest));
      ok = FALSE;
    }
  sqlite3_close (dest);
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot write the backup “%s”: %s"), path,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (mc_db_begin (db, NULL))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *after = g_strdup_printf ("{\"file\":\"%s\"}", base);

      if (mc_audit_log (db, "backup", NULL, NULL, NULL, after, NULL))
        mc_db_commit (db, NULL);
      else
        mc_db_rollback (db);
    }
  return TRUE;
}

gboolean
mc_backup_check_file (const char  *path,
                      int         *schema_version,
                      GError     **error)
{
  sqlite3 *src = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  guint n_migrations;
  int version = -1;

  mc_schema_get_migrations (&n_migrations);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("There is no backup file “%s”."), path);
      return FALSE;
    }
  if (sqlite3_open_v2 (path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto not_workspace;

  if (sqlite3_prepare_v2 (src, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    goto not_workspace;
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_SCHEMA,
                   _("The backup “%s” is damaged (%s): nothing was restored."), path,
                   (const char *) sqlite3_column_text (stmt, 0));
      goto out;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (sqlite3_prepare_v2 (src, "SELECT value FROM meta WHERE key = 'application'", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW ||
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "member-console") != 0)
    goto not_workspace;
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (sqlite3_prepare_v2 (src, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if (version < 1 || version > (int) n_migrations)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_SCHEMA,
                   _("The backup “%s” has schema version %d; this version of Member Console "
                     "reads 1 to %u. Nothing was restored."), path, version, n_migrations);
      goto out;
    }
  if (schema_version != NULL)
    *schema_version = version;
  ok = TRUE;
  goto out;

not_workspace:
  g_set_error (error, MC_ERROR, MC_ERROR_SCHEMA,
               _("“%s” is not a Member Console backup, or it is damaged: nothing was restored."), path);
out:
  sqlite3_finalize (stmt);
  sqlite3_close (src);
  return ok;
}

/* A backup from an older version of the schema is brought up to this version's, one
 * migration a transaction, as mc_db_open() would on the next start. */
static gboolean
migrate_restored (McDb     *db,
                  int       version,
                  GError  **error)
{
  guint n_migrations;
  const char * const *migrations = mc_schema_get_migrations (&n_migrations);

  for (guint v = (guint) version; v < n_migrations; v++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      if (!mc_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!mc_db_exec (db, migrations[v], error) || !mc_db_exec (db, pragma, error) ||
          !mc_db_exec (db, "COMMIT", error))
        {
          sqlite3_exec (mc_db_get_handle (db), "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
mc_backup_restore (McDb        *db,
                   const char  *path,
                   GError     **error)
{
  sqlite3 *src = NULL;
  gboolean ok;
  int version;

  if (!mc_audit_require (db, MC_PERMISSION_ADMIN, "restore", error))
    return FALSE;
  if (!mc_backup_check_file (path, &version, error))
    return FALSE;
  if (sqlite3_open_v2 (path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot read the backup “%s”."), path);
      sqlite3_close (src);
      return FALSE;
    }
  /* The backup API replaces the destination in one transaction: all or nothing. */
  ok = copy_database (mc_db_get_handle (db), src, error);
  sqlite3_close (src);
  if (!ok || !migrate_restored (db, version, error))
    return FALSE;
  if (mc_db_begin (db, NULL))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *after = g_strdup_printf ("{\"file\":\"%s\",\"schema\":%d}", base, version);

      if (mc_audit_log (db, "restore", NULL, NULL, NULL, after, NULL))
        mc_db_commit (db, NULL);
      else
        mc_db_rollback (db);
    }
  return TRUE;
}
