/* test-db-errors.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A full disk, a file size limit, a read-only workspace file and a read-only folder: each
 * write fails with its clear message, in English and in Chinese, and leaves the workspace
 * as it was (same members, integrity ok). The full disk is simulated three ways: SQLite's
 * max_page_count, RLIMIT_FSIZE, and a real small tmpfs (as root, in a private mount
 * namespace; skipped where that is not allowed). Read-only cases run as "nobody" when
 * the tests run as root, since root writes to read-only files.
 *
 * Each case runs in a subprocess (g_test_trap_subprocess), once per language, so that
 * limits, mounts and users never reach the rest of the tests.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-i18n.h"
#include "mc-import.h"
#include "mc-member.h"

#define NOBODY 65534
#define N_MEMBERS 3

static const char *full_en = "The disk is full: nothing was saved. Free some space and try again.";
static const char *full_zh = "磁盘已满：未保存任何内容。请释放一些空间后重试。";
static const char *limit_en = "The workspace file has reached the largest size allowed on this disk or for "
                              "this account: nothing was saved. Move it to a disk that allows larger files.";
static const char *limit_zh = "工作区文件已达到此磁盘或此账户允许的最大大小：未保存任何内容。"
                              "请将其移到允许更大文件的磁盘上。";
static const char *file_en = "The workspace is read-only: nothing was saved (%s).";
static const char *file_zh = "工作区为只读：未保存任何内容（%s）。";
static const char *folder_en = "The folder of the workspace (%s) is read-only, and the workspace keeps its "
                               "journal files there: nothing was saved. Make the folder writable, or copy the "
                               "workspace to a folder that is.";
static const char *folder_zh = "工作区所在的文件夹（%s）为只读，而工作区需要在其中保存日志文件：未保存任何内容。"
                               "请让该文件夹可写，或将工作区复制到可写的文件夹。";

/* ---- the workspace --------------------------------------------------------------------- */

static char *
workspace_path (const char *dir)
{
  return g_build_filename (dir, "workspace.mcdb", NULL);
}

/* A workspace with N_MEMBERS members in dir; closed again. */
static void
make_workspace (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = workspace_path (dir);
  g_autoptr(McDb) db = mc_db_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autoptr(McMember) m = mc_member_new ();

      m->name = g_strdup_printf ("会员%u", i);
      m->phone = g_strdup_printf ("1390000%04u", i);
      g_assert_true (mc_member_insert (db, m, &error));
      g_assert_no_error (error);
    }
}

static gint64
count_members (McDb *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), "SELECT count(*) FROM member", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
assert_intact (McDb *db)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (count_members (db), ==, N_MEMBERS);
  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), "PRAGMA integrity_check", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
}

/* A CSV file of n new members (about 230 bytes each) in dir. */
static char *
write_members_csv (const char *dir,
                   guint       n)
{
  g_autoptr(GString) csv = g_string_new ("name,phone,notes\n");
  char *path = g_build_filename (dir, "members.csv", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "导入%u,138%08u,%0200u\n", i, i, i);
  g_assert_true (g_file_set_contents (path, csv->str, -1, NULL));
  return path;
}

static gboolean
import_file (McDb        *db,
             const char  *path,
             GError     **error)
{
  McImportOptions options = { 0 };
  McImportReport report = { 0 };
  gboolean ok;

  ok = mc_import_members (db, path, &options, &report, NULL, NULL, NULL, error);
  mc_import_report_clear (&report);
  return ok;
}

/* Imports n new members from a CSV file written to csv_dir. */
static gboolean
import_members (McDb        *db,
                const char  *csv_dir,
                guint        n,
                GError     **error)
{
  g_autofree char *path = write_members_csv (csv_dir, n);
  gboolean ok = import_file (db, path, error);

  g_unlink (path);
  return ok;
}

