/* mc-import-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the import of members (mc-import-members.c reads them, mc-import-members-write.c
 * writes them) and of orders (mc-import-orders.c) share, kept in mc-import.c: the state of
 * one import, the header row's mapping to fields, cells, problems, progress and
 * cancellation, and the write pass's transaction with its audit record.
 */
#pragma once

#include <sqlite3.h>

#include "mc-import.h"

G_BEGIN_DECLS

/* Imports at least this big run with the database's bulk settings. */
#define MC_IMPORT_BULK_ROWS 20000
/* How often (in rows) the loops look at the cancellable and report progress. */
#define MC_IMPORT_CHECK_EVERY 512
/* Fields of the widest kind of row (members). */
#define MC_IMPORT_MAX_FIELDS 16

/* What a header maps to besides a field (a field is 0 and up). */
enum
{
  MC_IMPORT_COLUMN_UNKNOWN = -1,
  MC_IMPORT_COLUMN_COMPUTED = -2,   /* exported for reading, kept by the rules engine */
};

typedef struct
{
  const char *alias;    /* compared after normalising case, spaces and separators */
  int         field;
} McImportAlias;

/* The state of one import. When the first pass runs on a thread of its own (see
 * mc-import-members.c), that thread owns the reading half until it is joined: read_db,
 * reader, bad_lines, stores, store_errors, chunk, and the report's problems, duplicates,
 * warnings and counts; the calling thread owns db and progress. */
typedef struct
{
  McDb                  *db;
  McDb                  *read_db;       /* what the first pass looks up (stores, members)
                                           through: db, or the reading thread's own */
  const char            *path;
  const McImportOptions *options;
  McImportReport        *report;
  McImportProgress       progress;
  gpointer               user_data;
  GCancellable          *cancellable;

  McCsvReader           *reader;
  GTimeZone             *tz;
  gint64                 now;
  gint64                 start;         /* monotonic */
  guint                  total_lines;   /* physical lines in the file: for progress, and
                                           at most one row each */
  double                 last_fraction;

  char                 **headers;       /* the header row as read */
  guint                  n_headers;
  int                    col[MC_IMPORT_MAX_FIELDS]; /* field -> CSV column, or -1 */

  GHashTable            *bad_lines;     /* lines with a problem or a duplicate */
  GHashTable            *stores;        /* name as written -> store id, or NULL: unknown */
  GHashTable            *store_errors;  /* name as written -> the lookup's message */
  GStringChunk          *chunk;         /* text of the good rows */
} McImport;

/* The body of mc_import_members() or mc_import_orders(): the two passes over the file,
 * once the permission is checked and the file opened. */
typedef gboolean (*McImportRun)      (McImport  *imp,
                                      GError   **error);
/* The second pass, inside the import's transaction. */
typedef gboolean (*McImportWriteRows) (McImport  *imp,
                                       gpointer   data,
                                       GError   **error);

/* The header aliases of each kind of file (mc-import-members.c, mc-import-orders.c), and
 * one header's field (or MC_IMPORT_COLUMN_*), for mc-import-inspect.c. */
const McImportAlias *mc_import_member_aliases (guint              *n_aliases,
                                               guint              *n_fields);
const McImportAlias *mc_import_order_aliases  (guint              *n_aliases,
                                               guint              *n_fields);
int          mc_import_field_for_header (const McImportAlias *aliases,
                                         guint                n_aliases,
                                         const char          *text);

gboolean     mc_import_run            (McDb                  *db,
                                       const char            *path,
                                       const McImportOptions *options,
                                       McImportReport        *report,
                                       McImportProgress       progress,
                                       gpointer               user_data,
                                       GCancellable          *cancellable,
                                       const char            *action,
                                       McImportRun            run,
                                       GError               **error);

/* Reading */
gboolean     mc_import_read_header    (McImport            *imp,
                                       const McImportAlias *aliases,
                                       guint                n_aliases,
                                       guint                n_fields,
                                       GError             **error);
char        *mc_import_header_list    (McImport            *imp);
const char  *mc_import_cell           (McImport            *imp,
                                       const char * const  *fields,
                                       guint                n_fields,
                                       int                  field);
gboolean     mc_import_cell_is_blank  (const char          *text);
gboolean     mc_import_row_is_blank   (const char * const  *fields,
                                       guint                n_fields);
char        *mc_import_clean_notes    (const char          *raw);
const char  *mc_import_chunk_or_null  (McImport            *imp,
                                       const char          *text);
const char  *mc_import_lookup_store   (McImport            *imp,
                                       guint                line,
                                       int                  field,
                                       const char          *raw);

