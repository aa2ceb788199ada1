/* test-backup-scheduler.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's automatic backups: the scheduler backs up the last opened workspace by the
 * backup-* settings, in a worker thread, and does not ask for a role that may not back
 * up or when turned off. No display needed.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "mc-backup-auto.h"
#include "mc-backup-scheduler.h"
#include "mc-db.h"
#include "mc-programme.h"

typedef struct
{
  GMainLoop *loop;
  char      *path;
  gboolean   done;
  char      *failure;
} Waiter;

static void
done_cb (McBackupScheduler *scheduler,
         const char        *path,
         Waiter            *w)
{
  w->done = TRUE;
  w->path = g_strdup (path);
  g_main_loop_quit (w->loop);
}

static void
failed_cb (McBackupScheduler *scheduler,
           const char        *message,
           Waiter            *w)
{
  w->failure = g_strdup (message);
  g_main_loop_quit (w->loop);
}

static gboolean
timeout_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static guint
count_backups (const char *dir,
               const char *workspace)
{
  g_autoptr(GPtrArray) list = mc_backup_auto_list (dir, workspace, NULL);

  return list->len;
}

static void
test_scheduler (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-test-scheduler-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shop.mcdb", NULL);
  g_autofree char *backups = g_build_filename (dir, "kept", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(McBackupScheduler) scheduler = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  Waiter w = { 0 };
  guint timeout;

  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (mc_db_begin (db, &error));
    g_assert_true (mc_programme_install_live (db, programme, &error));
    g_assert_true (mc_db_commit (db, &error));
  }
  g_assert_true (g_settings_get_boolean (settings, "backup-auto"));
  g_settings_set_string (settings, "last-workspace", path);
  g_settings_set_string (settings, "backup-folder", backups);
  g_settings_set_int (settings, "backup-keep", 2);

  w.loop = g_main_loop_new (NULL, FALSE);
  scheduler = mc_backup_scheduler_new (settings, NULL);
  g_signal_connect (scheduler, "done", G_CALLBACK (done_cb), &w);
  g_signal_connect (scheduler, "failed", G_CALLBACK (failed_cb), &w);

  mc_backup_scheduler_check_now (scheduler);
  timeout = g_timeout_add_seconds (30, timeout_cb, w.loop);
  g_main_loop_run (w.loop);
  g_source_remove (timeout);
  g_assert_null (w.failure);
  g_assert_true (w.done);
  g_assert_nonnull (w.path);
  g_assert_true (g_str_has_prefix (w.path, backups));
  g_assert_cmpuint (count_backups (backups, path), ==, 1);

  /* Within the interval: asked, nothing written. */
  w.done = FALSE;
  g_clear_pointer (&w.path, g_free);
  mc_backup_scheduler_check_now (scheduler);
  timeout = g_timeout_add_seconds (30, timeout_cb, w.loop);
  g_main_loop_run (w.loop);
  g_source_remove (timeout);
  g_assert_true (w.done);
  g_assert_null (w.path);
  g_assert_cmpuint (count_backups (backups, path), ==, 1);

  /* An analyst, or automatic backups off: not even asked. */
  g_settings_set_string (settings, "role", "analyst");
  mc_backup_scheduler_check_now (scheduler);
  g_settings_set_string (settings, "role", "owner");
  g_settings_set_boolean (settings, "backup-auto", FALSE);
  mc_backup_scheduler_check_now (scheduler);
  w.done = FALSE;
  timeout = g_timeout_add (300, timeout_cb, w.loop);
  g_main_loop_run (w.loop);
  g_assert_false (w.done);
  g_assert_cmpuint (count_backups (backups, path), ==, 1);

  g_clear_object (&scheduler);
  g_main_loop_unref (w.loop);
  g_free (w.path);
  {
    g_autoptr(GPtrArray) list = mc_backup_auto_list (backups, path, NULL);
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < list->len; i++)
      g_unlink (g_ptr_array_index (list, i));
    g_rmdir (backups);
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

        g_unlink (p);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup-scheduler/due-and-not", test_scheduler);
  return g_test_run ();
}
