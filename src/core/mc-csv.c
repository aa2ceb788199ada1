/* mc-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CSV reader for what people import: RFC 4180, plus what Excel saves on a
 * Chinese Windows (GBK without a BOM, or "CSV UTF-8" with one), lone CR line
 * ends, and quoted fields that span lines.
 *
 * The whole input is held in memory as UTF-8 and parsed in place: a field is
 * cut out of the buffer by writing a NUL over the separator after it, and the
 * "" escapes of a quoted field are folded by copying the field down over its
 * own bytes. Reading a record allocates nothing once the field array is big
 * enough, so the cost is one pass over the bytes.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-csv.h"
#include "mc-error.h"

struct _McCsvReader
{
  char          *data;          /* UTF-8 text ending in a NUL, owned */
  char          *end;           /* data + its length; *end == '\0' */
  char          *pos;           /* where the next record starts */
  const char   **fields;        /* the last record: pointers into data */
  guint          n_fields_alloc;
  guint          line;          /* physical line at pos, 1-based */
  guint          record_line;   /* physical line where the last record began */
  McCsvEncoding  encoding;
  GError        *error;         /* set once a record was malformed: it sticks */
};

/* Bytes that end an unquoted field. A NUL can only be the one at the end of
 * the input: the reader refuses input that contains one, and the NULs it
 * writes itself are all behind the parse position.
 */
static const guint8 ends_unquoted[256] = {
  ['\0'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1,
};

/* The 1-based physical line of a byte offset, counting LF, CRLF and a lone CR
 * as one line end each, like the parser does.
 */
static guint
line_at_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= offset || data[i + 1] != '\n'))
        line++;
    }

  return line;
}

/* Refuses what no encoding choice would fix: UTF-16 text, and NUL bytes. */
static gboolean
check_text (const char  *data,
            gsize        len,
            GError     **error)
{
  const char *nul;

  if (len >= 2
      && (((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe)
          || ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)))
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_ENCODING,
                           _("The file is UTF-16 text, which cannot be read here. "
                             "Save it as “CSV UTF-8 (Comma delimited)” and import it again."));
      return FALSE;
    }

  nul = memchr (data, '\0', len);
  if (nul != NULL)
    {
      gsize offset = nul - data;

      g_set_error (error, MC_ERROR, MC_ERROR_ENCODING,
                   _("The file contains a NUL byte (line %u, byte offset %u), so it is not "
                     "UTF-8 or GBK text. Save it as “CSV UTF-8 (Comma delimited)” and import it again."),
                   line_at_offset (data, offset), (guint) offset);
      return FALSE;
    }

  return TRUE;
}

static gboolean
has_utf8_bom (const char *data,
              gsize       len)
{
  return len >= 3
         && (guchar) data[0] == 0xef
         && (guchar) data[1] == 0xbb
         && (guchar) data[2] == 0xbf;
}

/* Takes @data (@len bytes followed by a NUL, from g_malloc) in all cases. */
static McCsvReader *
reader_new_take (char           *data,
                 gsize           len,
                 McCsvEncoding   enc,
                 GError        **error)
{
  g_autofree char *owned = data;
  g_autoptr(McCsvReader) self = NULL;
  gsize start = 0;

  g_assert (data != NULL);
  g_assert (data[len] == '\0');

  /* Offsets and line numbers are guint; a CSV this big is not an import. */
  if (len >= G_MAXUINT)
    {
      g_autofree char *size = g_format_size (len);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The file is too large to import (%s). Split it into files under 4 GB."),
                   size);
      return NULL;
    }

  if (!check_text (data, len, error))
    return NULL;

  if (enc != MC_CSV_ENCODING_GBK && has_utf8_bom (data, len))
    {
      enc = MC_CSV_ENCODING_UTF8;
      start = 3;
    }

  if (enc != MC_CSV_ENCODING_GBK)
    {
      const char *invalid = NULL;

      if (g_utf8_validate_len (data + start, len - start, &invalid))
        enc = MC_CSV_ENCODING_UTF8;
      else if (enc == MC_CSV_ENCODING_UTF8)
        {
          gsize offset = invalid - data;

          g_set_error (error, MC_ERROR, MC_ERROR_ENCODING,
                       _("The file is not valid UTF-8 text (line %u, byte offset %u). "
                         "Save it as UTF-8, or choose GBK if it was saved by Excel on a Chinese Windows."),
                       line_at_offset (data, offset), (guint) offset);
          return NULL;
        }
    }

  if (enc != MC_CSV_ENCODING_UTF8)
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0;
      gsize bytes_written = 0;
      char *converted;

      converted = g_convert (data, len, "UTF-8", "GB18030",
                             &bytes_read, &bytes_written, &local_error);
      if (converted == NULL)
        {
          if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
            g_set_error (error, MC_ERROR, MC_ERROR_ENCODING,
                         _("GBK text cannot be read on this system: %s"),
                         local_error->message);
          else if (enc == MC_CSV_ENCODING_GBK)
            g_set_error (error, MC_ERROR, MC_ERROR_ENCODING,
                         _("The file is not valid GBK text (line %u, byte offset %u). "
                           "Save it as GBK, or choose UTF-8."),
                         line_at_offset (data, bytes_read), (guint) bytes_read);
          else
            g_set_error (error, MC_ERROR, MC_ERROR_ENCODING,
                         _("The file is neither UTF-8 nor GBK text (line %u, byte offset %u). "
                           "Save it as “CSV UTF-8 (Comma delimited)” and import it again."),
                         line_at_offset (data, bytes_read), (guint) bytes_read);
          return NULL;
        }

      g_free (owned);
      owned = converted;
      len = bytes_written;
      enc = MC_CSV_ENCODING_GBK;
    }

  self = g_new0 (McCsvReader, 1);
  self->data = g_steal_pointer (&owned);
  self->end = self->data + len;
  self->pos = self->data + start;
  self->line = 1;
  self->record_line = 0;
  self->encoding = enc;
  self->n_fields_alloc = 16;
  self->fields = g_new (const char *, self->n_fields_alloc);

  return g_steal_pointer (&self);
}

