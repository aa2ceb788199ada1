/* mc-crash-harness.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The crash-safety harness shared by test-crash and test-crash-sync: the checks after a kill
 * (integrity, the invariants, each logged line) and the loop that forks a child, kills it
 * at a random moment and checks the workspace, hundreds of times.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mc-crash.h"

/* ---- what must hold after any kill ----------------------------------------------------- */

static const struct
{
  const char *what;
  const char *sql;     /* counts the rows that break it */
} invariants[] = {
  { "a points balance is not the sum of its ledger",
    "SELECT count(*) FROM member m WHERE m.points_balance != "
    "(SELECT coalesce (sum (delta), 0) FROM points_ledger p WHERE p.member_id = m.id)" },
  { "a growth value is not the sum of its ledger",
    "SELECT count(*) FROM member m WHERE m.growth != "
    "(SELECT coalesce (sum (delta), 0) FROM growth_ledger g WHERE g.member_id = m.id)" },
  { "a points balance is negative",
    "SELECT count(*) FROM member WHERE points_balance < 0" },
  { "a points ledger went below zero on the way",
    "SELECT count(*) FROM (SELECT sum (delta) OVER (PARTITION BY member_id ORDER BY seq) AS run "
    "FROM points_ledger) WHERE run < 0" },
  { "a member's spend is not the sum of its orders",
    "SELECT count(*) FROM member m WHERE m.spend_fen != "
    "(SELECT coalesce (sum (amount_fen), 0) FROM orders o WHERE o.member_id = m.id)" },
  { "a member's order count is not its number of sales",
    "SELECT count(*) FROM member m WHERE m.orders_count != "
    "(SELECT count(*) FROM orders o WHERE o.member_id = m.id AND o.refund_of IS NULL)" },
  { "an order was refunded more than its amount",
    "SELECT count(*) FROM orders o WHERE o.refund_of IS NULL AND o.amount_fen + "
    "(SELECT coalesce (sum (r.amount_fen), 0) FROM orders r WHERE r.refund_of = o.id) < 0" },
  { "an order entered by hand has no audit record, or two",
    "SELECT count(*) FROM orders o WHERE (o.note IS NULL OR o.note NOT LIKE 'imp-%') AND "
    "(SELECT count(*) FROM audit_log a WHERE a.entity_id = o.id) != 1" },
  { "a member's sale earned no growth entry, or two",
    "SELECT count(*) FROM orders o WHERE o.member_id IS NOT NULL AND o.refund_of IS NULL AND "
    "(SELECT count(*) FROM growth_ledger g WHERE g.member_id = o.member_id AND g.ref_id = o.id "
    "AND g.kind = 'order') != 1" },
  { "a member import is in part",
    "SELECT count(*) FROM (SELECT count(*) AS n FROM member WHERE phone LIKE '+86138%' "
    "GROUP BY CAST (substr (phone, 7) AS INTEGER) / " G_STRINGIFY (MC_CRASH_IMPORT_ROWS) ") "
    "WHERE n != " G_STRINGIFY (MC_CRASH_IMPORT_ROWS) },
  { "an order import is in part",
    "SELECT count(*) FROM (SELECT count(*) AS n FROM orders WHERE note LIKE 'imp-%' "
    "GROUP BY substr (note, 1, length (note) - 2)) WHERE n != " G_STRINGIFY (MC_CRASH_IMPORT_ROWS) },
  { "the change sequence went back (a row has a seq above the stored one)",
    "SELECT count(*) FROM (SELECT max (seq) AS s FROM (SELECT seq FROM member UNION ALL "
    "SELECT seq FROM orders UNION ALL SELECT seq FROM points_ledger UNION ALL "
    "SELECT seq FROM growth_ledger)) WHERE s > (SELECT CAST (value AS INTEGER) FROM meta "
    "WHERE key = 'seq')" },
};

