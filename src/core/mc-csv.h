/* mc-csv.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MC_CSV_ENCODING_AUTO,  /* UTF-8 BOM, else valid UTF-8, else GBK */
  MC_CSV_ENCODING_UTF8,
  MC_CSV_ENCODING_GBK,   /* decoded as GB18030, a superset of GBK */
} McCsvEncoding;

typedef struct _McCsvReader McCsvReader;

McCsvReader   *mc_csv_reader_new_from_file  (const char           *path,
                                             McCsvEncoding         enc,
                                             GError              **error);
McCsvReader   *mc_csv_reader_new_from_data  (const char           *data,
                                             gsize                 len,
                                             McCsvEncoding         enc,
                                             GError              **error);
McCsvEncoding  mc_csv_reader_get_encoding   (McCsvReader          *self);
gboolean       mc_csv_reader_next           (McCsvReader          *self,
                                             const char * const  **fields,
                                             guint                *n_fields,
                                             GError              **error);
guint          mc_csv_reader_get_line       (McCsvReader          *self);
void           mc_csv_reader_free           (McCsvReader          *self);

void           mc_csv_append_field          (GString              *out,
                                             const char           *field);
void           mc_csv_append_row            (GString              *out,
                                             const char * const   *fields,
                                             guint                 n_fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCsvReader, mc_csv_reader_free)

G_END_DECLS
