/* mc-export.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting members and orders, as the workspace's role may see them: an analyst gets
 * masked phone numbers and no email. CSV is UTF-8 with a BOM and CRLF line ends (Excel
 * opens it right), with the column names the importer reads; JSON is an array of objects.
 * The file is written beside its final name and renamed over it at the end, so a failure
 * never leaves half a file.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef enum
{
  MC_EXPORT_CSV,
  MC_EXPORT_JSON,
} McExportFormat;

gboolean  mc_export_members  (McDb            *db,
                              const char      *path,
                              McExportFormat   format,
                              guint64         *n_rows,
                              GError         **error);
gboolean  mc_export_orders   (McDb            *db,
                              const char      *path,
                              McExportFormat   format,
                              guint64         *n_rows,
                              GError         **error);

G_END_DECLS