static void
check_integrity (McDb    *db,
                 GString *problems)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (mc_db_get_handle (db), "PRAGMA integrity_check", -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *row = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (row, "ok") != 0)
        g_string_append_printf (problems, "integrity_check: %s\n", row);
    }
  sqlite3_finalize (stmt);
  if (mc_crash_query_int (db, problems, "SELECT count(*) FROM pragma_foreign_key_check") != 0)
    g_string_append (problems, "foreign_key_check: a reference points nowhere\n");
}

/* Checks lines [first, end) of the log; returns how many there are in all. */
static guint
check_log (McDb       *db,
           const char *log_path,
           guint       first,
           GString    *problems)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (log_path, &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  /* The last element follows the last newline: empty, as the child writes whole lines. */
  for (; lines[n] != NULL && lines[n + 1] != NULL; n++)
    {
      const char *space = strchr (lines[n], ' ');
      g_autofree char *name = NULL;
      const McCrashOp *op;

      if (n < first)
        continue;
      if (space == NULL)
        {
          g_string_append_printf (problems, "log line %u is bad: %s\n", n + 1, lines[n]);
          continue;
        }
      name = g_strndup (lines[n], space - lines[n]);
      for (op = mc_crash_ops; op->name != NULL && !g_str_equal (op->name, name); op++)
        ;
      if (op->name == NULL && mc_crash_extra_op != NULL && g_str_equal (mc_crash_extra_op->name, name))
        op = mc_crash_extra_op;
      if (op->name == NULL)
        g_string_append_printf (problems, "log line %u names no operation: %s\n", n + 1, lines[n]);
      else
        op->check (db, space + 1, problems);
    }
  if (lines[n] != NULL && lines[n][0] != '\0')
    g_string_append_printf (problems, "the log ends in half a line: %s\n", lines[n]);
  return n;
}

void
mc_crash_check (const char *path,
                const char *log_path,
                GString    *problems,
                guint      *n_checked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (path, &error);
  guint first = *n_checked;

  if (db == NULL)
    {
      g_string_append_printf (problems, "the workspace does not open: %s\n", error->message);
      return;
    }
  check_integrity (db, problems);
  for (guint i = 0; i < G_N_ELEMENTS (invariants); i++)
    {
      gint64 n = mc_crash_query_int (db, problems, "%s", invariants[i].sql);

      if (n != 0)
        g_string_append_printf (problems, "%s (%" G_GINT64_FORMAT " times)\n", invariants[i].what, n);
    }
  *n_checked = check_log (db, log_path, first, problems);
}

/* ---- the harness ----------------------------------------------------------------------- */

guint
mc_crash_env_uint (const char *name,
                   guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

void
mc_crash_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

gboolean mc_crash_exec_children = FALSE;

int
mc_crash_child_main_from_args (int    argc,
                               char **argv)
{
  if (argc != 7 || g_strcmp0 (argv[1], "--crash-child") != 0)
    return 2;
  return mc_crash_child_main (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10),
                              (guint32) g_ascii_strtoull (argv[5], NULL, 10), 0, atoi (argv[6]));
}

/* Waits up to ten seconds for the child's byte on fd; returns whether it came. */
static gboolean
wait_ready (int fd)
{
  struct pollfd p = { fd, POLLIN, 0 };
  char byte;

  return poll (&p, 1, 10000) == 1 && read (fd, &byte, 1) == 1;
}

