/* mc-member-privacy.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A member's rights under PIPL: a copy of all their data, and erasure that keeps the
 * anonymous aggregates (orders, ledgers) so the totals stay right.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* All of one member's data as a JSON document (pretty-printed): profile, consent, tags,
 * orders and refunds, the points and growth ledgers, events, subscriptions, the tier and
 * its manual override, the benefits used, and the processing log (when, what, by which
 * role). Only for a role that may see contact data (the refusal is
 * audited); the export itself is audited (without personal data). */
char     *mc_member_export_data (McDb        *db,
                                 const char  *member_id,
                                 GError     **error);

/* PIPL erasure, confirmed by typed_name: the member's exact name (surrounding spaces
 * aside). The name becomes a neutral placeholder; phone, email, birthday, region, notes,
 * consent purpose and referrer are cleared; the status becomes "erased"; the search index
 * forgets the member; the audit log's copies of the member lose their personal fields.
 * Orders, ledgers and the member's totals stay. One transaction, audited without personal
 * data; needs MC_PERMISSION_ADMIN. A name that does not match, or a member erased
 * already, is MC_ERROR_INVALID and changes nothing. */
gboolean  mc_member_erase       (McDb        *db,
                                 const char  *member_id,
                                 const char  *typed_name,
                                 GError     **error);

G_END_DECLS
