/* mc-import-inspect.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CSV file's header row, before an import: which kind of file it looks like and what
 * each column is imported as, by the importer's own aliases.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-error.h"
#include "mc-import-private.h"

/* In the order of the fields of mc-import-members.c and mc-import-orders.c. */
static const char * const member_fields[] = {
  N_("Name"), N_("Phone"), N_("Email"), N_("Gender"), N_("Birthday"), N_("Region"),
  N_("Store"), N_("Card number"), N_("Joined"), N_("Channel"), N_("Marketing consent"),
  N_("Notes"), N_("Tags"),
};
static const char * const order_fields[] = {
  N_("Member’s phone"), N_("Member (card or id)"), N_("Amount"), N_("Time"), N_("Store"),
  N_("Note"),
};

static void
column_free (gpointer data)
{
  McImportColumn *column = data;

  g_free (column->header);
  g_free (column);
}

static gboolean
has_field (char              **headers,
           const McImportAlias *aliases,
           guint                n_aliases,
           int                  field)
{
  for (guint i = 0; headers[i] != NULL; i++)
    if (mc_import_field_for_header (aliases, n_aliases, headers[i]) == field)
      return TRUE;
  return FALSE;
}

McImportKind
mc_import_inspect (const char     *path,
                   McCsvEncoding   encoding,
                   McImportKind    kind,
                   GPtrArray     **columns,
                   GError        **error)
{
  g_autoptr(McCsvReader) reader = NULL;
  g_auto(GStrv) headers = NULL;
  const char * const *fields = NULL;
  const McImportAlias *m_aliases, *o_aliases, *aliases;
  const char * const *names;
  guint n_m, n_o, n_fields, n = 0;
  gboolean members, orders;
  McImportKind detected;

  g_return_val_if_fail (path != NULL, MC_IMPORT_KIND_UNKNOWN);

  reader = mc_csv_reader_new_from_file (path, encoding, error);
  if (reader == NULL)
    return MC_IMPORT_KIND_UNKNOWN;
  if (!mc_csv_reader_next (reader, &fields, &n, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("The file “%s” is empty: it needs a header row with the column names, "
                       "then one row per record."), path);
      return MC_IMPORT_KIND_UNKNOWN;
    }
  headers = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    headers[i] = g_strstrip (g_strdup (fields[i]));

  m_aliases = mc_import_member_aliases (&n_m, &n_fields);
  g_assert (n_fields == G_N_ELEMENTS (member_fields));
  o_aliases = mc_import_order_aliases (&n_o, &n_fields);
  g_assert (n_fields == G_N_ELEMENTS (order_fields));

  /* Field 0 of members is the name, 1 the phone; field 2 of orders is the amount. */
  members = has_field (headers, m_aliases, n_m, 0) && has_field (headers, m_aliases, n_m, 1);
  orders = has_field (headers, o_aliases, n_o, 2);
  if (members && !orders)
    detected = MC_IMPORT_KIND_MEMBERS;
  else if (orders && !has_field (headers, m_aliases, n_m, 0))
    detected = MC_IMPORT_KIND_ORDERS;
  else
    detected = MC_IMPORT_KIND_UNKNOWN;

  if (columns != NULL)
    {
      McImportKind shown = kind != MC_IMPORT_KIND_UNKNOWN ? kind
                           : detected != MC_IMPORT_KIND_UNKNOWN ? detected : MC_IMPORT_KIND_MEMBERS;
      guint n_aliases = shown == MC_IMPORT_KIND_ORDERS ? n_o : n_m;
      guint n_names = shown == MC_IMPORT_KIND_ORDERS ? G_N_ELEMENTS (order_fields) : G_N_ELEMENTS (member_fields);
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

      aliases = shown == MC_IMPORT_KIND_ORDERS ? o_aliases : m_aliases;
      names = shown == MC_IMPORT_KIND_ORDERS ? order_fields : member_fields;
      *columns = g_ptr_array_new_with_free_func (column_free);
      for (guint i = 0; i < n; i++)
        {
          McImportColumn *column;
          int field;

          if (headers[i][0] == '\0')
            continue;
          field = mc_import_field_for_header (aliases, n_aliases, headers[i]);
          column = g_new0 (McImportColumn, 1);
          column->header = g_strdup (headers[i]);
          column->computed = field == MC_IMPORT_COLUMN_COMPUTED;
          /* A second column for the same field is not read (as the importer does). */
          if (field >= 0 && (guint) field < n_names &&
              !g_hash_table_contains (seen, GINT_TO_POINTER (field + 1)))
            {
              column->field = _(names[field]);
              g_hash_table_add (seen, GINT_TO_POINTER (field + 1));
            }
          g_ptr_array_add (*columns, column);
        }
    }
  return detected;
}

gboolean
mc_import_kind (McDb                  *db,
                McImportKind           kind,
                const char            *path,
                const McImportOptions *options,
                McImportReport        *report,
                McImportProgress       progress,
                gpointer               user_data,
                GCancellable          *cancellable,
                GError               **error)
{
  g_return_val_if_fail (kind == MC_IMPORT_KIND_MEMBERS || kind == MC_IMPORT_KIND_ORDERS, FALSE);

  if (kind == MC_IMPORT_KIND_ORDERS)
    return mc_import_orders (db, path, options, report, progress, user_data, cancellable, error);
  return mc_import_members (db, path, options, report, progress, user_data, cancellable, error);
}
