/* test-crash.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Crash safety: a child process runs orders, refunds, redemptions, tier evaluations and
 * imports on one workspace (mc-crash-child.c) and is killed with SIGKILL at a random
 * moment, hundreds of times. After each kill the workspace must pass PRAGMA
 * integrity_check, hold every operation the child logged as committed exactly once, and
 * keep every ledger balanced: a member's balance is the sum of its ledger and never went
 * below zero, imports are whole or absent, the change sequence never goes back.
 *
 * MC_CRASH_KILLS sets the number of kills (default 250, under a minute on an idle
 * machine); more for a longer run by hand:
 *   MC_CRASH_KILLS=2000 build/tests/test-crash -p /crash/kills --verbose
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include "mc-crash.h"

static void
test_crash_kills (void)
{
  mc_crash_kills (mc_crash_env_uint ("MC_CRASH_KILLS", 250), 0, NULL, NULL);
}

/* The checks themselves catch what they are for: a workspace with a broken ledger, a
 * lost operation and a half import is reported, line by line. */
static void
test_crash_checks_fail (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-test-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "workspace.mcdb", NULL);
  g_autofree char *log_path = g_build_filename (dir, "committed.log", NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  guint checked = 0;

  g_assert_no_error (error);
  mc_crash_set_up (path);
  g_assert_cmpint (mc_crash_child_main (path, log_path, 0, 42, 60, -1), ==, 0);
  mc_crash_check (path, log_path, problems, &checked);
  g_assert_cmpstr (problems->str, ==, "");
  g_assert_cmpuint (checked, >, 30);

  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (mc_db_exec (db,
      "UPDATE member SET points_balance = points_balance + 1 WHERE rowid = 1;"
      "DELETE FROM member WHERE phone = (SELECT max (phone) FROM member WHERE phone LIKE '+86138%');"
      "DELETE FROM audit_log WHERE action = 'tiers.evaluate';"
      "INSERT INTO audit_log (at, actor, role, action, entity_id) "
      "  SELECT 0, 'x', 'owner', 'order.refund', entity_id FROM audit_log WHERE action = 'order.refund'",
      &error));
    g_assert_no_error (error);
  }
  checked = 0;
  mc_crash_check (path, log_path, problems, &checked);
  g_test_message ("%s", problems->str);
  g_assert_nonnull (strstr (problems->str, "a points balance is not the sum of its ledger (1 times)\n"));
  g_assert_nonnull (strstr (problems->str, "a member import is in part (1 times)\n"));
  g_assert_nonnull (strstr (problems->str, "member import "));
  g_assert_nonnull (strstr (problems->str, " members (want 5)\n"));
  g_assert_nonnull (strstr (problems->str, "tier evaluation as of "));
  g_assert_nonnull (strstr (problems->str, " audit records (want 1 each)\n"));
  mc_crash_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/checks-fail", test_crash_checks_fail);
  g_test_add_func ("/crash/kills", test_crash_kills);
  return g_test_run ();
}