/**
 * mc_csv_reader_new_from_file:
 * @path: a file name in the GLib file name encoding
 * @enc: the encoding of the file, or %MC_CSV_ENCODING_AUTO to detect it
 * @error: return location for an error
 *
 * Reads the whole file into memory and converts it to UTF-8.
 *
 * Returns: (transfer full) (nullable): a reader, or %NULL with @error set to
 *   %MC_ERROR_IO when the file cannot be read, or %MC_ERROR_ENCODING when it is
 *   not text in @enc.
 */
McCsvReader *
mc_csv_reader_new_from_file (const char     *path,
                             McCsvEncoding   enc,
                             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      /* GLib's message already names the file and says what went wrong. */
      g_set_error_literal (error, MC_ERROR, MC_ERROR_IO, local_error->message);
      return NULL;
    }

  return reader_new_take (contents, len, enc, error);
}

/**
 * mc_csv_reader_new_from_data:
 * @data: (array length=len): the bytes of a CSV file
 * @len: the number of bytes in @data
 * @enc: the encoding of @data, or %MC_CSV_ENCODING_AUTO to detect it
 * @error: return location for an error
 *
 * Copies @data (converting it to UTF-8), so the caller may free it at once.
 *
 * Returns: (transfer full) (nullable): a reader, or %NULL with @error set to
 *   %MC_ERROR_ENCODING when @data is not text in @enc.
 */
