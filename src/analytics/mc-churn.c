/* mc-churn.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Churn risk from the loaded arrays: the rule signals, P(alive) from BG/NBD, the recall
 * groups, and the consented-only export. Definitions: data/metrics.md, "Churn".
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mc-analytics-private.h"
#include "mc-churn.h"
#include "mc-error.h"
#include "mc-role.h"

static const struct
{
  const char *name;
  const char *display;
} groups[MC_CHURN_N_GROUPS] = {
  { "none", N_("No risk") },
  { "high_value_dormant", N_("High-value dormant") },
  { "general", N_("General churn risk") },
  { "low_value", N_("Low value") },
};

const char *
mc_churn_group_name (McChurnGroup group)
{
  g_return_val_if_fail (group < MC_CHURN_N_GROUPS, NULL);
  return groups[group].name;
}

const char *
mc_churn_group_display (McChurnGroup group)
{
  g_return_val_if_fail (group < MC_CHURN_N_GROUPS, NULL);
  return _(groups[group].display);
}

static int
compare_gint64 (const void *pa,
                const void *pb)
{
  gint64 a = *(const gint64 *) pa, b = *(const gint64 *) pb;

  return a < b ? -1 : a > b;
}

/* The value at rank ⌈q n⌉ (1-based) of the sorted values. */
static gint64
quantile (const gint64 *sorted,
          gsize         n,
          double        q)
{
  gsize k = (gsize) ceil (q * (double) n);

  return n == 0 ? 0 : sorted[MIN (MAX (k, 1), n) - 1];
}

