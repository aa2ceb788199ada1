/* mc-crash-child.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The child of the crash-safety harness: the core's writing operations (order entry,
 * refunds, redemptions, tier evaluation, member and order imports) in a random mix, each
 * logged only after its commit returned; and what each logged line promises, checked.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mc-crash.h"
#include "mc-error.h"
#include "mc-import.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-tier.h"

/* Each child does at most this many operations, so a tag (child × this + n) is unique. */
#define OPS_PER_CHILD 1000
/* Tier evaluations are dated from this epoch plus their tag: unique, so the audit record
 * of each is found by its as_of. */
#define TIERS_EPOCH G_GINT64_CONSTANT (1700000000)

gint64
mc_crash_query_int (McDb       *db,
                    GString    *problems,
                    const char *format,
                    ...)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  if (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_string_append_printf (problems, "query failed: %s: %s\n", sql,
                            sqlite3_errmsg (mc_db_get_handle (db)));
  else
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A random live member's id, or NULL. */
static char *
random_member (McDb  *db,
               GRand *rand)
{
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;

  if (sqlite3_prepare_v2 (mc_db_get_handle (db),
                          "SELECT id FROM member WHERE deleted = 0 AND status = 'active' "
                          "ORDER BY rowid LIMIT 1 OFFSET ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int (stmt, 1, g_rand_int_range (rand, 0, MC_CRASH_MEMBERS));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return id;
}

/* ---- order entry ----------------------------------------------------------------------- */

static char *
run_order (McDb        *db,
           const char  *dir,
           guint64      tag,
           GRand       *rand,
           GError     **error)
{
  g_autofree char *member_id = random_member (db, rand);
  McOrderInput input = { 0 };
  McOrderResult result = { 0 };
  char *line;

  input.member_id = member_id;
  input.amount_fen = g_rand_int_range (rand, 100, 200000);
  input.at = mc_db_now () - g_rand_int_range (rand, 0, 86400 * 30);
  if (!mc_order_add (db, &input, &result, error))
    return NULL;
  line = g_strdup (result.order_id);
  mc_order_result_clear (&result);
  return line;
}

static gboolean
check_order (McDb       *db,
             const char *arg,
             GString    *problems)
{
  gint64 n = mc_crash_query_int (db, problems, "SELECT count(*) FROM orders WHERE id = '%s'", arg);
  gint64 audit = mc_crash_query_int (db, problems,
                                     "SELECT count(*) FROM audit_log WHERE action = 'order.add' "
                                     "AND entity_id = '%s'", arg);
  gint64 earned = mc_crash_query_int (db, problems,
                                      "SELECT count(*) FROM growth_ledger WHERE kind = 'order' "
                                      "AND ref_id = '%s'", arg);

  if (n != 1 || audit != 1 || earned != 1)
    {
      g_string_append_printf (problems, "order %s: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT
                              " audit records, %" G_GINT64_FORMAT " growth entries (want 1 each)\n",
                              arg, n, audit, earned);
      return FALSE;
    }
  return TRUE;
}

/* ---- refunds --------------------------------------------------------------------------- */

static char *
run_refund (McDb        *db,
            const char  *dir,
            guint64      tag,
            GRand       *rand,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *order_id = NULL;
  gint64 left = 0;
  McOrderResult result = { 0 };
  char *line;

  if (sqlite3_prepare_v2 (mc_db_get_handle (db),
                          "SELECT o.id, o.amount_fen + coalesce ((SELECT sum (r.amount_fen) FROM orders r "
                          "WHERE r.refund_of = o.id), 0) FROM orders o WHERE o.refund_of IS NULL "
                          "AND o.member_id IS NOT NULL ORDER BY o.seq DESC LIMIT 1 OFFSET ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int (stmt, 1, g_rand_int_range (rand, 0, 20));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      order_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      left = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (order_id == NULL || left <= 0)
    return NULL;

  if (!mc_order_refund (db, order_id, MIN (left, g_rand_int_range (rand, 100, 100000)), 0, &result, error))
    return NULL;
  line = g_strdup_printf ("%s %s", result.order_id, order_id);
  mc_order_result_clear (&result);
  return line;
}

static gboolean
check_refund (McDb       *db,
              const char *arg,
              GString    *problems)
{
  g_auto(GStrv) parts = g_strsplit (arg, " ", 2);
  gint64 n, audit;

  if (g_strv_length (parts) != 2)
    {
      g_string_append_printf (problems, "refund: a bad log line: %s\n", arg);
      return FALSE;
    }
  n = mc_crash_query_int (db, problems, "SELECT count(*) FROM orders WHERE id = '%s' AND refund_of = '%s'",
                          parts[0], parts[1]);
  audit = mc_crash_query_int (db, problems, "SELECT count(*) FROM audit_log WHERE action = 'order.refund' "
                              "AND entity_id = '%s'", parts[0]);
  if (n != 1 || audit != 1)
    {
      g_string_append_printf (problems, "refund %s of %s: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT
                              " audit records (want 1 each)\n", parts[0], parts[1], n, audit);
      return FALSE;
    }
  return TRUE;
}

/* ---- redemptions ----------------------------------------------------------------------- */

static char *
run_redeem (McDb        *db,
            const char  *dir,
            guint64      tag,
            GRand       *rand,
            GError     **error)
{
  g_autofree char *member_id = random_member (db, rand);
  g_autoptr(McMember) m = NULL;
  g_autofree char *reason = g_strdup_printf ("crash-%" G_GUINT64_FORMAT, tag);

  if (member_id == NULL || (m = mc_member_load (db, member_id, error)) == NULL)
    return NULL;
  /* Now and then more than the balance: refused, and nothing may change. */
  if (!mc_points_redeem (db, member_id, g_rand_int_range (rand, 1, (gint32) MAX (2, m->points_balance + 50)),
                         reason, error))
    return NULL;
  return g_steal_pointer (&reason);
}

static gboolean
check_redeem (McDb       *db,
              const char *arg,
              GString    *problems)
{
  gint64 n = mc_crash_query_int (db, problems, "SELECT count(*) FROM points_ledger WHERE kind = 'redeem' "
                                 "AND reason = '%s'", arg);

  if (n != 1)
    {
      g_string_append_printf (problems, "redemption %s: %" G_GINT64_FORMAT " entries (want 1)\n", arg, n);
      return FALSE;
    }
  return TRUE;
}

/* ---- tier evaluation ------------------------------------------------------------------- */

static char *
run_tiers (McDb        *db,
           const char  *dir,
           guint64      tag,
           GRand       *rand,
           GError     **error)
{
  McTierStats stats;
  gint64 as_of = TIERS_EPOCH + (gint64) tag;

  if (!mc_tiers_evaluate (db, as_of, &stats, error))
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, as_of);
}

static gboolean
check_tiers (McDb       *db,
             const char *arg,
             GString    *problems)
{
  gint64 n = mc_crash_query_int (db, problems, "SELECT count(*) FROM audit_log WHERE action = 'tiers.evaluate' "
                                 "AND json_extract (after, '$.as_of') = %s", arg);

  if (n != 1)
    {
      g_string_append_printf (problems, "tier evaluation as of %s: %" G_GINT64_FORMAT " records (want 1)\n",
                              arg, n);
      return FALSE;
    }
  return TRUE;
}

/* ---- imports --------------------------------------------------------------------------- */

static char *
write_csv (const char  *dir,
           const char  *kind,
           guint64      tag,
           const char  *text,
           GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s-%" G_GUINT64_FORMAT ".csv", kind, tag);
  char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents (path, text, -1, error))
    g_clear_pointer (&path, g_free);
  return path;
}

static gboolean
import_file (McDb         *db,
             McImportKind  kind,
             const char   *path,
             GError      **error)
{
  McImportOptions options = { 0 };
  McImportReport report = { 0 };
  gboolean ok;

  ok = mc_import_kind (db, kind, path, &options, &report, NULL, NULL, NULL, error);
  mc_import_report_clear (&report);
  g_unlink (path);
  return ok;
}

/* Imported members have the phones 138 + (tag × 5 + i), eight digits. */
static char *
run_import_members (McDb        *db,
                    const char  *dir,
                    guint64      tag,
                    GRand       *rand,
                    GError     **error)
{
  g_autoptr(GString) csv = g_string_new ("姓名,手机号,性别,备注\n");
  g_autofree char *path = NULL;

  for (guint i = 0; i < MC_CRASH_IMPORT_ROWS; i++)
    g_string_append_printf (csv, "导入%u,138%08" G_GUINT64_FORMAT ",%s,\"crash\nimport\"\n", i,
                            tag * MC_CRASH_IMPORT_ROWS + i, i % 2 ? "男" : "女");
  path = write_csv (dir, "members", tag, csv->str, error);
  if (path == NULL || !import_file (db, MC_IMPORT_KIND_MEMBERS, path, error))
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT, tag);
}

static gboolean
check_import_members (McDb       *db,
                      const char *arg,
                      GString    *problems)
{
  guint64 tag = g_ascii_strtoull (arg, NULL, 10);
  gint64 n = mc_crash_query_int (db, problems, "SELECT count(*) FROM member WHERE phone BETWEEN "
                                 "'+86138%08" G_GUINT64_FORMAT "' AND '+86138%08" G_GUINT64_FORMAT "'",
                                 tag * MC_CRASH_IMPORT_ROWS, tag * MC_CRASH_IMPORT_ROWS + MC_CRASH_IMPORT_ROWS - 1);

  if (n != MC_CRASH_IMPORT_ROWS)
    {
      g_string_append_printf (problems, "member import %s: %" G_GINT64_FORMAT " members (want %d)\n",
                              arg, n, MC_CRASH_IMPORT_ROWS);
      return FALSE;
    }
  return TRUE;
}

/* Imported orders have the notes imp-<tag>-<i>. */
static char *
run_import_orders (McDb        *db,
                   const char  *dir,
                   guint64      tag,
                   GRand       *rand,
                   GError     **error)
{
  g_autoptr(GString) csv = g_string_new ("phone,amount,time,note\n");
  g_autoptr(GDateTime) at = g_date_time_new_now (mc_db_get_time_zone (db));
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (at, -g_rand_int_range (rand, 1, 240));
  g_autofree char *when = g_date_time_format (earlier, "%Y-%m-%d %H:%M");
  g_autofree char *path = NULL;

  for (guint i = 0; i < MC_CRASH_IMPORT_ROWS; i++)
    g_string_append_printf (csv, "1390000%04d,%d.%02d,%s,imp-%" G_GUINT64_FORMAT "-%u\n",
                            g_rand_int_range (rand, 0, MC_CRASH_MEMBERS), g_rand_int_range (rand, 1, 3000),
                            g_rand_int_range (rand, 0, 100), when, tag, i);
  path = write_csv (dir, "orders", tag, csv->str, error);
  if (path == NULL || !import_file (db, MC_IMPORT_KIND_ORDERS, path, error))
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT, tag);
}

static gboolean
check_import_orders (McDb       *db,
                     const char *arg,
                     GString    *problems)
{
  gint64 n = mc_crash_query_int (db, problems, "SELECT count(*) FROM orders WHERE note LIKE 'imp-%s-%%'", arg);

  if (n != MC_CRASH_IMPORT_ROWS)
    {
      g_string_append_printf (problems, "order import %s: %" G_GINT64_FORMAT " orders (want %d)\n",
                              arg, n, MC_CRASH_IMPORT_ROWS);
      return FALSE;
    }
  return TRUE;
}

/* ---- the table ------------------------------------------------------------------------- */

const McCrashOp mc_crash_ops[] = {
  { "order", 8, run_order, check_order },
  { "refund", 3, run_refund, check_refund },
  { "redeem", 4, run_redeem, check_redeem },
  { "tiers", 1, run_tiers, check_tiers },
  { "import-members", 2, run_import_members, check_import_members },
  { "import-orders", 2, run_import_orders, check_import_orders },
  { NULL }
};

/* The sync operation (mc-crash-sync.c) when the test runs one: not in the table, as the
 * harness without a server links no sync client. */
const McCrashOp *mc_crash_extra_op = NULL;

void
mc_crash_set_up (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (path, &error);
  g_autoptr(McProgramme) programme = mc_programme_new_default ();

  g_assert_no_error (error);
  g_assert_true (mc_db_begin (db, &error));
  g_assert_true (mc_programme_install_live (db, programme, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_commit (db, &error));
  for (guint i = 0; i < MC_CRASH_MEMBERS; i++)
    {
      g_autoptr(McMember) m = mc_member_new ();

      m->name = g_strdup_printf ("会员%u", i);
      m->phone = g_strdup_printf ("1390000%04u", i);
      g_assert_true (mc_member_insert (db, m, &error));
      g_assert_no_error (error);
    }
}

static const McCrashOp *
pick (GRand *rand)
{
  guint total = 0, r;

  for (const McCrashOp *op = mc_crash_ops; op->name != NULL; op++)
    total += op->weight;
  if (mc_crash_extra_op != NULL)
    total += mc_crash_extra_op->weight;
  r = (guint) g_rand_int_range (rand, 0, (gint32) total);
  for (const McCrashOp *op = mc_crash_ops; op->name != NULL; op++)
    {
      if (r < op->weight)
        return op;
      r -= op->weight;
    }
  g_assert_nonnull (mc_crash_extra_op);
  return mc_crash_extra_op;
}

/* One write(2) per line, after the commit: a kill leaves whole lines or none. */
static gboolean
log_line (int         fd,
          const char *name,
          const char *arg)
{
  g_autofree char *line = g_strdup_printf ("%s %s\n", name, arg);
  size_t len = strlen (line);

  return write (fd, line, len) == (ssize_t) len;
}

int
mc_crash_child_main (const char *path,
                     const char *log_path,
                     guint       child_index,
                     guint32     seed,
                     guint       n_ops,
                     int         ready_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_printerr ("crash child: cannot open %s: %s\n", log_path, g_strerror (errno));
      return 2;
    }
  db = mc_db_open (path, &error);
  if (db == NULL)
    {
      g_printerr ("crash child: %s\n", error->message);
      return 2;
    }
  if (ready_fd >= 0 && (write (ready_fd, "r", 1) != 1 || close (ready_fd) != 0))
    return 2;
  for (guint n = 0; n < OPS_PER_CHILD && (n_ops == 0 || n < n_ops); n++)
    {
      const McCrashOp *op = pick (rand);
      guint64 tag = (guint64) child_index * OPS_PER_CHILD + n;
      g_autofree char *arg = op->run (db, dir, tag, rand, &error);

      if (arg != NULL && !log_line (fd, op->name, arg))
        return 2;
      /* Refused operations (a redemption over the balance, a refund of a refunded order)
       * are part of the mix; anything else is a failure of the child. */
      if (error != NULL && !g_error_matches (error, MC_ERROR, MC_ERROR_INVALID) &&
          !g_error_matches (error, MC_ERROR, MC_ERROR_INSUFFICIENT))
        {
          g_printerr ("crash child: %s: %s\n", op->name, error->message);
          return 3;
        }
      g_clear_error (&error);
    }
  close (fd);
  return 0;
}
