/* test-sync-schedule.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI's continuous sync without a display or a server: the scheduler's timing (a run
 * when turned on, every interval after a run ends, one run after a burst of local changes,
 * never two at once) on a GLib main loop, and the sync settings kept in the workspace.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-sync-refused.h"
#include "mc-sync-scheduler.h"
#include "mc-sync-settings.h"

typedef struct
{
  McSyncScheduler *scheduler;
  guint            runs;
  gint64           started[16];  /* monotonic µs of each run */
  gboolean         finish_at_once;
} Counter;

static void
run_cb (McSyncScheduler *scheduler,
        Counter         *c)
{
  if (c->runs < G_N_ELEMENTS (c->started))
    c->started[c->runs] = g_get_monotonic_time ();
  c->runs++;
  if (c->finish_at_once)
    mc_sync_scheduler_run_finished (scheduler);
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context for ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
counter_init (Counter  *c,
              gboolean  finish_at_once)
{
  memset (c, 0, sizeof *c);
  c->scheduler = mc_sync_scheduler_new ();
  c->finish_at_once = finish_at_once;
  g_signal_connect (c->scheduler, "run", G_CALLBACK (run_cb), c);
}

static void
test_start_and_period (void)
{
  Counter c;

  counter_init (&c, TRUE);
  mc_sync_scheduler_set_interval (c.scheduler, 100);
  /* Off: no timer runs. */
  spin (250);
  g_assert_cmpuint (c.runs, ==, 0);

  /* On: a run at once (the console starts), then one every 100 ms. */
  mc_sync_scheduler_set_enabled (c.scheduler, TRUE);
  g_assert_cmpuint (c.runs, ==, 1);
  /* Three more runs come, each at least 100 ms after the one before (a loaded machine may
   * be late, never early). */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (c.runs < 4 && g_get_monotonic_time () < end)
      spin (20);
  }
  g_assert_cmpuint (c.runs, >=, 4);
  for (guint i = 1; i < c.runs && i < G_N_ELEMENTS (c.started); i++)
    g_assert_cmpint (c.started[i] - c.started[i - 1], >=, 100 * 1000);

  /* Off again: the timer stops. */
  mc_sync_scheduler_set_enabled (c.scheduler, FALSE);
  {
    guint before = c.runs;

    spin (300);
    g_assert_cmpuint (c.runs, ==, before);
  }
  g_object_unref (c.scheduler);
}

static void
test_debounce (void)
{
  Counter c;
  gint64 last_change;

  counter_init (&c, TRUE);
  mc_sync_scheduler_set_interval (c.scheduler, 60 * 1000);
  mc_sync_scheduler_set_debounce (c.scheduler, 150);

  /* Local changes while continuous mode is off start nothing. */
  mc_sync_scheduler_local_change (c.scheduler);
  spin (250);
  g_assert_cmpuint (c.runs, ==, 0);

  mc_sync_scheduler_set_enabled (c.scheduler, TRUE);
  g_assert_cmpuint (c.runs, ==, 1);

  /* Five changes 50 ms apart: one run, 150 ms after the last one. */
  for (guint i = 0; i < 5; i++)
    {
      mc_sync_scheduler_local_change (c.scheduler);
      last_change = g_get_monotonic_time ();
      spin (50);
    }
  g_assert_cmpuint (c.runs, ==, 1);
  spin (300);
  g_assert_cmpuint (c.runs, ==, 2);
  g_assert_cmpint (c.started[1] - last_change, >=, 150 * 1000);

  /* Quiet afterwards: the 60 s period is far away. */
  spin (300);
  g_assert_cmpuint (c.runs, ==, 2);
  g_object_unref (c.scheduler);
}

static void
test_never_two_at_once (void)
{
  Counter c;

  counter_init (&c, FALSE);
  mc_sync_scheduler_set_interval (c.scheduler, 50);
  mc_sync_scheduler_set_debounce (c.scheduler, 10);
  mc_sync_scheduler_set_enabled (c.scheduler, TRUE);
  g_assert_cmpuint (c.runs, ==, 1);
  g_assert_true (mc_sync_scheduler_is_running (c.scheduler));

  /* The run takes long: no period, no second run, however many requests. */
  mc_sync_scheduler_request (c.scheduler);
  mc_sync_scheduler_local_change (c.scheduler);
  mc_sync_scheduler_request (c.scheduler);
  spin (200);
  g_assert_cmpuint (c.runs, ==, 1);

  /* It ends: exactly one more run for everything asked meanwhile. */
  mc_sync_scheduler_run_finished (c.scheduler);
  g_assert_cmpuint (c.runs, ==, 2);
  g_assert_true (mc_sync_scheduler_is_running (c.scheduler));
  mc_sync_scheduler_run_finished (c.scheduler);
  g_assert_false (mc_sync_scheduler_is_running (c.scheduler));

  /* Nothing pending: the next is the period's, 50 ms or more later. */
  {
    gint64 finished = g_get_monotonic_time ();
    gint64 end = finished + 10 * G_USEC_PER_SEC;

    while (c.runs < 3 && g_get_monotonic_time () < end)
      spin (10);
    g_assert_cmpuint (c.runs, ==, 3);
    g_assert_cmpint (c.started[2] - finished, >=, 50 * 1000);
  }

  /* A manual run works with continuous mode off too. */
  mc_sync_scheduler_run_finished (c.scheduler);
  mc_sync_scheduler_set_enabled (c.scheduler, FALSE);
  mc_sync_scheduler_request (c.scheduler);
  g_assert_cmpuint (c.runs, ==, 4);
  mc_sync_scheduler_run_finished (c.scheduler);
  spin (150);
  g_assert_cmpuint (c.runs, ==, 4);

  /* Reset (the workspace closes) drops the timers. */
  mc_sync_scheduler_set_enabled (c.scheduler, TRUE);
  mc_sync_scheduler_run_finished (c.scheduler);
  mc_sync_scheduler_local_change (c.scheduler);
  mc_sync_scheduler_reset (c.scheduler);
  spin (150);
  g_assert_cmpuint (c.runs, ==, 5);
  g_object_unref (c.scheduler);
}

