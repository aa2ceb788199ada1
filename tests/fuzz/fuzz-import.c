/* fuzz-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: a CSV file imported into a workspace, as members or as orders. The
 * first byte picks the kind, the encoding and the options (dry run, skip bad rows); the
 * rest is the file. The workspace is a temporary one made once, with a live programme and
 * a few members for orders to name; each import runs inside an outer transaction that is
 * rolled back, so every input meets the same workspace. Whatever the file holds, the
 * import returns an error or a report whose counts add up, and never writes a row it
 * does not report.
 */
#define G_LOG_DOMAIN "mc-fuzz"

#include "config.h"

#include <stdint.h>

#include <glib/gstdio.h>

#include "mc-fuzz.h"
#include "mc-import.h"
#include "mc-member.h"
#include "mc-programme.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static McDb *db;
static char *csv_path;

static gint64
count (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autofree char *dir = g_dir_make_tmp ("mc-fuzz-import-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "workspace.mcdb", NULL);
  csv_path = g_build_filename (dir, "input.csv", NULL);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (db, &error));
  g_assert_true (mc_programme_install_live (db, programme, &error));
  g_assert_true (mc_db_commit (db, &error));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(McMember) m = mc_member_new ();

      m->name = g_strdup_printf ("会员%u", i);
      m->phone = g_strdup_printf ("1380000000%u", i);
      m->card_no = g_strdup_printf ("MC%08u", i + 1);
      g_assert_true (mc_member_insert (db, m, &error));
      g_assert_no_error (error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const McCsvEncoding encodings[] = {
    MC_CSV_ENCODING_AUTO, MC_CSV_ENCODING_UTF8, MC_CSV_ENCODING_GBK,
  };
  g_autoptr(GError) error = NULL;
  McImportOptions options = { 0 };
  McImportReport report = { 0 };
  McImportKind kind;
  gint64 members_before, orders_before;
  gboolean ok;

  if (size < 1)
    return 0;
  mc_fuzz_init ();
  if (db == NULL)
    set_up ();

  kind = data[0] & 1 ? MC_IMPORT_KIND_ORDERS : MC_IMPORT_KIND_MEMBERS;
  options.dry_run = (data[0] & 2) != 0;
  options.skip_invalid = (data[0] & 4) != 0;
  options.encoding = encodings[(data[0] >> 3) % G_N_ELEMENTS (encodings)];
  /* No fsync: thousands of inputs a second. */
  g_assert_true (g_file_set_contents_full (csv_path, (const char *) data + 1, (gssize) size - 1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, NULL));

  members_before = count ("SELECT count(*) FROM member");
  orders_before = count ("SELECT count(*) FROM orders");
  g_assert_true (mc_db_begin (db, &error));
  ok = mc_import_kind (db, kind, csv_path, &options, &report, NULL, NULL, NULL, &error);
  if (ok)
    {
      gint64 written = kind == MC_IMPORT_KIND_MEMBERS
                         ? count ("SELECT count(*) FROM member") - members_before
                         : count ("SELECT count(*) FROM orders") - orders_before;

      g_assert_no_error (error);
      g_assert_cmpuint (report.rows_valid, <=, report.rows_read);
      g_assert_cmpuint (report.rows_imported, <=, report.rows_valid);
      if (options.dry_run)
        g_assert_cmpuint (report.rows_imported, ==, 0);
      g_assert_cmpint (written, ==, report.rows_imported);
      {
        g_autoptr(JsonNode) node = mc_import_report_to_json (&report);

        g_assert_nonnull (node);
      }
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  mc_db_rollback (db);
  g_assert_cmpint (count ("SELECT count(*) FROM member"), ==, members_before);
  g_assert_cmpint (count ("SELECT count(*) FROM orders"), ==, orders_before);
  mc_import_report_clear (&report);
  return 0;
}
