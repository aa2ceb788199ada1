/* mc-simulate-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members a draft would downgrade: a list with card number and name, and its CSV.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-csv.h"
#include "mc-error.h"
#include "mc-simulate-private.h"

void
mc_simulate_downgrade_free (McSimulateDowngrade *row)
{
  if (row == NULL)
    return;
  g_free (row->member_id);
  g_free (row->card_no);
  g_free (row->name);
  g_free (row->from_tier);
  g_free (row->to_tier);
  g_free (row);
}

/* The value the tiers of to were decided on: to's metric over to's window, growth with
 * to's growth rates. */
static gint64
value_for_result (const McSimulateMember *m,
                  McSimulateResult       *to)
{
  int w = (int) to->window;

  switch (to->metric)
    {
    case MC_TIER_METRIC_SPEND:       return m->revenue_fen[w];
    case MC_TIER_METRIC_ORDERS:      return m->orders[w];
    case MC_TIER_METRIC_ACTIVE_DAYS: return m->active_days[w];
    case MC_TIER_METRIC_GROWTH:
    case MC_N_TIER_METRICS:
    default:
      return m->growth[w] + to->growth_per_yuan_delta * m->whole_yuan[w] +
             to->growth_per_order_delta * m->orders[w];
    }
}

GPtrArray *
mc_simulate_downgraded (McDb               *db,
                        McSimulateData     *data,
                        McSimulateResult   *from,
                        McSimulateResult   *to,
                        McSimulateMovement *movement,
                        guint               limit,
                        GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_simulate_downgrade_free);
  sqlite3_stmt *stmt;
  guint n;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (data != NULL && from != NULL && to != NULL && movement != NULL, NULL);
  g_return_val_if_fail (from->n_members == data->n_members && to->n_members == data->n_members, NULL);

  stmt = mc_db_prepare (db, "SELECT id, card_no, name FROM member WHERE rowid = ?", error);
  if (stmt == NULL)
    return NULL;
  n = movement->downgraded->len;
  if (limit > 0)
    n = MIN (n, limit);
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (movement->downgraded, guint, k);
      const McSimulateMember *m = &data->members[i];
      McSimulateDowngrade *row;
      int rc;

      sqlite3_bind_int64 (stmt, 1, m->rowid);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          if (rc == SQLITE_DONE)
            continue;   /* deleted since the data was prepared */
          mc_db_set_error (db, error);
          return NULL;
        }
      row = g_new0 (McSimulateDowngrade, 1);
      row->member_id = g_strdup (mc_db_column_text (stmt, 0));
      row->card_no = g_strdup (mc_db_column_text (stmt, 1));
      row->name = g_strdup (mc_db_column_text (stmt, 2));
      sqlite3_reset (stmt);
      row->from_tier = g_strdup (from->tiers[from->member_tier[i]].name);
      row->to_tier = g_strdup (to->tiers[to->member_tier[i]].name);
      row->value = value_for_result (m, to);
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

gboolean
mc_simulate_export_downgraded (McDb               *db,
                               McSimulateData     *data,
                               McSimulateResult   *from,
                               McSimulateResult   *to,
                               McSimulateMovement *movement,
                               const char         *path,
                               GError            **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");   /* a BOM, for spreadsheet programs */
  g_autoptr(GError) local_error = NULL;
  const char *header[] = { "card_no", "name", "from_tier", "to_tier", "value" };

  g_return_val_if_fail (path != NULL, FALSE);

  rows = mc_simulate_downgraded (db, data, from, to, movement, 0, error);
  if (rows == NULL)
    return FALSE;
  mc_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < rows->len; i++)
    {
      McSimulateDowngrade *row = g_ptr_array_index (rows, i);
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, row->value);
      const char *fields[] = { row->card_no, row->name, row->from_tier, row->to_tier, value };

      mc_csv_append_row (out, fields, G_N_ELEMENTS (fields));
    }
  if (!g_file_set_contents (path, out->str, (gssize) out->len, &local_error))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
