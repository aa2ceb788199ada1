/* mc-search.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Terms of a member, for the FTS5 table member_fts (unicode61 tokenizer, contentless):
 * each CJK character of the name as its own token (so 张三 is the phrase "张 三"), the
 * name's pinyin initials (zs), Latin words of the name, the national phone number
 * (13812345678), its last four digits (5678) and the card number. A query becomes
 * prefix matches on the same tokens.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include "mc-error.h"
#include "mc-pinyin.h"
#include "mc-search.h"

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff);
}

/* Splits a name: CJK characters each on their own, other runs of letters and digits as
 * words, lowercased. */
static void
append_name_tokens (GString    *out,
                    const char *name)
{
  gboolean in_word = FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_cjk (c))
        {
          if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          in_word = FALSE;
        }
      else if (g_unichar_isalnum (c))
        {
          if (!in_word && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, g_unichar_tolower (c));
          in_word = TRUE;
        }
      else
        in_word = FALSE;
    }
}

/* Surnames read differently from the character's most common reading (kMandarin's first):
 * 曾 is céng but the surname Zēng. A name starting with one is indexed under both. */
static const struct { const char *hanzi; char initial; } surname_readings[] = {
  { "曾", 'z' }, { "单", 's' }, { "解", 'x' }, { "仇", 'q' }, { "区", 'o' }, { "查", 'z' },
  { "翟", 'z' }, { "乐", 'y' }, { "覃", 'q' }, { "种", 'c' }, { "秘", 'b' }, { "折", 's' },
  { "长", 'c' }, { "重", 'c' }, { "藏", 'z' }, { "句", 'g' }, { "繁", 'p' }, { "隗", 'w' },
  { "召", 's' }, { "郇", 'x' }, { "尉", 'y' }, { "朴", 'p' },
};

static char
surname_initial (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (surname_readings); i++)
    if (g_str_has_prefix (name, surname_readings[i].hanzi))
      return surname_readings[i].initial;
  return 0;
}

static const char *
national_number (const char *e164)
{
  if (e164 == NULL)
    return NULL;
  if (g_str_has_prefix (e164, "+86"))
    return e164 + 3;
  if (e164[0] == '+')
    return e164 + 1;
  return e164;
}

char *
mc_search_build_terms (const char *name,
                       const char *phone_e164,
                       const char *card_no)
{
  GString *out = g_string_sized_new (64);
  const char *national = national_number (phone_e164);

  if (name != NULL)
    {
      g_autofree char *initials = mc_pinyin_initials (name);

      append_name_tokens (out, name);
      /* Initials of an all-Latin name are just its letters: index them only for CJK. */
      if (initials != NULL && initials[0] != '\0')
        {
          gboolean any_cjk = FALSE;

          for (const char *p = name; *p != '\0' && !any_cjk; p = g_utf8_next_char (p))
            any_cjk = is_cjk (g_utf8_get_char (p));
          if (any_cjk)
            {
              char surname = surname_initial (name);

              g_string_append_printf (out, " %s", initials);
              if (surname != 0 && surname != initials[0])
                g_string_append_printf (out, " %c%s", surname, initials + 1);
            }
        }
    }
  if (national != NULL && national[0] != '\0')
    {
      gsize len = strlen (national);

      g_string_append_printf (out, " %s", national);
      if (len > 4)
        g_string_append_printf (out, " %s", national + len - 4);
    }
  if (card_no != NULL && card_no[0] != '\0')
    {
      g_autofree char *lower = g_ascii_strdown (card_no, -1);

      g_string_append_c (out, ' ');
      for (const char *p = lower; *p != '\0'; p++)
        g_string_append_c (out, g_ascii_isalnum (*p) ? *p : ' ');
    }
  return g_string_free (out, FALSE);
}

static gboolean
fts_write (McDb        *db,
           gboolean     remove,
           gint64       rowid,
           const char  *name,
           const char  *phone,
           const char  *card,
           GError     **error)
{
  g_autofree char *terms = mc_search_build_terms (name, phone, card);
  sqlite3_stmt *stmt = mc_db_prepare (db, remove
    ? "INSERT INTO member_fts (member_fts, rowid, terms) VALUES ('delete', ?, ?)"
    : "INSERT INTO member_fts (rowid, terms) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, terms, -1, SQLITE_STATIC);
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_search_index (McDb        *db,
                 gint64       rowid,
                 const char  *name,
                 const char  *phone_e164,
                 const char  *card_no,
                 GError     **error)
{
  return fts_write (db, FALSE, rowid, name, phone_e164, card_no, error);
}

gboolean
mc_search_unindex (McDb        *db,
                   gint64       rowid,
                   const char  *name,
                   const char  *phone_e164,
                   const char  *card_no,
                   GError     **error)
{
  return fts_write (db, TRUE, rowid, name, phone_e164, card_no, error);
}

char *
mc_search_build_query (const char *typed)
{
  g_autoptr(GString) tokens = g_string_new (NULL);
  g_autoptr(GString) query = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  g_autofree char *digits_only = NULL;

  if (typed == NULL || !g_utf8_validate (typed, -1, NULL))
    return NULL;

  /* A phone number typed with spaces or dashes, or with +86, is one token. */
  {
    GString *d = g_string_new (NULL);
    gboolean phone_like = TRUE;

    for (const char *p = typed; *p != '\0'; p++)
      {
        if (g_ascii_isdigit (*p))
          g_string_append_c (d, *p);
        else if (*p != ' ' && *p != '-' && *p != '+')
          phone_like = FALSE;
      }
    if (phone_like && d->len >= 3)
      {
        if (d->len == 13 && g_str_has_prefix (d->str, "86"))
          g_string_erase (d, 0, 2);
        digits_only = g_string_free (d, FALSE);
      }
    else
      g_string_free (d, TRUE);
  }

  if (digits_only != NULL)
    g_string_append (tokens, digits_only);
  else
    append_name_tokens (tokens, typed);

  words = g_strsplit (tokens->str, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (query->len > 0)
        g_string_append (query, " AND ");
      /* Tokens hold only letters and digits: quoting makes them literal. */
      g_string_append_printf (query, "\"%s\"*", words[i]);
    }
  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

GArray *
mc_search_members (McDb        *db,
                   const char  *typed,
                   guint        limit,
                   GError     **error)
{
  g_autofree char *query = mc_search_build_query (typed);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (query == NULL)
    return g_steal_pointer (&rowids);

  /* Contentless FTS: join back to live members; shorter term lists rank first. */
  stmt = mc_db_prepare (db,
    "SELECT m.rowid FROM member_fts f JOIN member m ON m.rowid = f.rowid "
    "WHERE member_fts MATCH ? AND m.deleted = 0 ORDER BY f.rank, m.rowid LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : 50);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&rowids);
}
