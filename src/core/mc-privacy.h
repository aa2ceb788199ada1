/* mc-privacy.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PIPL for marketing: who may be sent marketing (consented, active members only), and the
 * marketing lists built on that rule (the birthday list).
 */
#pragma once

#include <glib.h>

#include "mc-db.h"
#include "mc-export.h"
#include "mc-member.h"

G_BEGIN_DECLS

/* Whether a member may receive marketing: consented (with a consent time), active and not
 * deleted. An erased or frozen member never may. */
gboolean  mc_privacy_marketing_allowed (const McMember  *member);

/* The same rule as an SQL condition over the member table under the alias given (for
 * example "m"), to AND into the WHERE of any marketing list (recall lists, birthdays):
 * "(m.consent_marketing = 1 AND m.consent_at IS NOT NULL AND m.status = 'active' AND
 * m.deleted = 0)". A newly allocated string; alias NULL means no alias. */
char     *mc_privacy_marketing_sql     (const char      *alias);

/* The birthday list of a month (1 to 12): the members born in that month who consented to
 * marketing, ordered by day then name, written as CSV (UTF-8 with a BOM) or JSON: card
 * number, name, phone, birthday (month and day only: the year is not needed), tier,
 * consent time and purpose. A role that may not see contacts gets the phone masked. The
 * file is readable by its owner only and replaced in one step. *n_rows: members listed;
 * *n_left_out: members born that month left out for want of consent. Audited. */
gboolean  mc_privacy_export_birthdays  (McDb            *db,
                                        int              month,
                                        const char      *path,
                                        McExportFormat   format,
                                        guint64         *n_rows,
                                        guint64         *n_left_out,
                                        GError         **error);

G_END_DECLS
