/* mc-search.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Member search: name characters, pinyin initials and the phone's last four digits over
 * the FTS5 table member_fts; the phone number and the card number by their beginning.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* The terms indexed for a member, as one space-separated string. */
char      *mc_search_build_terms  (const char  *name,
                                   const char  *phone_e164);
/* Index and unindex: inside the caller's transaction. Unindexing needs the old values. */
gboolean   mc_search_index        (McDb        *db,
                                   gint64       rowid,
                                   const char  *name,
                                   const char  *phone_e164,
                                   GError     **error);
gboolean   mc_search_unindex      (McDb        *db,
                                   gint64       rowid,
                                   const char  *name,
                                   const char  *phone_e164,
                                   GError     **error);
/* The FTS5 MATCH expression for what a person typed, or NULL when it has no name or
 * last-four-digits part to find. */
char      *mc_search_build_query  (const char  *typed);
/* Whether what a person typed has anything to search for (name, phone or card number). */
gboolean   mc_search_has_text     (const char  *typed);
/* Member rowids, best first; at most limit. */
GArray    *mc_search_members      (McDb        *db,
                                   const char  *typed,
                                   guint        limit,
                                   GError     **error);

G_END_DECLS