/* The message in the language of this run (LANGUAGE=zh_CN or not); %s is the argument. */
static void
assert_message (const GError *error,
                const char   *en,
                const char   *zh,
                const char   *arg)
{
  const char *format = g_strcmp0 (g_getenv ("LANGUAGE"), "zh_CN") == 0 ? zh : en;
  g_autofree char *expected = NULL;

  g_assert_nonnull (error);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  expected = g_strdup_printf (format, arg);
#pragma GCC diagnostic pop
  g_assert_error (error, MC_ERROR, MC_ERROR_DATABASE);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_chmod (dir, 0700);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        remove_tree (file);
      else
        g_remove (file);
    }
  g_rmdir (dir);
}

/* Runs this test's body in a subprocess once in English and once in Chinese. The body
 * writes why to the file $MC_TEST_SKIP_FILE when it cannot run here. */
static void
run_in_subprocesses (void)
{
  const char *languages[] = { NULL, "zh_CN" };
  g_autoptr(GError) error = NULL;
  g_autofree char *skip_file = NULL;
  int fd = g_file_open_tmp ("mc-test-db-errors-skip-XXXXXX", &skip_file, &error);

  g_assert_no_error (error);
  close (fd);
  g_setenv ("MC_TEST_SKIP_FILE", skip_file, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *why = NULL;

      if (languages[i] != NULL)
        g_setenv ("LANGUAGE", languages[i], TRUE);
      else
        g_unsetenv ("LANGUAGE");
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_unsetenv ("LANGUAGE");
      g_test_trap_assert_passed ();
      if (g_file_get_contents (skip_file, &why, NULL, NULL) && why[0] != '\0')
        {
          g_test_skip (why);
          break;
        }
    }
  g_unsetenv ("MC_TEST_SKIP_FILE");
  g_unlink (skip_file);
}

static void
skip (const char *why)
{
  g_assert_true (g_file_set_contents (g_getenv ("MC_TEST_SKIP_FILE"), why, -1, NULL));
}

/* Read-only cases: root writes to read-only files, so the child runs as nobody. */
static gboolean
become_nobody (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (geteuid () != 0)
    return TRUE;
  g_assert_cmpint (chown (dir, NOBODY, NOBODY), ==, 0);
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_assert_cmpint (chown (file, NOBODY, NOBODY), ==, 0);
    }
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  return setgid (NOBODY) == 0 && setuid (NOBODY) == 0;
}

/* ---- a full disk ----------------------------------------------------------------------- */

/* SQLite's page limit: the workspace may not grow by one page. */
static void
test_full_page_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McDb) db = NULL;

  if (!g_test_subprocess ())
    {
      run_in_subprocesses ();
      return;
    }
  mc_i18n_init ();
  dir = g_dir_make_tmp ("mc-test-db-errors-XXXXXX", &error);
  g_assert_no_error (error);
  make_workspace (dir);
  path = workspace_path (dir);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_exec (db, "PRAGMA max_page_count = 1", &error));

  g_assert_false (import_members (db, dir, 2000, &error));
  assert_message (error, full_en, full_zh, NULL);
  g_clear_error (&error);
  assert_intact (db);

  /* Room again: the same import goes through. */
  g_assert_true (mc_db_exec (db, "PRAGMA max_page_count = 1073741823", &error));
  g_assert_true (import_members (db, dir, 2000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (db), ==, N_MEMBERS + 2000);
  g_clear_object (&db);
  remove_tree (dir);
}

/* A file size limit (RLIMIT_FSIZE, as on a FAT disk or under a quota): the system refuses
 * the write with EFBIG. */
static void
test_full_file_size_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(McDb) db = NULL;
  struct rlimit limit = { 256 * 1024, RLIM_INFINITY };

  if (!g_test_subprocess ())
    {
      run_in_subprocesses ();
      return;
    }
  mc_i18n_init ();
  dir = g_dir_make_tmp ("mc-test-db-errors-XXXXXX", &error);
  g_assert_no_error (error);
  make_workspace (dir);
  path = workspace_path (dir);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);

  csv = write_members_csv (dir, 3000);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  limit.rlim_cur = 256 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (import_file (db, csv, &error));
  assert_message (error, limit_en, limit_zh, NULL);
  g_clear_error (&error);
  assert_intact (db);
  g_clear_object (&db);

  limit.rlim_cur = limit.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  assert_intact (db);
  g_clear_object (&db);
  remove_tree (dir);
}