McChurn *
mc_churn_compute (const McAnalyticsData *data,
                  const McChurnOptions  *options,
                  GCancellable          *cancellable)
{
  McChurnOptions defaults = MC_CHURN_OPTIONS_INIT;
  McChurn *churn = g_new0 (McChurn, 1);
  guint n = data->n_members;
  g_autofree gint32 *last = g_new (gint32, MAX (n, 1));
  g_autofree gint32 *current = g_new0 (gint32, MAX (n, 1));
  g_autofree gint32 *previous = g_new0 (gint32, MAX (n, 1));
  g_autofree gint32 *benefit_uses = g_new0 (gint32, MAX (n, 1));
  g_autoptr(GArray) summaries = NULL;
  g_autofree gint64 *buyers = NULL;
  gint32 as_of = data->as_of_day;
  gint32 cur_from, prev_from, month_from;
  guint n_buyers = 0;
  McClvBgNbd bgnbd = { 0 };

  g_return_val_if_fail (data != NULL, NULL);
  if (options == NULL)
    options = &defaults;

  cur_from = as_of - (gint32) options->period_days + 1;
  prev_from = cur_from - (gint32) options->period_days;
  month_from = as_of - 29;

  churn->n = n;
  churn->signals = g_new0 (guint8, MAX (n, 1));
  churn->group = g_new0 (guint8, MAX (n, 1));
  churn->p_alive = g_new (float, MAX (n, 1));
  churn->days_inactive = g_new (gint32, MAX (n, 1));
  churn->spend_fen = g_new0 (gint64, MAX (n, 1));

  for (guint m = 0; m < n; m++)
    {
      last[m] = G_MININT32;
      churn->p_alive[m] = NAN;
    }

  /* Activity: purchase days and actions count alike. */
  for (guint i = 0; i < data->n_sales; i++)
    {
      gint32 m = data->sale_member[i];
      gint32 day = data->sale_day[i];

      if (m < 0)
        continue;
      churn->spend_fen[m] += data->sale_fen[i];
      last[m] = MAX (last[m], day);
      if (day >= cur_from)
        current[m]++;
      else if (day >= prev_from)
        previous[m]++;
    }
  for (guint i = 0; i < data->n_events; i++)
    {
      gint32 m = data->event_member[i];
      gint32 day = data->event_day[i];

      last[m] = MAX (last[m], day);
      if (day >= cur_from)
        current[m]++;
      else if (day >= prev_from)
        previous[m]++;
      if (data->event_kind[i] == MC_ANALYTICS_EVENT_BENEFIT_USED && day >= month_from)
        benefit_uses[m]++;
    }

  churn->benefit_signal_used = data->n_benefits > 0;
  for (guint m = 0; m < n; m++)
    {
      gint32 since = MAX (last[m], data->member_joined_day[m]);
      guint8 s = 0;

      churn->days_inactive[m] = as_of - since;
      if (churn->days_inactive[m] >= (gint32) options->dormant_days)
        s |= MC_CHURN_SIGNAL_DORMANT;
      if (previous[m] > 0 && 2 * current[m] <= previous[m])
        s |= MC_CHURN_SIGNAL_DECLINING;
      if (churn->benefit_signal_used &&
          (double) benefit_uses[m] < options->benefit_usage_min * data->n_benefits)
        s |= MC_CHURN_SIGNAL_LOW_BENEFITS;
      churn->signals[m] = s;
    }

  /* P(alive) of the members who bought */
  if (!g_cancellable_is_cancelled (cancellable) &&
      mc_analytics_fit_clv (data, as_of, &summaries, &bgnbd, NULL, &churn->fit_customers, NULL))
    {
      churn->p_alive_fitted = TRUE;
      churn->r = bgnbd.r;
      churn->alpha = bgnbd.alpha;
      churn->a = bgnbd.a;
      churn->b = bgnbd.b;
      for (guint i = 0; i < summaries->len; i++)
        {
          const McClvSummary *c = &g_array_index (summaries, McClvSummary, i);
          double p = mc_clv_bgnbd_p_alive (&bgnbd, c->x, c->t_x, c->T);

          churn->p_alive[c->customer] = (float) p;
          if (p < options->p_alive_threshold)
            churn->signals[c->customer] |= MC_CHURN_SIGNAL_UNLIKELY_ALIVE;
        }
    }

  /* Value: the buyers' spend, top 20% high, bottom 40% (and no purchase) low */
  buyers = g_new (gint64, MAX (n, 1));
  for (guint m = 0; m < n; m++)
    if (churn->spend_fen[m] > 0)
      buyers[n_buyers++] = churn->spend_fen[m];
  qsort (buyers, n_buyers, sizeof *buyers, compare_gint64);
  churn->high_value_min_fen = n_buyers > 0 ? quantile (buyers, n_buyers, 0.8) : 1;
  churn->low_value_max_fen = n_buyers > 0 ? quantile (buyers, n_buyers, 0.4) : 0;
  /* With few buyers the cut points may meet: high value wins. */
  for (guint m = 0; m < n; m++)
    {
      McChurnGroup g = MC_CHURN_GROUP_NONE;
      gint64 spend = churn->spend_fen[m];

      for (guint bit = 0; bit < 4; bit++)
        churn->signal_members[bit] += (churn->signals[m] >> bit) & 1;
      if (churn->signals[m] != 0)
        {
          if (spend > 0 && spend >= churn->high_value_min_fen)
            g = MC_CHURN_GROUP_HIGH_VALUE_DORMANT;
          else if (spend <= churn->low_value_max_fen)
            g = MC_CHURN_GROUP_LOW_VALUE;
          else
            g = MC_CHURN_GROUP_GENERAL;
        }
      churn->group[m] = (guint8) g;
      churn->group_members[g]++;
      churn->group_consented[g] += data->member_consent[m] != 0;
      churn->group_spend_fen[g] += spend;
    }
  return churn;
}

McChurn *
mc_churn_run (McDb                     *db,
              const McAnalyticsFilter  *filter,
              const McChurnOptions     *options,
              McAnalyticsProgress       progress,
              gpointer                  progress_data,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_autoptr(McAnalyticsData) data = NULL;

  data = mc_analytics_data_load (db, filter, MC_ANALYTICS_ALL, progress, progress_data,
                                 cancellable, error);
  if (data == NULL)
    return NULL;
  return mc_churn_compute (data, options, cancellable);
}