void
mc_crash_kills (guint        kills,
                guint        long_span_ms,
                McCrashHook  after_kill,
                gpointer     user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-test-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "workspace.mcdb", NULL);
  g_autofree char *log_path = g_build_filename (dir, "committed.log", NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  guint killed = 0, finished = 0, checked = 0, at_start = 0, total_lines = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 working_us = 0;

  g_assert_no_error (error);
  mc_crash_set_up (path);
  if (after_kill != NULL)
    after_kill (path, 0, FALSE, problems, user_data);
  if (problems->len > 0)
    g_error ("before the first kill:\n%s", problems->str);

  for (guint i = 0; i < kills; i++)
    {
      guint32 seed = (guint32) g_test_rand_int ();
      /* One kill in ten while the child opens the workspace (recovery after the last
       * kill); the others while it works, after a random time that holds about one and a
       * half operations on average, measured as the run goes (a loaded machine or a
       * sanitizer build is slower: the kills keep landing inside operations). */
      gboolean during_open = g_test_rand_int_range (0, 10) == 0;
      gint64 per_op_us = i - at_start >= 5 ? working_us / MAX (total_lines, 1) : 30000;
      gint64 span_us = during_open ? 20000 : CLAMP (3 * per_op_us, 2000, 5 * G_USEC_PER_SEC);
      /* With a slow operation in the mix (a sync), one kill in four waits longer, so that
       * it finishes now and then too. */
      if (long_span_ms > 0 && !during_open && g_test_rand_int_range (0, 4) == 0)
        span_us = (gint64) long_span_ms * 1000;
      guint delay_us = (guint) g_test_rand_int_range (0, (gint32) span_us);
      int status = 0;
      int fds[2];
      pid_t pid;
      gint64 ready_at;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          if (mc_crash_exec_children)
            {
              char index_arg[16], seed_arg[16], fd_arg[16];

              g_snprintf (index_arg, sizeof index_arg, "%u", i);
              g_snprintf (seed_arg, sizeof seed_arg, "%u", seed);
              g_snprintf (fd_arg, sizeof fd_arg, "%d", fds[1]);
              execl ("/proc/self/exe", "/proc/self/exe", "--crash-child", path, log_path, index_arg, seed_arg,
                     fd_arg, (char *) NULL);
              _exit (4);
            }
          _exit (mc_crash_child_main (path, log_path, i, seed, 0, fds[1]));
        }
      close (fds[1]);
      if (!during_open && !wait_ready (fds[0]))
        g_error ("child %u (seed %u) did not open the workspace", i, seed);
      ready_at = g_get_monotonic_time ();
      g_usleep (delay_us);
      kill (pid, SIGKILL);
      if (!during_open)
        working_us += g_get_monotonic_time () - ready_at;
      close (fds[0]);
      while (waitpid (pid, &status, 0) < 0)
        g_assert_cmpint (errno, ==, EINTR);
      if (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
        killed++;
      else if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
        finished++;
      else
        g_error ("child %u (seed %u) failed: status %d", i, seed, status);
      at_start += during_open;

      /* The new lines after every kill, all of them now and then and at the end: a later
       * crash must not lose what an earlier child committed. */
      if (i % 25 == 24 || i + 1 == kills)
        checked = 0;
      mc_crash_check (path, log_path, problems, &checked);
      total_lines = checked;
      if (after_kill != NULL)
        after_kill (path, i + 1, i % 25 == 24 || i + 1 == kills, problems, user_data);
      if (problems->len > 0)
        g_error ("after kill %u (seed %u, %u µs):\n%s", i + 1, seed, delay_us, problems->str);
    }

  g_test_message ("%u children killed (%u of them while opening), %u finished on their own; "
                  "%u committed operations checked; %.1f ms per operation; %.1f s",
                  killed, at_start, finished, total_lines, total_lines > 0 ? working_us / 1000.0 / total_lines : 0.0,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    g_assert_no_error (error);
    g_test_message ("the workspace holds %" G_GINT64_FORMAT " orders, %" G_GINT64_FORMAT
                    " points entries, %" G_GINT64_FORMAT " members",
                    mc_crash_query_int (db, problems, "SELECT count(*) FROM orders"),
                    mc_crash_query_int (db, problems, "SELECT count(*) FROM points_ledger"),
                    mc_crash_query_int (db, problems, "SELECT count(*) FROM member"));
  }
  /* Most children must die mid-work, and the work must have been real: about one and a
   * half commits per kill while working. */
  g_assert_cmpuint (killed, >=, kills * 3 / 4);
  g_assert_cmpuint (total_lines, >=, (kills - at_start) / 2);
  mc_crash_remove_dir (dir);
}