McCsvReader *
mc_csv_reader_new_from_data (const char     *data,
                             gsize           len,
                             McCsvEncoding   enc,
                             GError        **error)
{
  char *copy;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (len < G_MAXSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';

  return reader_new_take (copy, len, enc, error);
}

/**
 * mc_csv_reader_get_encoding:
 * @self: a reader
 *
 * Returns: the encoding the input was read in: %MC_CSV_ENCODING_UTF8 or
 *   %MC_CSV_ENCODING_GBK, never %MC_CSV_ENCODING_AUTO.
 */
McCsvEncoding
mc_csv_reader_get_encoding (McCsvReader *self)
{
  g_return_val_if_fail (self != NULL, MC_CSV_ENCODING_AUTO);

  return self->encoding;
}

/**
 * mc_csv_reader_get_line:
 * @self: a reader
 *
 * Returns: the 1-based physical line where the record last returned (or the
 *   malformed one) started, or 0 before the first call to mc_csv_reader_next().
 */
guint
mc_csv_reader_get_line (McCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->record_line;
}

static gboolean
reader_fail (McCsvReader  *self,
             GError       *local_error,
             GError      **error)
{
  self->error = local_error;
  self->pos = self->end;
  g_propagate_error (error, g_error_copy (local_error));

  return FALSE;
}

/**
 * mc_csv_reader_next:
 * @self: a reader
 * @fields: (out) (transfer none): the fields of the record
 * @n_fields: (out): the number of fields
 * @error: return location for an error
 *
 * Reads the next record. Blank lines are skipped; whitespace around unquoted
 * fields is kept.
 *
 * On %TRUE, @fields points to @n_fields NUL-terminated UTF-8 strings owned by
 * the reader and valid until the next call. On %FALSE, either the input is at
 * its end and @error is not set, or the record is malformed and @error is set
 * to %MC_ERROR_INVALID; after an error every further call fails the same way.
 *
 * Returns: %TRUE if a record was read
 */
gboolean
mc_csv_reader_next (McCsvReader          *self,
                    const char * const  **fields,
                    guint                *n_fields,
                    GError              **error)
{
  char *p;
  guint n = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (n_fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *fields = NULL;
  *n_fields = 0;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  p = self->pos;

  /* Blank lines are not records; nor is the empty line after the last one. */
  for (;;)
    {
      if (*p == '\n')
        p++;
      else if (*p == '\r')
        p += (p[1] == '\n') ? 2 : 1;
      else
        break;
      self->line++;
    }

  self->pos = p;
  if (p == self->end)
    return FALSE;

  self->record_line = self->line;

  for (;;)
    {
      char *field;
      char c;

      if (*p == '"')
        {
          char *w;

          /* Fold "" into " by copying down; w never passes p. */
          field = w = ++p;
          for (;;)
            {
              c = *p;
              if (c == '"')
                {
                  if (p[1] != '"')
                    break;
                  p++;
                }
              else if (c == '\n')
                self->line++;
              else if (c == '\r')
                {
                  if (p[1] != '\n')
                    self->line++;
                }
              else if (c == '\0')
                {
                  return reader_fail (self,
                                      g_error_new (MC_ERROR, MC_ERROR_INVALID,
                                                   _("Line %u: a quoted field is never closed. "
                                                     "Check that row for a missing or extra quote (\")."),
                                                   self->record_line),
                                      error);
                }
              *w++ = *p++;
            }

          *w = '\0';
          c = *++p;
          if (!ends_unquoted[(guchar) c])
            {
              return reader_fail (self,
                                  g_error_new (MC_ERROR, MC_ERROR_INVALID,
                                               _("Line %u: there is text after the closing quote of a field. "
                                                 "Put the whole field in quotes and write each quote inside it twice (\"\")."),
                                               self->line),
                                  error);
            }
        }
      else
        {
          field = p;
          while (!ends_unquoted[(guchar) *p])
            p++;
          c = *p;
        }

      if (G_UNLIKELY (n == self->n_fields_alloc))
        {
          self->n_fields_alloc *= 2;
          self->fields = g_renew (const char *, self->fields, self->n_fields_alloc);
        }
      self->fields[n++] = field;

      if (c == ',')
        {
          *p++ = '\0';
          continue;
        }

      if (c == '\n')
        {
          *p++ = '\0';
          self->line++;
        }
      else if (c == '\r')
        {
          *p++ = '\0';
          if (*p == '\n')
            p++;
          self->line++;
        }
      /* else c is the NUL at the end of the input */

      break;
    }

  self->pos = p;
  *fields = self->fields;
  *n_fields = n;

  return TRUE;
}

void
mc_csv_reader_free (McCsvReader *self)
{
  if (self == NULL)
    return;

  g_clear_error (&self->error);
  g_free (self->fields);
  g_free (self->data);
  g_free (self);
}

/* A number like -12 or +3.50 cannot be a formula; prefixing it with ' would
 * turn every negative amount in an export into text.
 */
static gboolean
is_plain_number (const char *s)
{
  if (*s == '+' || *s == '-')
    s++;
  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    s++;
  if (*s == '.')
    {
      s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }

  return *s == '\0';
}

/**
 * mc_csv_append_field:
 * @out: the string to append to
 * @field: (nullable): the field's text in UTF-8; %NULL is an empty field
 *
 * Appends one field, in quotes when it contains a comma, a quote, CR or LF.
 *
 * A field that a spreadsheet would run as a formula (it begins with =, +, -,
 * @, a tab or CR, and is not a plain number) is written in quotes with a '
 * before it, so Excel shows it as text. Such a field reads back with the '.
 */
void
mc_csv_append_field (GString    *out,
                     const char *field)
{
  gboolean defuse = FALSE;
  gboolean quote;

  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;

  switch (field[0])
    {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      defuse = !is_plain_number (field);
      break;

    default:
      break;
    }

  quote = defuse || field[strcspn (field, ",\"\r\n")] != '\0';
  if (!quote)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  if (defuse)
    g_string_append_c (out, '\'');
  for (const char *q; (q = strchr (field, '"')) != NULL; field = q + 1)
    {
      g_string_append_len (out, field, q + 1 - field);
      g_string_append_c (out, '"');
    }
  g_string_append (out, field);
  g_string_append_c (out, '"');
}

/**
 * mc_csv_append_row:
 * @out: the string to append to
 * @fields: (array length=n_fields): the fields, each as for mc_csv_append_field()
 * @n_fields: the number of fields
 *
 * Appends one record: the fields joined by commas, ending with CRLF.
 */
void
mc_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  /* A lone empty field would be a blank line, which readers skip. */
  if (n_fields == 1 && (fields[0] == NULL || fields[0][0] == '\0'))
    {
      g_string_append (out, "\"\"\r\n");
      return;
    }

  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      mc_csv_append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}