void
mc_churn_free (McChurn *churn)
{
  if (churn == NULL)
    return;
  g_free (churn->signals);
  g_free (churn->group);
  g_free (churn->p_alive);
  g_free (churn->days_inactive);
  g_free (churn->spend_fen);
  g_free (churn);
}

/* A CSV field, quoted when it must be; a leading = + - @ is escaped against formulas. */
static void
append_field (GString    *out,
              const char *text)
{
  gboolean quote;

  if (text == NULL)
    text = "";
  quote = strpbrk (text, ",\"\r\n") != NULL || strchr ("=+-@", text[0]) != NULL;
  if (!quote)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (text[0] != '\0' && strchr ("=+-@", text[0]) != NULL)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static const char export_sql[] = "SELECT card_no, name, phone FROM member WHERE rowid = ?1";

gint64
mc_churn_export (McDb                  *db,
                 const McAnalyticsData *data,
                 const McChurn         *churn,
                 McChurnGroup           group,
                 const char            *path,
                 GError               **error)
{
  g_autoptr(GString) out = g_string_new ("\xef\xbb\xbf");
  gboolean see_contact;
  sqlite3_stmt *stmt;
  gint64 rows = 0;

  g_return_val_if_fail (MC_IS_DB (db), -1);
  g_return_val_if_fail (data != NULL && churn != NULL && churn->n == data->n_members, -1);
  g_return_val_if_fail (path != NULL, -1);

  see_contact = mc_role_allows (mc_db_get_role (db), MC_PERMISSION_SEE_CONTACT);
  stmt = mc_db_prepare (db, export_sql, error);
  if (stmt == NULL)
    return -1;
  g_string_append (out, "card_no,name,phone,group,signals,days_inactive,spend_yuan,p_alive\r\n");
  for (guint m = 0; m < churn->n; m++)
    {
      g_autofree char *phone = NULL;
      char number[64];
      GString *signals;

      if (churn->group[m] == MC_CHURN_GROUP_NONE || !data->member_consent[m] ||
          (group != MC_CHURN_GROUP_NONE && churn->group[m] != group))
        continue;
      sqlite3_bind_int64 (stmt, 1, data->member_rowid[m]);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          mc_db_set_error (db, error);
          sqlite3_reset (stmt);
          return -1;
        }
      phone = see_contact ? g_strdup ((const char *) sqlite3_column_text (stmt, 2))
                          : mc_mask_phone ((const char *) sqlite3_column_text (stmt, 2));
      append_field (out, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append_c (out, ',');
      append_field (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append_c (out, ',');
      append_field (out, phone);
      sqlite3_reset (stmt);
      g_string_append_printf (out, ",%s,", mc_churn_group_name (churn->group[m]));
      signals = g_string_new (NULL);
      if (churn->signals[m] & MC_CHURN_SIGNAL_DORMANT)
        g_string_append (signals, " dormant");
      if (churn->signals[m] & MC_CHURN_SIGNAL_DECLINING)
        g_string_append (signals, " declining");
      if (churn->signals[m] & MC_CHURN_SIGNAL_LOW_BENEFITS)
        g_string_append (signals, " low_benefits");
      if (churn->signals[m] & MC_CHURN_SIGNAL_UNLIKELY_ALIVE)
        g_string_append (signals, " unlikely_alive");
      g_string_append (out, signals->str + (signals->len > 0));
      g_string_free (signals, TRUE);
      g_string_append_printf (out, ",%d,%" G_GINT64_FORMAT ".%02d,", churn->days_inactive[m],
                              churn->spend_fen[m] / 100, (int) (churn->spend_fen[m] % 100));
      if (!isnan (churn->p_alive[m]))
        {
          g_ascii_formatd (number, sizeof number, "%.4f", churn->p_alive[m]);
          g_string_append (out, number);
        }
      g_string_append (out, "\r\n");
      rows++;
    }
  if (!g_file_set_contents (path, out->str, (gssize) out->len, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot write %s."), path);
      return -1;
    }
  return rows;
}
