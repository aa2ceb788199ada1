/* test-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mc-csv.h"
#include "mc-error.h"

/* Reads one record and checks its line and fields: the expected fields are
 * the NULL-terminated arguments after @line.
 */
static void expect_record (McCsvReader *reader,
                           guint        line,
                           ...) G_GNUC_NULL_TERMINATED;

static void
expect_record (McCsvReader *reader,
               guint        line,
               ...)
{
  g_autoptr(GError) error = NULL;
  const char * const *fields = NULL;
  guint n_fields = 0;
  const char *expected;
  guint i = 0;
  gboolean ok;
  va_list args;

  ok = mc_csv_reader_next (reader, &fields, &n_fields, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (mc_csv_reader_get_line (reader), ==, line);

  va_start (args, line);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, n_fields);
      g_assert_cmpstr (fields[i], ==, expected);
      i++;
    }
  va_end (args);

  g_assert_cmpuint (n_fields, ==, i);
}

static void
expect_end (McCsvReader *reader)
{
  g_autoptr(GError) error = NULL;
  const char * const *fields = NULL;
  guint n_fields = 99;

  g_assert_false (mc_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_no_error (error);
  g_assert_null (fields);
  g_assert_cmpuint (n_fields, ==, 0);

  /* and it stays at the end */
  g_assert_false (mc_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_no_error (error);
}

static McCsvReader *
reader_for (const char    *text,
            McCsvEncoding  enc)
{
  g_autoptr(GError) error = NULL;
  McCsvReader *reader;

  reader = mc_csv_reader_new_from_data (text, strlen (text), enc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);

  return reader;
}

/* Reads up to the malformed record and returns its error. */
static GError *
read_until_error (McCsvReader *reader)
{
  GError *error = NULL;
  const char * const *fields;
  guint n_fields;

  while (mc_csv_reader_next (reader, &fields, &n_fields, &error))
    ;

  return error;
}

static void
assert_message_has (const GError *error,
                    const char   *part)
{
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” is not in the message “%s”", part, error->message);
}

/* Encodings */

static void
test_encoding_utf8_bom (void)
{
  g_autoptr(McCsvReader) reader = NULL;

  reader = reader_for ("\xef\xbb\xbf" "姓名,手机\r\n张三,13800000000\r\n", MC_CSV_ENCODING_AUTO);
  g_assert_cmpint (mc_csv_reader_get_encoding (reader), ==, MC_CSV_ENCODING_UTF8);
  expect_record (reader, 1, "姓名", "手机", NULL);
  expect_record (reader, 2, "张三", "13800000000", NULL);
  expect_end (reader);

  /* a forced UTF-8 drops the BOM too */
  g_clear_pointer (&reader, mc_csv_reader_free);
  reader = reader_for ("\xef\xbb\xbf" "id\n", MC_CSV_ENCODING_UTF8);
  expect_record (reader, 1, "id", NULL);
  expect_end (reader);
}

static void
test_encoding_utf8 (void)
{
  g_autoptr(McCsvReader) reader = NULL;

  reader = reader_for ("姓名,等级\n李四,黄金会员\n", MC_CSV_ENCODING_AUTO);
  g_assert_cmpint (mc_csv_reader_get_encoding (reader), ==, MC_CSV_ENCODING_UTF8);
  expect_record (reader, 1, "姓名", "等级", NULL);
  expect_record (reader, 2, "李四", "黄金会员", NULL);
  expect_end (reader);
}

/* 姓名,手机 / 张三,138... / 李四,139... as Excel on a Chinese Windows saves it */
static const char gbk_csv[] =
  "\xd0\xd5\xc3\xfb,\xca\xd6\xbb\xfa\r\n"
  "\xd5\xc5\xc8\xfd,13800000000\r\n"
  "\xc0\xee\xcb\xc4,13900000000\r\n";

static void
test_encoding_gbk (void)
{
  g_autoptr(McCsvReader) reader = NULL;

  reader = reader_for (gbk_csv, MC_CSV_ENCODING_AUTO);
  g_assert_cmpint (mc_csv_reader_get_encoding (reader), ==, MC_CSV_ENCODING_GBK);
  expect_record (reader, 1, "姓名", "手机", NULL);
  expect_record (reader, 2, "张三", "13800000000", NULL);
  expect_record (reader, 3, "李四", "13900000000", NULL);
  expect_end (reader);

  g_clear_pointer (&reader, mc_csv_reader_free);
  reader = reader_for (gbk_csv, MC_CSV_ENCODING_GBK);
  g_assert_cmpint (mc_csv_reader_get_encoding (reader), ==, MC_CSV_ENCODING_GBK);
  expect_record (reader, 1, "姓名", "手机", NULL);
}

static void
test_encoding_forced_utf8 (void)
{
  g_autoptr(McCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = mc_csv_reader_new_from_data (gbk_csv, strlen (gbk_csv), MC_CSV_ENCODING_UTF8, &error);
  g_assert_error (error, MC_ERROR, MC_ERROR_ENCODING);
  g_assert_null (reader);
  assert_message_has (error, "UTF-8");
  assert_message_has (error, "line 1,");
  assert_message_has (error, "byte offset 0)");
  g_clear_error (&error);

  /* the first bad byte is on line 2, after an ASCII header */
  reader = mc_csv_reader_new_from_data ("name,phone\r\n\xd5\xc5\xc8\xfd,138\r\n", 22,
                                        MC_CSV_ENCODING_UTF8, &error);
  g_assert_error (error, MC_ERROR, MC_ERROR_ENCODING);
  g_assert_null (reader);
  assert_message_has (error, "line 2,");
  assert_message_has (error, "byte offset 12)");
}

static void
test_encoding_invalid (void)
{
  g_autoptr(McCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  /* 0xff is neither UTF-8 nor GB18030 */
  reader = mc_csv_reader_new_from_data ("a\nb\r\nc\xff\n", 8, MC_CSV_ENCODING_AUTO, &error);
  g_assert_error (error, MC_ERROR, MC_ERROR_ENCODING);
  g_assert_null (reader);
  assert_message_has (error, "neither UTF-8 nor GBK");
  assert_message_has (error, "line 3,");
  assert_message_has (error, "byte offset 6)");
  g_clear_error (&error);

  reader = mc_csv_reader_new_from_data ("a\rb\xff\n", 5, MC_CSV_ENCODING_GBK, &error);
  g_assert_error (error, MC_ERROR, MC_ERROR_ENCODING);
  assert_message_has (error, "not valid GBK");
  assert_message_has (error, "line 2,");
  g_clear_error (&error);

  /* Excel's "Unicode Text" is UTF-16 */
  reader = mc_csv_reader_new_from_data ("\xff\xfe" "a\0,\0b\0", 8, MC_CSV_ENCODING_AUTO, &error);
  g_assert_error (error, MC_ERROR, MC_ERROR_ENCODING);
  assert_message_has (error, "UTF-16");
  g_clear_error (&error);

  reader = mc_csv_reader_new_from_data ("a,b\nc\0d\n", 8, MC_CSV_ENCODING_AUTO, &error);
  g_assert_error (error, MC_ERROR, MC_ERROR_ENCODING);
  assert_message_has (error, "NUL byte (line 2, byte offset 5)");
  g_clear_error (&error);
}

static void
test_from_file (void)
{
  g_autoptr(McCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  int fd;

  fd = g_file_open_tmp ("test-csv-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, gbk_csv, -1, &error);
  g_assert_no_error (error);

  reader = mc_csv_reader_new_from_file (path, MC_CSV_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_csv_reader_get_encoding (reader), ==, MC_CSV_ENCODING_GBK);
  expect_record (reader, 1, "姓名", "手机", NULL);
  expect_record (reader, 2, "张三", "13800000000", NULL);
  expect_record (reader, 3, "李四", "13900000000", NULL);
  expect_end (reader);
  g_clear_pointer (&reader, mc_csv_reader_free);

  missing = g_strconcat (path, ".missing", NULL);
  reader = mc_csv_reader_new_from_file (missing, MC_CSV_ENCODING_AUTO, &error);
  g_assert_error (error, MC_ERROR, MC_ERROR_IO);
  g_assert_null (reader);

  g_unlink (path);
}

/* Parsing */

static void
test_parse_crlf (void)
{
  g_autoptr(McCsvReader) reader = reader_for ("a,b\r\nc,d\r\n", MC_CSV_ENCODING_AUTO);

  expect_record (reader, 1, "a", "b", NULL);
  expect_record (reader, 2, "c", "d", NULL);
  expect_end (reader);
}

static void
test_parse_lone_cr (void)
{
  g_autoptr(McCsvReader) reader = reader_for ("a,b\rc,d\re\nf", MC_CSV_ENCODING_AUTO);

  expect_record (reader, 1, "a", "b", NULL);
  expect_record (reader, 2, "c", "d", NULL);
  expect_record (reader, 3, "e", NULL);
  expect_record (reader, 4, "f", NULL);   /* no line end after the last record */
  expect_end (reader);
}

static void
test_parse_quoted_comma (void)
{
  g_autoptr(McCsvReader) reader = reader_for ("\"Beijing, Chaoyang\",x,\",\"\n", MC_CSV_ENCODING_AUTO);

  expect_record (reader, 1, "Beijing, Chaoyang", "x", ",", NULL);
  expect_end (reader);
}

static void
test_parse_quoted_newline (void)
{
  g_autoptr(McCsvReader) reader = NULL;

  reader = reader_for ("id,note\n"
                       "1,\"first\nsecond\r\nthird\rfourth\"\n"
                       "2,after\n"
                       "\"\n\",\"\n\"\n"
                       "3,end\n",
                       MC_CSV_ENCODING_AUTO);
  expect_record (reader, 1, "id", "note", NULL);
  expect_record (reader, 2, "1", "first\nsecond\r\nthird\rfourth", NULL);
  expect_record (reader, 6, "2", "after", NULL);
  expect_record (reader, 7, "\n", "\n", NULL);
  expect_record (reader, 10, "3", "end", NULL);
  expect_end (reader);
}

static void
test_parse_escaped_quotes (void)
{
  g_autoptr(McCsvReader) reader = NULL;

  reader = reader_for ("\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\",\"\",5\" screen\n", MC_CSV_ENCODING_AUTO);
  /* a quote inside an unquoted field is kept as it is */
  expect_record (reader, 1, "say \"hi\"", "\"", "\"\"", "", "5\" screen", NULL);
  expect_end (reader);
}

static void
test_parse_empty_fields (void)
{
  g_autoptr(McCsvReader) reader = NULL;

  reader = reader_for ("a,,c,\n,\n,,\n\"\"\nx,", MC_CSV_ENCODING_AUTO);
  expect_record (reader, 1, "a", "", "c", "", NULL);
  expect_record (reader, 2, "", "", NULL);
  expect_record (reader, 3, "", "", "", NULL);
  expect_record (reader, 4, "", NULL);
  expect_record (reader, 5, "x", "", NULL);
  expect_end (reader);
}

static void
test_parse_blank_lines (void)
{
  g_autoptr(McCsvReader) reader = NULL;

  reader = reader_for ("\n\r\na\n\n\r\rb\r\n\r\n\n", MC_CSV_ENCODING_AUTO);
  expect_record (reader, 3, "a", NULL);
  expect_record (reader, 7, "b", NULL);
  expect_end (reader);

  g_clear_pointer (&reader, mc_csv_reader_free);
  reader = reader_for ("", MC_CSV_ENCODING_AUTO);
  g_assert_cmpint (mc_csv_reader_get_encoding (reader), ==, MC_CSV_ENCODING_UTF8);
  expect_end (reader);

  g_clear_pointer (&reader, mc_csv_reader_free);
  reader = reader_for ("\xef\xbb\xbf\r\n\r\n", MC_CSV_ENCODING_AUTO);
  expect_end (reader);
}

static void
test_parse_whitespace (void)
{
  g_autoptr(McCsvReader) reader = reader_for (" a , b\t,\" c \"\n   \n", MC_CSV_ENCODING_AUTO);

  expect_record (reader, 1, " a ", " b\t", " c ", NULL);
  expect_record (reader, 2, "   ", NULL);   /* only spaces: a record, not a blank line */
  expect_end (reader);
}

static void
test_parse_unterminated_quote (void)
{
  g_autoptr(McCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  reader = reader_for ("a,b\nc,d\n1,\"open\n2,x\n3,y\n", MC_CSV_ENCODING_AUTO);
  error = read_until_error (reader);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  assert_message_has (error, "Line 3:");
  assert_message_has (error, "never closed");
  g_assert_cmpuint (mc_csv_reader_get_line (reader), ==, 3);
  g_clear_error (&error);

  /* the error sticks */
  g_assert_false (mc_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  assert_message_has (error, "Line 3:");
}

static void
test_parse_junk_after_quote (void)
{
  g_autoptr(McCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = reader_for ("id,name\n1,\"ab\"c\n2,ok\n", MC_CSV_ENCODING_AUTO);
  expect_record (reader, 1, "id", "name", NULL);
  error = read_until_error (reader);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  assert_message_has (error, "Line 2:");
  assert_message_has (error, "after the closing quote");
  g_clear_error (&error);
  g_clear_pointer (&reader, mc_csv_reader_free);

  /* named by the physical line of the junk, after a quoted newline */
  reader = reader_for ("\"multi\nline\" x,y\n", MC_CSV_ENCODING_AUTO);
  error = read_until_error (reader);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  assert_message_has (error, "Line 2:");
  g_assert_cmpuint (mc_csv_reader_get_line (reader), ==, 1);
}

/* Many rows, not timed: the speed is measured in bench/. This checks that
 * nothing drifts over a long input: the field count, the values, the lines.
 */
static void
test_parse_many_rows (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(McCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;
  guint rows = 0;
  guint n_rows = 100000;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "%u,m%u,张三,1380000%04u,gold,%u,,\"a,b\",%d,x%s",
                            i, i, i % 10000, i * 7, -(int) i,
                            (i % 3 == 0) ? "\r\n" : "\n");

  reader = mc_csv_reader_new_from_data (text->str, text->len, MC_CSV_ENCODING_AUTO, &error);
  g_assert_no_error (error);

  while (mc_csv_reader_next (reader, &fields, &n_fields, &error))
    {
      char expected[32];

      g_assert_cmpuint (n_fields, ==, 10);
      g_assert_cmpuint (mc_csv_reader_get_line (reader), ==, rows + 1);
      g_snprintf (expected, sizeof expected, "%u", rows);
      g_assert_cmpstr (fields[0], ==, expected);
      g_snprintf (expected, sizeof expected, "%d", -(int) rows);
      g_assert_cmpstr (fields[8], ==, expected);
      g_assert_cmpstr (fields[2], ==, "张三");
      g_assert_cmpstr (fields[6], ==, "");
      g_assert_cmpstr (fields[7], ==, "a,b");
      g_assert_cmpstr (fields[9], ==, "x");
      rows++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, n_rows);
}

/* Writing */

static void
test_write_row (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *row[] = { "1", "张三", "a,b", NULL, "" };
  const char *empty[] = { "" };

  mc_csv_append_row (out, row, G_N_ELEMENTS (row));
  g_assert_cmpstr (out->str, ==, "1,张三,\"a,b\",,\r\n");

  g_string_truncate (out, 0);
  mc_csv_append_row (out, empty, 1);
  g_assert_cmpstr (out->str, ==, "\"\"\r\n");

  g_string_truncate (out, 0);
  mc_csv_append_field (out, "say \"hi\"");
  g_assert_cmpstr (out->str, ==, "\"say \"\"hi\"\"\"");

  g_string_truncate (out, 0);
  mc_csv_append_field (out, "two\nlines");
  g_assert_cmpstr (out->str, ==, "\"two\nlines\"");
}

static void
test_write_formula (void)
{
  static const struct {
    const char *field;
    const char *written;
  } cases[] = {
    { "=SUM(A1:A9)", "\"'=SUM(A1:A9)\"" },
    { "+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\"" },
    { "-2+3", "\"'-2+3\"" },
    { "@SUM(1)", "\"'@SUM(1)\"" },
    { "=\"x\",1", "\"'=\"\"x\"\",1\"" },
    { "\t=1", "\"'\t=1\"" },
    { "-", "\"'-\"" },
    /* plain numbers are not formulas: amounts stay numbers */
    { "-1250", "-1250" },
    { "+3.50", "+3.50" },
    { "-3.", "\"'-3.\"" },
    /* only the first character counts */
    { "a=b", "a=b" },
    { "张三", "张三" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      mc_csv_append_field (out, cases[i].field);
      g_assert_cmpstr (out->str, ==, cases[i].written);
    }
}

static void
test_write_round_trip (void)
{
  static const char *rows[][5] = {
    { "id", "name", "note", "amount", "" },
    { "1", "张三", "a,b", "-1250", "say \"hi\"" },
    { "2", " spaced ", "two\nlines", "0", "\"" },
    { "3", "", "crlf\r\ninside", "", "cr\ronly" },
    { "4", ",", "\"\"", "trailing,", "\n" },
    { "5", "李四", "", "", "" },
  };
  static const char *single[] = { "" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(McCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *fields;
  guint n_fields;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    mc_csv_append_row (out, rows[i], G_N_ELEMENTS (rows[i]));
  mc_csv_append_row (out, single, 1);

  reader = mc_csv_reader_new_from_data (out->str, out->len, MC_CSV_ENCODING_AUTO, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_true (mc_csv_reader_next (reader, &fields, &n_fields, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_fields, ==, G_N_ELEMENTS (rows[i]));
      for (guint j = 0; j < n_fields; j++)
        g_assert_cmpstr (fields[j], ==, rows[i][j]);
    }
  /* the physical lines: row 2 has one newline, row 3 two (CRLF, CR), row 4 one */
  g_assert_cmpuint (mc_csv_reader_get_line (reader), ==, 10);

  g_assert_true (mc_csv_reader_next (reader, &fields, &n_fields, &error));
  g_assert_cmpuint (n_fields, ==, 1);
  g_assert_cmpstr (fields[0], ==, "");
  g_assert_cmpuint (mc_csv_reader_get_line (reader), ==, 11);

  expect_end (reader);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/encoding/utf8-bom", test_encoding_utf8_bom);
  g_test_add_func ("/csv/encoding/utf8", test_encoding_utf8);
  g_test_add_func ("/csv/encoding/gbk", test_encoding_gbk);
  g_test_add_func ("/csv/encoding/forced-utf8", test_encoding_forced_utf8);
  g_test_add_func ("/csv/encoding/invalid", test_encoding_invalid);
  g_test_add_func ("/csv/from-file", test_from_file);
  g_test_add_func ("/csv/parse/crlf", test_parse_crlf);
  g_test_add_func ("/csv/parse/lone-cr", test_parse_lone_cr);
  g_test_add_func ("/csv/parse/quoted-comma", test_parse_quoted_comma);
  g_test_add_func ("/csv/parse/quoted-newline", test_parse_quoted_newline);
  g_test_add_func ("/csv/parse/escaped-quotes", test_parse_escaped_quotes);
  g_test_add_func ("/csv/parse/empty-fields", test_parse_empty_fields);
  g_test_add_func ("/csv/parse/blank-lines", test_parse_blank_lines);
  g_test_add_func ("/csv/parse/whitespace", test_parse_whitespace);
  g_test_add_func ("/csv/parse/unterminated-quote", test_parse_unterminated_quote);
  g_test_add_func ("/csv/parse/junk-after-quote", test_parse_junk_after_quote);
  g_test_add_func ("/csv/parse/many-rows", test_parse_many_rows);
  g_test_add_func ("/csv/write/row", test_write_row);
  g_test_add_func ("/csv/write/formula", test_write_formula);
  g_test_add_func ("/csv/write/round-trip", test_write_round_trip);

  return g_test_run ();
}