static McDb *
open_temp (char **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  McDb *db;

  *dir = g_dir_make_tmp ("mc-test-sync-schedule-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "workspace.mcdb", NULL);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  return db;
}

static void
remove_temp (char *dir)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (dir, "/workspace.mcdb", suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
  g_free (dir);
}

static void
test_settings (void)
{
  char *dir = NULL;
  McDb *db = open_temp (&dir);
  McSyncSettings s = { 0 };
  McSyncSettings bad = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autofree char *password = NULL;

  /* A new workspace: not set up, every 15 minutes, not continuous. */
  g_assert_true (mc_sync_settings_load (db, &s, &error));
  g_assert_no_error (error);
  g_assert_null (s.url);
  g_assert_null (s.user);
  g_assert_cmpuint (s.interval_minutes, ==, 15);
  g_assert_false (s.continuous);

  s.url = g_strdup ("https://sync.example.com/members");
  s.user = g_strdup ("store-12");
  s.interval_minutes = 5;
  s.continuous = TRUE;
  g_assert_true (mc_sync_settings_save (db, &s, &error));
  g_assert_no_error (error);
  mc_sync_settings_clear (&s);
  g_assert_true (mc_sync_settings_load (db, &s, &error));
  g_assert_cmpstr (s.url, ==, "https://sync.example.com/members");
  g_assert_cmpstr (s.user, ==, "store-12");
  g_assert_null (s.ca_file);
  g_assert_cmpuint (s.interval_minutes, ==, 5);
  g_assert_true (s.continuous);

  /* Refused, nothing saved: a password in the URL, no database, a missing CA file, a bad
   * scheme, an interval out of range. */
  bad.interval_minutes = 5;
  bad.url = g_strdup ("https://store-12:secret@sync.example.com/members");
  g_assert_false (mc_sync_settings_save (db, &bad, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Put the user name and the password in their own fields, not in the server address.");
  g_clear_error (&error);
  g_free (bad.url);
  bad.url = g_strdup ("https://sync.example.com/");
  g_assert_false (mc_sync_settings_save (db, &bad, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad.url);
  bad.url = g_strdup ("ftp://sync.example.com/members");
  g_assert_false (mc_sync_settings_save (db, &bad, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_free (bad.url);
  bad.url = g_strdup ("https://sync.example.com/members");
  bad.ca_file = g_strdup ("/nonexistent/ca.pem");
  g_assert_false (mc_sync_settings_save (db, &bad, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&bad.ca_file, g_free);
  bad.interval_minutes = 0;
  g_assert_false (mc_sync_settings_save (db, &bad, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  mc_sync_settings_clear (&bad);
  mc_sync_settings_clear (&s);
  g_assert_true (mc_sync_settings_load (db, &s, &error));
  g_assert_cmpstr (s.url, ==, "https://sync.example.com/members");
  g_assert_cmpuint (s.interval_minutes, ==, 5);

  /* No password anywhere in the workspace's meta. */
  g_assert_true (mc_db_get_meta (db, "sync_password", &password, &error));
  g_assert_null (password);

  /* Turning sync off: an empty URL. */
  g_clear_pointer (&s.url, g_free);
  g_assert_true (mc_sync_settings_save (db, &s, &error));
  mc_sync_settings_clear (&s);
  g_assert_true (mc_sync_settings_load (db, &s, &error));
  g_assert_null (s.url);
  mc_sync_settings_clear (&s);

  /* Refusals: the server's, newest first; the local ones are not listed. */
  g_assert_true (mc_db_exec (db,
    "INSERT INTO sync_rejected (doc_id, rev, error, reason, at) VALUES "
    "('member:a', '2-aa', 'forbidden', 'read only', 100), "
    "('member:b', '3-bb', 'conflict', NULL, 200), "
    "('member:c', '1-cc', 'local', 'bad row', 300)", &error));
  g_assert_no_error (error);
  refused = mc_sync_refused_list (db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refused->len, ==, 2);
  g_assert_cmpstr (((McSyncRefused *) refused->pdata[0])->doc_id, ==, "member:b");
  g_assert_false (mc_sync_refused_is_permission (refused->pdata[0]));
  g_assert_cmpstr (((McSyncRefused *) refused->pdata[1])->reason, ==, "read only");
  g_assert_true (mc_sync_refused_is_permission (refused->pdata[1]));

  g_object_unref (db);
  remove_temp (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-schedule/start-and-period", test_start_and_period);
  g_test_add_func ("/sync-schedule/debounce", test_debounce);
  g_test_add_func ("/sync-schedule/never-two-at-once", test_never_two_at_once);
  g_test_add_func ("/sync-schedule/settings", test_settings);
  return g_test_run ();
}
