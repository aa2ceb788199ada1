/* test-backup.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backups on a schedule with rotation (due or not, the newest N kept, a file it did not
 * write never touched, a failed backup removing nothing), and restore's checks before it
 * replaces anything (damage, a newer schema, a file that is not a workspace).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mc-backup.h"
#include "mc-backup-auto.h"
#include "mc-error.h"
#include "mc-member.h"
#include "mc-programme.h"
#include "mc-schema.h"

#define HOUR ((gint64) 3600)

typedef struct
{
  char *dir;
  char *path;
  char *backups;
  McDb *db;
  gint64 t0;          /* 2026-11-01 00:00 UTC */
} Fixture;

static void
add_member (McDb       *db,
            const char *name,
            const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
}

static gint64
count_members (McDb *db)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT count(*) FROM member", NULL);
  gint64 n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autoptr(GDateTime) t0 = g_date_time_new_utc (2026, 11, 1, 0, 0, 0);

  f->dir = g_dir_make_tmp ("mc-test-backup-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "shop.mcdb", NULL);
  f->backups = g_build_filename (f->dir, "backups", NULL);
  f->t0 = g_date_time_to_unix (t0);
  f->db = mc_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_programme_install_live (f->db, programme, &error));
  g_assert_true (mc_db_set_meta (f->db, "programme_installed", "1", &error));
  g_assert_true (mc_db_commit (f->db, &error));
  g_assert_no_error (error);
  add_member (f->db, "张三", "13812345678");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->db);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->backups);
}

static char *
base_of (GPtrArray *paths,
         guint      i)
{
  return g_path_get_basename (g_ptr_array_index (paths, i));
}

static void
write_file (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "not ours", -1, NULL));
}

