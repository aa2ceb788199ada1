/* mc-member.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  /* Set by people (validated by mc_member_validate) */
  char    *id;
  char    *card_no;            /* generated when empty */
  char    *name;
  char    *phone;              /* E.164 after validation */
  char    *email;
  char     gender;             /* 'm', 'f' or 'u' */
  char    *birthday;           /* "1990-05-17" or "--05-17" */
  char    *region;
  char    *store_id;
  gint64   joined_at;          /* 0: now */
  char    *join_channel;       /* store, online, referral, import, ... */
  char    *referrer_id;
  char    *status;             /* active, frozen, erased */
  gboolean consent_marketing;
  gint64   consent_at;
  char    *consent_purpose;
  char    *notes;

  /* Kept by the rules engine: read-only here */
  gint64   rowid;
  char    *tier;
  gint64   tier_since;
  gint64   downgrade_pending_since;
  char    *manual_tier;
  char    *manual_reason;
  gint64   manual_until;
  gint64   points_balance;
  gint64   growth;
  gint64   spend_fen;
  gint64   orders_count;
  gint64   last_visit_at;
  gint64   updated_at;
  char    *rev;
  gboolean deleted;
  gint64   seq;
} McMember;

McMember *mc_member_new       (void);
void      mc_member_free      (McMember    *self);
McMember *mc_member_copy      (const McMember *self);

/* Trims and normalises every field in place (phone to E.164, email lowercased, ...);
 * the first bad field gives the error, prefixed with the field's name. */
gboolean  mc_member_validate  (McMember    *self,
                               GError     **error);
/* Inserts a new member (id, card number, rev given here), indexes it for search, writes
 * the audit record; in its own transaction, or the caller's. A phone or card already
 * used by another member is MC_ERROR_DUPLICATE. */
gboolean  mc_member_insert    (McDb        *db,
                               McMember    *self,
                               GError     **error);
/* Saves the person-editable fields of self over the stored member with self->id. */
gboolean  mc_member_update    (McDb        *db,
                               McMember    *self,
                               GError     **error);
/* Soft delete and its undo. */
gboolean  mc_member_set_deleted (McDb      *db,
                                 const char *id,
                                 gboolean   deleted,
                                 GError   **error);

McMember *mc_member_load      (McDb        *db,
                               const char  *id,
                               GError     **error);
McMember *mc_member_load_rowid (McDb       *db,
                                gint64      rowid,
                                GError    **error);
/* What a person types: a member id, a phone number in any accepted form, or a card
 * number. Deleted members are not found. */
McMember *mc_member_find      (McDb        *db,
                               const char  *ref,
                               GError     **error);
/* The id of the live member with this E.164 phone, or NULL. */
char     *mc_member_id_for_phone (McDb     *db,
                                  const char *e164,
                                  GError  **error);

/* A JSON object of the member as the database's role may see it (analysts: masked phone,
 * no email). */
JsonNode *mc_member_to_json   (const McMember *self,
                               McRole          role);

/* Generated card numbers: MC_MEMBER_CARD_NO_FORMAT of a number from the workspace's
 * counter ("MC00000001"). */
#define MC_MEMBER_CARD_NO_FORMAT "MC%08" G_GINT64_FORMAT

/* The next generated card number, inside the caller's transaction. */
char     *mc_member_next_card_no (McDb     *db,
                                  GError  **error);
/* Takes n numbers off the counter at once (one read and one write of it), inside the
 * caller's transaction: *first .. *first + n - 1, for MC_MEMBER_CARD_NO_FORMAT. A number
 * may already be the card of a member who came with it (an import): skipping those is the
 * caller's job. */
gboolean  mc_member_reserve_card_nos (McDb     *db,
                                      guint     n,
                                      gint64   *first,
                                      GError  **error);

gint64    mc_member_count     (McDb        *db,
                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMember, mc_member_free)

G_END_DECLS