/* A real full file system: a 2 MB tmpfs, in a mount namespace of the subprocess. */
static void
test_full_tmpfs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McDb) db = NULL;

  if (!g_test_subprocess ())
    {
      run_in_subprocesses ();
      return;
    }
  mc_i18n_init ();
  dir = g_dir_make_tmp ("mc-test-db-errors-XXXXXX", &error);
  g_assert_no_error (error);
  if (unshare (CLONE_NEWNS) != 0 ||
      mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=2m,mode=0700") != 0)
    {
      skip ("mounting a small tmpfs is not allowed here (needs root)");
      g_rmdir (dir);
      return;
    }
  make_workspace (dir);
  path = workspace_path (dir);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);

  {
    g_autofree char *csv_dir = g_dir_make_tmp ("mc-test-db-errors-csv-XXXXXX", &error);

    g_assert_no_error (error);
    g_assert_false (import_members (db, csv_dir, 8000, &error));
    assert_message (error, full_en, full_zh, NULL);
    g_clear_error (&error);
    g_rmdir (csv_dir);
  }
  assert_intact (db);
  g_clear_object (&db);
  /* Reopened, still whole. */
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  assert_intact (db);
  g_clear_object (&db);
  umount (dir);
  g_rmdir (dir);
}

/* ---- read-only ------------------------------------------------------------------------- */

/* A read-only workspace file: it opens and reads; a write says the file is read-only. */
static void
test_read_only_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(McMember) m = mc_member_new ();

  if (!g_test_subprocess ())
    {
      run_in_subprocesses ();
      return;
    }
  mc_i18n_init ();
  dir = g_dir_make_tmp ("mc-test-db-errors-XXXXXX", &error);
  g_assert_no_error (error);
  make_workspace (dir);
  path = workspace_path (dir);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  if (!become_nobody (dir))
    {
      skip ("cannot run as nobody");
      return;
    }

  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  assert_intact (db);
  m->name = g_strdup ("王五");
  m->phone = g_strdup ("13700001111");
  g_assert_false (mc_member_insert (db, m, &error));
  assert_message (error, file_en, file_zh, path);
  g_clear_error (&error);
  g_assert_false (import_members (db, dir, 10, &error));
  assert_message (error, file_en, file_zh, path);
  g_clear_error (&error);
  assert_intact (db);
  g_clear_object (&db);

  /* Writable again, it takes writes: the journal files the read-only open left behind
   * (read-only like the file then) do not keep it read-only. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (db), ==, N_MEMBERS + 1);
  g_clear_object (&db);
  remove_tree (dir);
}

/* A read-only folder: the workspace cannot keep its journal beside it. */
static void
test_read_only_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McDb) db = NULL;

  if (!g_test_subprocess ())
    {
      run_in_subprocesses ();
      return;
    }
  mc_i18n_init ();
  dir = g_dir_make_tmp ("mc-test-db-errors-XXXXXX", &error);
  g_assert_no_error (error);
  make_workspace (dir);
  path = workspace_path (dir);
  if (!become_nobody (dir))
    {
      skip ("cannot run as nobody");
      return;
    }
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  db = mc_db_open (path, &error);
  g_assert_null (db);
  assert_message (error, folder_en, folder_zh, dir);
  g_clear_error (&error);

  /* Writable again: it opens, with its members. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  assert_intact (db);
  g_clear_object (&db);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/db/errors/full/page-limit", test_full_page_limit);
  g_test_add_func ("/db/errors/full/file-size-limit", test_full_file_size_limit);
  g_test_add_func ("/db/errors/full/tmpfs", test_full_tmpfs);
  g_test_add_func ("/db/errors/read-only/file", test_read_only_file);
  g_test_add_func ("/db/errors/read-only/folder", test_read_only_folder);
  return g_test_run ();
}
