/* mc-sync-doc.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A replicated document as the CouchDB replication protocol carries it, without a database:
 * decoding one from bytes (a pure function, fuzzed), its revision ("N-hash") and revision
 * path (_revisions), the winning-revision rule, and which table each document type maps to.
 * The mapping itself is written down in data/sync-schema.md.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A synced record type: its document "type", its table, and whether its rows never change. */
typedef struct
{
  const char *type;
  const char *table;
  gboolean    immutable;
} McSyncType;

const McSyncType *mc_sync_type_lookup      (const char *type);
const McSyncType *mc_sync_type_for_table   (const char *table);
const McSyncType *mc_sync_types            (guint      *n_types);
/* Splits "member:<uuid>" into its known type and its row id; NULL when the id names no
 * type of this version (the document is then kept and passed on as it is). */
const McSyncType *mc_sync_type_for_doc_id  (const char  *doc_id,
                                            const char **row_id);

typedef struct
{
  char       *id;
  char       *rev;
  guint64     gen;       /* the revision's generation, N of "N-hash" */
  gboolean    deleted;
  GStrv       path;      /* revision hashes from rev back to its oldest known ancestor */
  JsonObject *body;      /* the fields, without _id, _rev, _revisions and _deleted */
} McSyncDoc;

/* Decodes one document, as _bulk_get or open_revs return it: an object with _id and a valid
 * _rev, optional _deleted and _revisions (which must agree with _rev). Never crashes on any
 * input; anything else is an MC_ERROR_INVALID error. */
McSyncDoc  *mc_sync_doc_decode         (const char   *data,
                                        gsize         length,
                                        GError      **error);
McSyncDoc  *mc_sync_doc_from_object    (JsonObject   *object,
                                        GError      **error);
void        mc_sync_doc_free           (McSyncDoc    *doc);
/* The document as _bulk_docs with new_edits:false takes it (with _revisions). */
JsonObject *mc_sync_doc_to_object      (const char   *id,
                                        const char   *rev,
                                        gboolean      deleted,
                                        const char * const *path,
                                        JsonObject   *body);

/* "N-hash": TRUE with its generation and hash when the revision is well formed. */
gboolean    mc_sync_rev_parse          (const char   *rev,
                                        guint64      *gen,
                                        const char  **hash);
/* CouchDB's winner: a live leaf beats a deleted one, then the higher generation, then the
 * greater hash (as bytes). Positive when a wins. */
int         mc_sync_rev_compare        (const char   *a_rev,
                                        gboolean      a_deleted,
                                        const char   *b_rev,
                                        gboolean      b_deleted);
/* A revision hash for a generation this workspace skipped (two local edits between two
 * syncs): the same for the same document and revisions, so a retried push is the same. */
char       *mc_sync_rev_filler         (const char   *doc_id,
                                        const char   *rev,
                                        guint64       gen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncDoc, mc_sync_doc_free)

G_END_DECLS
