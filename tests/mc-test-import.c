/* mc-test-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What test-import, test-import-big and test-export share: a workspace in a temporary
 * folder, files in it, and the import as the tests call it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gstdio.h>

#include "mc-store.h"
#include "mc-validate.h"

#include "mc-test-import.h"

/* ------------------------------------------------------------------------------------ */
/* A workspace in a temporary folder                                                    */

Workspace *
workspace_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Workspace *ws = g_new0 (Workspace, 1);

  ws->dir = g_dir_make_tmp ("mc-test-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (ws->dir, "workspace.db", NULL);
  ws->db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ws->db);
  return ws;
}

void
workspace_free (Workspace *ws)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&ws->db);
  dir = g_dir_open (ws->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ws->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (ws->dir);
  g_free (ws->dir);
  g_free (ws);
}

char *
write_file (Workspace  *ws,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (ws->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

gint64
count_members (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  gint64 n = mc_member_count (ws->db, &error);

  g_assert_no_error (error);
  return n;
}

gint64
count_rows (Workspace  *ws,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (ws->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

McMember *
find_member (Workspace  *ws,
             const char *ref)
{
  g_autoptr(GError) error = NULL;
  McMember *member = mc_member_find (ws->db, ref, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  return member;
}

gboolean
import_members (Workspace       *ws,
                const char      *path,
                gboolean         dry_run,
                gboolean         skip_invalid,
                McImportReport  *report,
                GError         **error)
{
  McImportOptions options = { MC_CSV_ENCODING_AUTO, dry_run, skip_invalid };
  gboolean ok = mc_import_members (ws->db, path, &options, report, NULL, NULL, NULL, error);

  if (!ok && error != NULL && *error != NULL && g_test_verbose ())
    g_test_message ("import members: %s", (*error)->message);
  return ok;
}

gboolean
import_orders (Workspace       *ws,
               const char      *path,
               gboolean         dry_run,
               gboolean         skip_invalid,
               McImportReport  *report,
               GError         **error)
{
  McImportOptions options = { MC_CSV_ENCODING_AUTO, dry_run, skip_invalid };

  return mc_import_orders (ws->db, path, &options, report, NULL, NULL, NULL, error);
}

const McImportProblem *
find_problem (GPtrArray  *problems,
              guint       line,
              const char *column)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const McImportProblem *p = g_ptr_array_index (problems, i);

      if (p->line == line && g_strcmp0 (p->column, column) == 0)
        return p;
    }
  g_test_message ("no problem at line %u, column %s", line, column);
  g_assert_not_reached ();
  return NULL;
}

char *
tags_of (Workspace      *ws,
         const McMember *member)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = mc_tag_list_for_member (ws->db, member->id, &error);

  g_assert_no_error (error);
  return g_strjoinv (";", tags);
}

/* The message a validator gives for text: what the import must report as the reason. */
char *
phone_message (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = NULL;

  g_assert_false (mc_validate_phone (text, &e164, &error));
  return g_strdup (error->message);
}
