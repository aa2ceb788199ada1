/* mc-programme-version.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Versions of the programme in a workspace (table programme_version): one live version,
 * drafts being designed, and retired versions that were live once. Publishing a draft makes
 * it live from its effective date, retires the version it replaces, re-evaluates every
 * member's tier under it, and records all of that in the audit log, in one transaction.
 *
 * Changes need MC_PERMISSION_WRITE_PROGRAMME (a clerk or an analyst is refused, and the
 * refusal is audited); listing and loading only read.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"
#include "mc-programme.h"
#include "mc-tier.h"

G_BEGIN_DECLS

typedef enum
{
  MC_PROGRAMME_DRAFT,
  MC_PROGRAMME_LIVE,
  MC_PROGRAMME_RETIRED,
} McProgrammeStatus;

typedef struct
{
  char              *id;
  McProgrammeStatus  status;
  char              *name;
  gint64             created_at;
  gint64             effective_at;  /* live or retired: from when it applied; a draft: the
                                     * date it is scheduled to go live, 0: not scheduled */
} McProgrammeVersion;

const char         *mc_programme_status_to_string (McProgrammeStatus status);
const char         *mc_programme_status_display   (McProgrammeStatus status);
/* As mc_programme_status_display (), but a scheduled draft says "Scheduled". */
const char         *mc_programme_version_status_display (const McProgrammeVersion *version);
void                mc_programme_version_free     (McProgrammeVersion *version);

/* Every version, the live one first, then drafts, then retired ones, newest first within
 * each. A workspace whose live programme was never stored lists nothing live. */
GPtrArray          *mc_programme_versions_list    (McDb               *db,
                                                   GError            **error);
/* A version by its id or an unambiguous beginning of it (at least 4 characters). */
McProgrammeVersion *mc_programme_version_find     (McDb               *db,
                                                   const char         *ref,
                                                   GError            **error);
/* The programme of a version (by id or beginning of it). */
McProgramme        *mc_programme_version_load     (McDb               *db,
                                                   const char         *ref,
                                                   GError            **error);

/* A new draft holding programme (validated first); returns its id. */
char               *mc_programme_draft_create     (McDb               *db,
                                                   McProgramme        *programme,
                                                   GError            **error);
/* Replaces a draft's document; only a draft can be saved. */
gboolean            mc_programme_draft_save       (McDb               *db,
                                                   const char         *draft_id,
                                                   McProgramme        *programme,
                                                   GError            **error);
gboolean            mc_programme_draft_delete     (McDb               *db,
                                                   const char         *draft_id,
                                                   GError            **error);
/* Publishes a draft: it becomes the live version with effective_at (0: now), the live one
 * is retired, the tables benefit and paid_plan follow its catalogue (by code; codes it
 * dropped are marked deleted), and every member's tier is re-evaluated as of now (stats,
 * may be NULL, says what moved). An effective_at later than now schedules the draft
 * instead: it stays a draft with that date (stats all 0) until mc_programme_publish_due ()
 * finds the date has come. */
gboolean            mc_programme_publish          (McDb               *db,
                                                   const char         *draft_id,
                                                   gint64              effective_at,
                                                   McTierStats        *stats,
                                                   GError            **error);

/* A draft with a date to go live. */
gboolean            mc_programme_version_is_scheduled (const McProgrammeVersion *version);
/* The draft is no longer scheduled (it stays a draft); a draft not scheduled is an error. */
gboolean            mc_programme_draft_unschedule (McDb               *db,
                                                   const char         *draft_id,
                                                   GError            **error);
/* Whether a scheduled draft's date is at or before now (reads only: one query on a small
 * table), so that a reader can tell whether a writer is needed. */
gboolean            mc_programme_any_due          (McDb               *db,
                                                   gint64              now,
                                                   gboolean           *due,
                                                   GError            **error);
/* Makes live every scheduled draft whose date is at or before now, oldest first (each
 * retires the one before; audited as programme.publish.scheduled, with its scheduled date
 * as effective date), then re-evaluates every member's tier as of now, all in one
 * transaction. published (may be NULL) gets the version that is live afterwards, NULL
 * when nothing was due. Cheap when nothing is due (one query on a small table). The
 * publishing was allowed when it was scheduled, so no programme permission is asked; a
 * role that may not write members' tiers (an analyst) leaves it to the next one that may. */
gboolean            mc_programme_publish_due      (McDb               *db,
                                                   gint64              now,
                                                   McProgrammeVersion **published,
                                                   McTierStats        *stats,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McProgrammeVersion, mc_programme_version_free)

G_END_DECLS
