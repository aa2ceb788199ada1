/* fuzz-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the CSV reader (BOM, UTF-8 or GBK, quoted fields across lines).
 * The first byte picks the encoding; the rest is the file. Whatever the reader returns,
 * the fields it read are valid UTF-8, and writing them back with mc_csv_append_row and
 * reading that again gives the same fields.
 */
#define G_LOG_DOMAIN "mc-fuzz"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mc-csv.h"
#include "mc-fuzz.h"

static GPtrArray *
read_all (const char    *data,
          gsize          len,
          McCsvEncoding  enc,
          gboolean      *failed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCsvReader) reader = mc_csv_reader_new_from_data (data, len, enc, &error);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char * const *fields;
  guint n_fields;

  *failed = reader == NULL;
  if (reader == NULL)
    return rows;
  while (mc_csv_reader_next (reader, &fields, &n_fields, &error))
    {
      char **copy = g_new0 (char *, n_fields + 1);

      for (guint i = 0; i < n_fields; i++)
        {
          g_assert (g_utf8_validate (fields[i], -1, NULL));
          copy[i] = g_strdup (fields[i]);
        }
      g_ptr_array_add (rows, copy);
      /* Bounded: a fuzz input is small, its rows are few. */
      g_assert_cmpuint (rows->len, <=, len + 1);
    }
  *failed = error != NULL;
  return rows;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const McCsvEncoding encodings[] = {
    MC_CSV_ENCODING_AUTO, MC_CSV_ENCODING_UTF8, MC_CSV_ENCODING_GBK,
  };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) out = NULL;
  gboolean failed = FALSE, failed_again = FALSE;

  if (size < 1)
    return 0;
  mc_fuzz_init ();
  rows = read_all ((const char *) data + 1, size - 1, encodings[data[0] % G_N_ELEMENTS (encodings)], &failed);
  if (failed || rows->len == 0)
    return 0;

  /* A file that starts with a BOM is read without it, so a first field that starts with
   * one (a second BOM) cannot be written at the start of a file and read back. */
  if (((char **) g_ptr_array_index (rows, 0))[0] != NULL &&
      g_str_has_prefix (((char **) g_ptr_array_index (rows, 0))[0], "\xef\xbb\xbf"))
    return 0;

  /* What was read, written and read again, is what was read. */
  out = g_string_new (NULL);
  for (guint r = 0; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);

      mc_csv_append_row (out, (const char * const *) fields, g_strv_length (fields));
    }
  again = read_all (out->str, out->len, MC_CSV_ENCODING_UTF8, &failed_again);
  g_assert_false (failed_again);
  g_assert_cmpuint (again->len, ==, rows->len);
  for (guint r = 0; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);
      char **fields_again = g_ptr_array_index (again, r);

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (fields_again));
      for (guint i = 0; fields[i] != NULL; i++)
        {
          /* A field a spreadsheet would run as a formula is written with a ' before it
           * (mc_csv_append_field), and reads back with it. */
          if (fields_again[i][0] == '\'' && strchr ("=+-@\t\r", fields[i][0]) != NULL &&
              fields[i][0] != '\0')
            g_assert_cmpstr (fields_again[i] + 1, ==, fields[i]);
          else
            g_assert_cmpstr (fields_again[i], ==, fields[i]);
        }
    }
  return 0;
}