/* Problems: field is a field or -1 for the row as a whole. */
void         mc_import_add_problem    (McImport            *imp,
                                       guint                line,
                                       int                  field,
                                       const char          *value,
                                       const char          *reason);
void         mc_import_add_duplicate  (McImport            *imp,
                                       guint                line,
                                       int                  field,
                                       const char          *value,
                                       const char          *reason);

/* Progress: the first pass is the first half of the bar, the second pass the rest. */
void         mc_import_report_progress (McImport           *imp,
                                        double              fraction);
void         mc_import_report_read_progress (McImport      *imp);
gboolean     mc_import_check_cancelled (McImport           *imp,
                                        GError            **error);

/* After the first pass: whether its bad rows (if any) may be left out, and the error when
 * not. */
gboolean     mc_import_may_write      (McImport            *imp,
                                       GError             **error);
/* After the first pass: TRUE when the import ends here (a dry run, with *ok TRUE; or bad
 * rows refused, with *ok FALSE and error set). */
gboolean     mc_import_done_after_read (McImport           *imp,
                                        gboolean           *ok,
                                        GError            **error);
/* The second pass: one transaction (the caller's, if one is open), one audit record for
 * action, everything rolled back on an error or a cancel. expected_rows (what the first pass
 * found good, or an estimate when the passes overlap) chooses the database's bulk mode;
 * report->rows_valid rows are counted as imported. */
gboolean     mc_import_write_in_transaction (McImport          *imp,
                                             guint              expected_rows,
                                             const char        *action,
                                             McImportWriteRows  write_rows,
                                             gpointer           data,
                                             GError           **error);

void         mc_import_bind_text_or_null (sqlite3_stmt      *stmt,
                                          int                index,
                                          const char        *text);
/* Names the line in a row's write error ("Line 12: ..."), unless the error is about the
 * workspace (a full disk, a read-only file) rather than the row. */
void         mc_import_prefix_line       (GError           **error,
                                          guint              line);

/* ------------------------------------------------------------------------------------ */
/* Members: the rows the first pass hands to the second                                 */

/* A good row of a members file; its text is in the import's chunk. */
typedef struct
{
  guint        line;
  const char  *name;
  const char  *phone;               /* E.164 */
  const char  *email;
  const char  *birthday;
  const char  *region;
  const char  *store_id;
  const char  *card_no;             /* NULL: generated when written */
  const char  *channel;
  const char  *notes;
  const char  *tags;                /* "name:kind;name:kind", or NULL */
  gint64       joined_at;
  char         gender;
  gboolean     consent;

  /* Made for the write */
  char        *id;
  char        *rev;
  char        *terms;               /* for the search index */
  char         generated_card_no[24];
} McImportMemberRow;

#define MC_IMPORT_MEMBER_BATCH MC_IMPORT_CHECK_EVERY

typedef struct
{
  guint              n_rows;
  gboolean           keyed;         /* ids and revs made */
  McImportMemberRow  rows[MC_IMPORT_MEMBER_BATCH];
} McImportMemberBatch;

void         mc_import_member_batch_free      (gpointer             batch);
/* Ids and revs: by the reading thread when there is one, else just before the write. */
void         mc_import_member_batch_make_keys (McImportMemberBatch *batch);

/* The second pass of a members import, batch by batch, in the import's transaction:
 * begin, add every batch in the order of the file, finish. */
typedef struct _McImportMemberWriter McImportMemberWriter;

/* file_cards: the card numbers the file names (normalised), which generated ones skip, as
 * they skip those of live members when existing; NULL: the file names none. */
McImportMemberWriter *mc_import_member_writer_new    (McImport              *imp,
                                                      GHashTable            *file_cards,
                                                      gboolean               existing);
/* all: every batch, when the first pass is over (their card numbers are given here, while
 * the member table still has its indexes); NULL when the batches are still being read.
 * expected_rows decides whether the member table's indexes are rebuilt afterwards. */
gboolean     mc_import_member_writer_begin    (McImportMemberWriter  *writer,
                                               GPtrArray             *all,
                                               guint                  expected_rows,
                                               GError               **error);
/* Writes batch, which stays the caller's until finish (that indexes its rows for search);
 * reports progress up to fraction (of the whole import). */
gboolean     mc_import_member_writer_add      (McImportMemberWriter  *writer,
                                               McImportMemberBatch   *batch,
                                               double                 fraction,
                                               GError               **error);
/* The member table's indexes and the search index of all rows added. */
gboolean     mc_import_member_writer_finish   (McImportMemberWriter  *writer,
                                               GError               **error);
void         mc_import_member_writer_free     (McImportMemberWriter  *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McImportMemberWriter, mc_import_member_writer_free)

G_END_DECLS