static void
test_auto_schedule (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  McBackupAutoResult r = { 0 };
  const char *foreign[] = {
    "notes.txt", "shop-auto-latest.mcdb", "shop-auto-20200101T000000Z.mcdb.part",
    "other-auto-20200101T000000Z.mcdb", "shop-20200101.mcdb", "shop-auto-20201301T000000Z.mcdb",
  };

  g_assert_cmpint (g_mkdir_with_parents (f->backups, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    write_file (f->backups, foreign[i]);

  /* None yet: due. */
  g_assert_true (mc_backup_auto (f->db, f->backups, 3, 24 * HOUR, f->t0, &r, &error));
  g_assert_no_error (error);
  g_assert_nonnull (r.path);
  g_assert_true (g_str_has_suffix (r.path, "/shop-auto-20261101T000000Z.mcdb"));
  g_assert_cmpuint (r.kept, ==, 1);
  g_assert_cmpint (r.next_due, ==, f->t0 + 24 * HOUR);
  mc_backup_auto_result_clear (&r);

  /* An hour later: not due, nothing written. */
  g_assert_true (mc_backup_auto (f->db, f->backups, 3, 24 * HOUR, f->t0 + HOUR, &r, &error));
  g_assert_null (r.path);
  g_assert_cmpuint (r.kept, ==, 1);
  g_assert_cmpint (r.next_due, ==, f->t0 + 24 * HOUR);

  /* Four more days: one a day; three kept, the newest. */
  for (int day = 1; day <= 4; day++)
    {
      g_assert_true (mc_backup_auto (f->db, f->backups, 3, 24 * HOUR, f->t0 + day * 24 * HOUR, &r, &error));
      g_assert_no_error (error);
      g_assert_nonnull (r.path);
      g_assert_cmpuint (r.kept, ==, MIN (day + 1, 3));
      g_assert_cmpuint (r.removed, ==, day + 1 > 3 ? 1 : 0);
      mc_backup_auto_result_clear (&r);
    }
  list = mc_backup_auto_list (f->backups, f->path, NULL);
  g_assert_cmpuint (list->len, ==, 3);
  {
    g_autofree char *a = base_of (list, 0), *b = base_of (list, 1), *c = base_of (list, 2);

    g_assert_cmpstr (a, ==, "shop-auto-20261105T000000Z.mcdb");
    g_assert_cmpstr (b, ==, "shop-auto-20261104T000000Z.mcdb");
    g_assert_cmpstr (c, ==, "shop-auto-20261103T000000Z.mcdb");
  }

  /* Twice in the same second (interval 0): a second name, and it counts as the newest. */
  g_assert_true (mc_backup_auto (f->db, f->backups, 2, 0, f->t0 + 4 * 24 * HOUR, &r, &error));
  g_assert_true (g_str_has_suffix (r.path, "/shop-auto-20261105T000000Z-2.mcdb"));
  g_assert_cmpuint (r.kept, ==, 2);
  g_assert_cmpuint (r.removed, ==, 2);
  mc_backup_auto_result_clear (&r);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mc_backup_auto_list (f->backups, f->path, NULL);
  {
    g_autofree char *a = base_of (list, 0), *b = base_of (list, 1);

    g_assert_cmpstr (a, ==, "shop-auto-20261105T000000Z-2.mcdb");
    g_assert_cmpstr (b, ==, "shop-auto-20261105T000000Z.mcdb");
  }

  /* Files it did not write are all still there. */
  for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
    {
      g_autofree char *p = g_build_filename (f->backups, foreign[i], NULL);

      g_assert_true (g_file_test (p, G_FILE_TEST_IS_REGULAR));
    }

  g_assert_false (mc_backup_auto (f->db, f->backups, 0, HOUR, f->t0, &r, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

/* A backup that fails removes nothing: the older ones stay. */
static void
test_auto_failure (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDir) dir = NULL;
  McBackupAutoResult r = { 0 };
  const char *name;

  for (int day = 0; day < 2; day++)
    {
      g_assert_true (mc_backup_auto (f->db, f->backups, 2, 24 * HOUR, f->t0 + day * 24 * HOUR, &r, &error));
      g_assert_no_error (error);
      mc_backup_auto_result_clear (&r);
    }
  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  g_assert_false (mc_backup_auto (f->db, f->backups, 1, 24 * HOUR, f->t0 + 5 * 24 * HOUR, &r, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  list = mc_backup_auto_list (f->backups, f->path, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  /* And no half-written file is left behind. */
  dir = g_dir_open (f->backups, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_suffix (name, ".part"));
}

/* What the schedule writes is a sound, private backup that restores. */
static void
test_auto_restores (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  McBackupAutoResult r = { 0 };
  GStatBuf st;
  int version = 0;

  g_assert_true (mc_backup_auto (f->db, f->backups, 2, 24 * HOUR, f->t0, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (r.path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (mc_backup_check_file (r.path, &version, &error));
  g_assert_cmpint (version, ==, mc_db_get_schema_version (f->db));
  add_member (f->db, "李四", "13912345678");
  g_assert_cmpint (count_members (f->db), ==, 2);
  g_assert_true (mc_backup_restore (f->db, r.path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (f->db), ==, 1);
  mc_backup_auto_result_clear (&r);
}

static void
set_user_version (const char *path,
                  int         version)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Restore checks the file before it replaces anything. */
static void
test_restore_checks (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = g_build_filename (f->dir, "good.mcdb", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.mcdb", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.mcdb", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.db", NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  sqlite3 *other = NULL;

  g_assert_true (mc_backup_to_file (f->db, good, &error));
  g_assert_no_error (error);
  add_member (f->db, "李四", "13912345678");

  /* A newer schema than this version reads. */
  g_assert_true (g_file_get_contents (good, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (newer, bytes, (gssize) len, NULL));
  set_user_version (newer, 99);
  g_assert_false (mc_backup_restore (f->db, newer, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "schema version 99"));
  g_clear_error (&error);
  g_assert_cmpint (count_members (f->db), ==, 2);

  /* Damaged: a run of pages overwritten. */
  g_assert_cmpuint (len, >, 3 * 16384);
  memset (bytes + 16384 + 100, 0x5a, 2 * 16384);
  g_assert_true (g_file_set_contents (damaged, bytes, (gssize) len, NULL));
  g_assert_false (mc_backup_restore (f->db, damaged, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_SCHEMA);
  g_clear_error (&error);
  g_assert_cmpint (count_members (f->db), ==, 2);

  /* A sound SQLite file that is not a workspace. */
  g_assert_cmpint (sqlite3_open (foreign, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_assert_false (mc_backup_restore (f->db, foreign, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_SCHEMA);
  g_clear_error (&error);
  g_assert_cmpint (count_members (f->db), ==, 2);

  /* The sound one restores. */
  g_assert_true (mc_backup_restore (f->db, good, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (f->db), ==, 1);
}

/* A backup of an older schema is restored and brought up to this version's schema. Only
 * testable once there are two migrations or more. */
static void
test_restore_older_schema (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_path = g_build_filename (f->dir, "old.mcdb", NULL);
  guint n_migrations;
  const char * const *migrations = mc_schema_get_migrations (&n_migrations);
  sqlite3 *old = NULL;
  sqlite3_stmt *stmt = NULL;

  if (n_migrations < 2)
    {
      g_test_skip ("only one schema version exists");
      return;
    }
  /* A workspace as the previous version made it. */
  g_assert_cmpint (sqlite3_open (old_path, &old), ==, SQLITE_OK);
  /* The page size every workspace has (the online backup cannot change it in WAL mode). */
  g_assert_cmpint (sqlite3_exec (old, "PRAGMA page_size = 16384", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint v = 0; v + 1 < n_migrations; v++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      g_assert_cmpint (sqlite3_exec (old, migrations[v], NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (old, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (old, "INSERT INTO meta (key, value) VALUES ('application', "
                                      "'member-console'), ('time_zone', 'Asia/Shanghai')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (old);

  g_assert_true (mc_backup_restore (f->db, old_path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_db_get_schema_version (f->db), ==, (int) n_migrations);
  g_assert_cmpint (count_members (f->db), ==, 0);
  /* The restored workspace takes writes of this version. */
  add_member (f->db, "王五", "13700001111");
  g_assert_cmpint (count_members (f->db), ==, 1);
  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (f->db), "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/backup/auto/schedule", test_auto_schedule);
  ADD ("/backup/auto/failure-keeps-older", test_auto_failure);
  ADD ("/backup/auto/restores", test_auto_restores);
  ADD ("/backup/restore/checks", test_restore_checks);
  ADD ("/backup/restore/older-schema", test_restore_older_schema);
#undef ADD
  return g_test_run ();
}
