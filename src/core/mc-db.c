/* mc-db.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One workspace: one SQLite file, in WAL mode with foreign keys on. Opening creates the
 * file or migrates it forward; a file from a newer version is refused, never touched.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-schema.h"

#define APPLICATION_TAG "member-console"

struct _McDb
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *statements;   /* sql text -> sqlite3_stmt */
  char       *actor;
  McRole      role;
  guint       depth;        /* nesting of mc_db_begin() */
  gint64      next_seq;     /* next change sequence number, valid inside a transaction */
  gint64      seq_at_begin;
  gboolean    bulk;
  GTimeZone  *tz;
};

G_DEFINE_FINAL_TYPE (McDb, mc_db, G_TYPE_OBJECT)

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static void
mc_db_finalize (GObject *object)
{
  McDb *self = (McDb *) object;

  g_clear_pointer (&self->statements, g_hash_table_destroy);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self->actor);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (mc_db_parent_class)->finalize (object);
}

static void
mc_db_class_init (McDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_db_finalize;
}

static void
mc_db_init (McDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->role = MC_ROLE_OWNER;
  self->actor = g_strdup (g_get_user_name ());
}

gboolean
mc_db_exec (McDb        *self,
            const char  *sql,
            GError     **error)
{
  g_return_val_if_fail (MC_IS_DB (self), FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return mc_db_set_error (self, error);
  return TRUE;
}

sqlite3_stmt *
mc_db_prepare (McDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MC_IS_DB (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      mc_db_set_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
mc_db_step_done (McDb          *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      /* RETURNING or a query used for its effect: drain it. */
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

const char *
mc_db_column_text (sqlite3_stmt *stmt,
                   int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

gboolean
mc_db_get_meta (McDb        *self,
                const char  *key,
                char       **value,
                GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (self, "SELECT value FROM meta WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup (mc_db_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    *value = NULL;
  else
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (self, error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
mc_db_set_meta (McDb        *self,
                const char  *key,
                const char  *value,
                GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (self,
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return mc_db_step_done (self, stmt, error);
}

static gboolean
load_seq (McDb    *self,
          GError **error)
{
  g_autofree char *value = NULL;

  if (!mc_db_get_meta (self, "seq", &value, error))
    return FALSE;
  self->next_seq = value != NULL ? g_ascii_strtoll (value, NULL, 10) + 1 : 1;
  self->seq_at_begin = self->next_seq;
  return TRUE;
}

gboolean
mc_db_begin (McDb    *self,
             GError **error)
{
  g_return_val_if_fail (MC_IS_DB (self), FALSE);

  if (self->depth > 0)
    {
      self->depth++;
      return TRUE;
    }
  /* IMMEDIATE: take the write lock now, so a busy workspace fails before any work. */
  if (!mc_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!load_seq (self, error))
    {
      mc_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  self->depth = 1;
  return TRUE;
}

gboolean
mc_db_commit (McDb    *self,
              GError **error)
{
  g_return_val_if_fail (MC_IS_DB (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth > 1)
    {
      self->depth--;
      return TRUE;
    }

  if (self->next_seq != self->seq_at_begin)
    {
      char buf[32];

      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, self->next_seq - 1);
      if (!mc_db_set_meta (self, "seq", buf, error))
        {
          mc_db_rollback (self);
          return FALSE;
        }
    }
  if (!mc_db_exec (self, "COMMIT", error))
    {
      mc_db_rollback (self);
      return FALSE;
    }
  self->depth = 0;
  return TRUE;
}

void
mc_db_rollback (McDb *self)
{
  g_return_if_fail (MC_IS_DB (self));

  if (self->depth == 0)
    return;
  /* An inner failure rolls back the whole transaction: callers return their error up. */
  self->depth = 0;
  if (sqlite3_get_autocommit (self->handle) == 0)
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
mc_db_in_transaction (McDb *self)
{
  return self->depth > 0;
}

gint64
mc_db_next_seq (McDb *self)
{
  g_return_val_if_fail (self->depth > 0, 0);
  return self->next_seq++;
}

static gboolean
migrate (McDb    *self,
         int      from,
         GError **error)
{
  guint n_migrations;
  const char * const *migrations = mc_schema_get_migrations (&n_migrations);

  for (guint v = (guint) from; v < n_migrations; v++)
    {
      g_autofree char *pragma = NULL;

      if (!mc_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      pragma = g_strdup_printf ("PRAGMA user_version = %u", v + 1);
      if (!mc_db_exec (self, migrations[v], error) ||
          (v == 0 && !mc_db_exec (self,
             "INSERT INTO meta (key, value) VALUES ('application', '" APPLICATION_TAG "'),"
             " ('time_zone', 'Asia/Shanghai'), ('currency', 'CNY')", error)) ||
          !mc_db_exec (self, pragma, error) ||
          !mc_db_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static int
query_int (McDb       *self,
           const char *sql,
           gboolean   *ok)
{
  sqlite3_stmt *stmt = NULL;
  int value = 0;

  *ok = FALSE;
  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      value = sqlite3_column_int (stmt, 0);
      *ok = TRUE;
    }
  sqlite3_finalize (stmt);
  return value;
}

/* Opens self->path with flags (the connection is used by one thread at a time). */
static gboolean
open_handle (McDb    *self,
             int      flags,
             GError **error)
{
  if (sqlite3_open_v2 (self->path, &self->handle, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      if (self->handle == NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot open “%s”: out of memory."), self->path);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot open the workspace “%s”: %s"),
                     self->path, sqlite3_errmsg (self->handle));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);
  return TRUE;
}

/* A read-only open of a WAL workspace leaves its -wal and -shm files behind with the
 * workspace file's read-only mode: once the file is writable again they would keep the
 * workspace read-only. They get the file's mode back (when they are ours). */
static void
restore_journal_modes (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm" };
  GStatBuf st;

  if (g_access (path, W_OK) != 0 || g_stat (path, &st) != 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *journal = g_strconcat (path, suffixes[i], NULL);
      GStatBuf jst;

      if (g_stat (journal, &jst) == 0 && jst.st_uid == geteuid () && g_access (journal, W_OK) != 0)
        g_chmod (journal, (int) (st.st_mode & 0666));
    }
}

McDb *
mc_db_open (const char  *path,
            GError     **error)
{
  g_autoptr(McDb) self = NULL;
  gboolean ok;
  int version;
  int n_tables;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MC_TYPE_DB, NULL);
  self->path = g_strdup (path);

  restore_journal_modes (path);
  if (!open_handle (self, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error))
    return NULL;

  n_tables = query_int (self, "SELECT count(*) FROM sqlite_schema", &ok);
  if (!ok)
    {
      mc_db_set_error (self, error);
      return NULL;
    }
  version = query_int (self, "PRAGMA user_version", &ok);

  if (n_tables > 0)
    {
      g_autofree char *app = NULL;
      g_autoptr(GError) local_error = NULL;

      if (version == 0 ||
          !mc_db_get_meta (self, "application", &app, &local_error) ||
          g_strcmp0 (app, APPLICATION_TAG) != 0)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_SCHEMA,
                       _("“%s” is not a Member Console workspace, or it is damaged."), path);
          return NULL;
        }
    }
  {
    guint n_migrations;

    mc_schema_get_migrations (&n_migrations);
    if (version > (int) n_migrations)
      {
        g_set_error (error, MC_ERROR, MC_ERROR_SCHEMA,
                     _("The workspace “%s” was made by a newer version of Member Console "
                       "(schema %d; this version knows %u). Update the application to open it."),
                     path, version, n_migrations);
        return NULL;
      }
  }

  /* A new workspace gets 16 KiB pages: a third fewer page writes on bulk loads (measured
   * by mc-bench demo), and shallower B-trees for tables of ten million rows. */
  if (n_tables == 0 && !mc_db_exec (self, "PRAGMA page_size = 16384", error))
    return NULL;

  /* WAL with synchronous=FULL: a commit that returned is on disk, even after power loss. */
  if (!mc_db_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !mc_db_exec (self, "PRAGMA synchronous = FULL", error) ||
      !mc_db_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !mc_db_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !mc_db_exec (self, "PRAGMA cache_size = -65536", error))
    return NULL;

  if (!migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

McDb *
mc_db_open_reader (const char  *path,
                   GError     **error)
{
  g_autoptr(McDb) self = NULL;
  g_autofree char *app = NULL;
  gboolean ok;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MC_TYPE_DB, NULL);
  self->path = g_strdup (path);

  if (!open_handle (self, SQLITE_OPEN_READONLY, error))
    return NULL;

  version = query_int (self, "PRAGMA user_version", &ok);
  if (!ok)
    {
      mc_db_set_error (self, error);
      return NULL;
    }
  if (version == 0 || !mc_db_get_meta (self, "application", &app, NULL) ||
      g_strcmp0 (app, APPLICATION_TAG) != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_SCHEMA,
                   _("“%s” is not a Member Console workspace, or it is damaged."), path);
      return NULL;
    }
  /* The writer's connection migrates; a reader only reads what it finds. Its cache is
   * small: its queries scan tables far bigger than any cache (8 MiB holds the search
   * index's hot pages), and every MiB of it is resident memory of the app. */
  if (!mc_db_exec (self, "PRAGMA query_only = ON", error) ||
      !mc_db_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !mc_db_exec (self, "PRAGMA cache_size = -8192", error))
    return NULL;
  return g_steal_pointer (&self);
}

void
mc_db_set_bulk_mode (McDb     *self,
                     gboolean  bulk)
{
  g_return_if_fail (MC_IS_DB (self));
  g_return_if_fail (self->depth == 0);

  if (self->bulk == bulk)
    return;
  self->bulk = bulk;
  if (bulk)
    {
      /* A one-off load: a crash loses the load, never the rows committed before it. */
      sqlite3_exec (self->handle, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
      sqlite3_exec (self->handle, "PRAGMA cache_size = -1048576", NULL, NULL, NULL);
    }
  else
    {
      sqlite3_exec (self->handle, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
      sqlite3_exec (self->handle, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
      sqlite3_exec (self->handle, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    }
}

const char *
mc_db_get_path (McDb *self)
{
  g_return_val_if_fail (MC_IS_DB (self), NULL);
  return self->path;
}

sqlite3 *
mc_db_get_handle (McDb *self)
{
  g_return_val_if_fail (MC_IS_DB (self), NULL);
  return self->handle;
}

int
mc_db_get_schema_version (McDb *self)
{
  gboolean ok;

  return query_int (self, "PRAGMA user_version", &ok);
}

McRole
mc_db_get_role (McDb *self)
{
  g_return_val_if_fail (MC_IS_DB (self), MC_ROLE_ANALYST);
  return self->role;
}

void
mc_db_set_role (McDb   *self,
                McRole  role)
{
  g_return_if_fail (MC_IS_DB (self));
  self->role = role;
}

const char *
mc_db_get_actor (McDb *self)
{
  g_return_val_if_fail (MC_IS_DB (self), NULL);
  return self->actor;
}

void
mc_db_set_actor (McDb       *self,
                 const char *actor)
{
  g_return_if_fail (MC_IS_DB (self));
  g_return_if_fail (actor != NULL);
  g_free (self->actor);
  self->actor = g_strdup (actor);
}

GPtrArray *
mc_db_drop_indexes (McDb        *self,
                    const char  *table,
                    GError     **error)
{
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MC_IS_DB (self), NULL);
  g_return_val_if_fail (self->depth > 0, NULL);

  stmt = mc_db_prepare (self,
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup (mc_db_column_text (stmt, 0)));
      g_ptr_array_add (saved, g_strdup (mc_db_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"", (char *) g_ptr_array_index (names, i));

      if (!mc_db_exec (self, sql, error))
        return NULL;
    }
  /* Cached statements may use the dropped indexes: SQLite re-prepares them by itself. */
  return g_steal_pointer (&saved);
}

gboolean
mc_db_restore_indexes (McDb       *self,
                       GPtrArray  *saved,
                       GError    **error)
{
  g_return_val_if_fail (MC_IS_DB (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  for (guint i = 0; saved != NULL && i < saved->len; i++)
    if (!mc_db_exec (self, g_ptr_array_index (saved, i), error))
      return FALSE;
  return TRUE;
}

GTimeZone *
mc_db_get_time_zone (McDb *self)
{
  g_return_val_if_fail (MC_IS_DB (self), NULL);

  if (self->tz == NULL)
    {
      g_autofree char *name = NULL;

      if (mc_db_get_meta (self, "time_zone", &name, NULL) && name != NULL)
        self->tz = g_time_zone_new_identifier (name);
      if (self->tz == NULL)
        self->tz = g_time_zone_new_identifier ("Asia/Shanghai");
      if (self->tz == NULL)
        self->tz = g_time_zone_new_offset (8 * 3600);
    }
  return self->tz;
}

gint64
mc_db_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* UUID version 7: 48 bits of milliseconds, then random bits. Time-ordered ids keep the
 * B-trees append-mostly, which matters at ten million orders. */
/* Writes the n low hex digits of value, lower case: ids and revs are made by the
 * million on a bulk load, where printf cost a tenth of the reading thread. */
static char *
put_hex (char    *p,
         guint64  value,
         guint    n)
{
  static const char digits[] = "0123456789abcdef";

  for (guint i = n; i > 0; i--)
    {
      p[i - 1] = digits[value & 0xf];
      value >>= 4;
    }
  return p + n;
}

char *
mc_db_new_id (void)
{
  static GMutex lock;
  static guint64 last_ms;
  static guint16 counter;
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint16 seq;
  guint32 r1 = g_random_int ();
  guint32 r2 = g_random_int ();

  g_mutex_lock (&lock);
  if (ms <= last_ms)
    {
      ms = last_ms;
      counter++;
      if (counter == 0x1000)
        {
          ms = ++last_ms;
          counter = 0;
        }
    }
  else
    {
      last_ms = ms;
      counter = (guint16) (g_random_int () & 0x3ff);
    }
  seq = counter;
  g_mutex_unlock (&lock);

  {
    char *id = g_malloc (37);
    char *p = id;

    p = put_hex (p, ms >> 16, 8);
    *p++ = '-';
    p = put_hex (p, ms & 0xffff, 4);
    *p++ = '-';
    *p++ = '7';
    p = put_hex (p, seq, 3);
    *p++ = '-';
    p = put_hex (p, 0x8000 | (r1 & 0x3fff), 4);
    *p++ = '-';
    p = put_hex (p, r1 >> 16, 4);
    p = put_hex (p, r2, 8);
    *p = '\0';
    return id;
  }
}

char *
mc_db_new_rev (const char *old_rev)
{
  guint64 generation = 0;

  if (old_rev != NULL)
    generation = g_ascii_strtoull (old_rev, NULL, 10);
  {
    char *rev = g_malloc (21 + 1 + 32 + 1);
    char *p = rev + g_snprintf (rev, 22, "%" G_GUINT64_FORMAT, generation + 1);

    *p++ = '-';
    for (guint i = 0; i < 4; i++)
      p = put_hex (p, g_random_int (), 8);
    *p = '\0';
    return rev;
  }
}
