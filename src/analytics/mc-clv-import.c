/* mc-clv-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Transactions from a text file (see mc-clv-import.h), for `report clv
 * --import-transactions`.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-analytics-private.h"
#include "mc-clv-import.h"
#include "mc-error.h"

gboolean
mc_clv_parse_day (const char *text,
                  gint64     *day)
{
  guint y, m, d;
  GDate date;
  gsize len = strlen (text);

  if (len == 8 && strspn (text, "0123456789") == 8)
    {
      guint v = (guint) g_ascii_strtoull (text, NULL, 10);

      y = v / 10000, m = (v / 100) % 100, d = v % 100;
    }
  else if (len == 10 && text[4] == '-' && text[7] == '-' && strspn (text, "0123456789") == 4 &&
           strspn (text + 5, "0123456789") == 2 && strspn (text + 8, "0123456789") == 2)
    {
      y = (guint) g_ascii_strtoull (text, NULL, 10);
      m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
      d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
    }
  else
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  *day = (gint64) g_date_get_julian (&date) - JULIAN_1970;
  return TRUE;
}

GArray *
mc_clv_transactions_read (const char  *path,
                          GPtrArray  **customers_out,
                          GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GArray) tx = NULL;
  g_autoptr(GHashTable) customers = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  char *line, *next;
  guint line_no = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot read %s: %s"), path, local->message);
      return NULL;
    }
  tx = g_array_new (FALSE, FALSE, sizeof (McClvTransaction));
  customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (line = text; line != NULL; line = next)
    {
      g_auto(GStrv) fields = NULL;
      McClvTransaction t;
      guint n = 0, date_field = 0;
      char *end = NULL;
      gpointer id;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      line_no++;
      g_strstrip (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;
      fields = g_strsplit_set (line, " \t,;", -1);
      /* drop the empty fields that runs of separators leave */
      for (guint i = 0; fields[i] != NULL; i++)
        if (fields[i][0] != '\0')
          fields[n++] = fields[i];
        else
          g_free (fields[i]);
      fields[n] = NULL;
      for (guint i = 1; i + 1 < n && date_field == 0; i++)
        if (mc_clv_parse_day (fields[i], &t.day))
          date_field = i;
      if (date_field == 0)
        {
          if (line_no == 1)
            continue;   /* a header */
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("%s, line %u: no date (YYYYMMDD or YYYY-MM-DD) between the customer and the amount."),
                       path, line_no);
          return NULL;
        }
      t.amount = g_ascii_strtod (fields[n - 1], &end);
      if (end == fields[n - 1] || *end != '\0' || !(t.amount >= 0))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("%s, line %u: the amount “%s” is not a number of 0 or more."),
                       path, line_no, fields[n - 1]);
          return NULL;
        }
      /* Customers are numbered in the order they first appear. */
      if (!g_hash_table_lookup_extended (customers, fields[0], NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (customers) + 1);
          g_hash_table_insert (customers, g_strdup (fields[0]), id);
          g_ptr_array_add (names, g_strdup (fields[0]));
        }
      t.customer = GPOINTER_TO_UINT (id);
      g_array_append_val (tx, t);
    }
  if (tx->len == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("%s holds no transactions."), path);
      return NULL;
    }
  if (customers_out != NULL)
    *customers_out = g_steal_pointer (&names);
  return g_steal_pointer (&tx);
}
