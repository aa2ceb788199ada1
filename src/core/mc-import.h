/* mc-import.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing members and orders from CSV files, as people save them from Excel or another
 * system: UTF-8 (with or without a BOM) or GBK, Chinese or English column names.
 *
 * Every row is checked before anything is written. A dry run only reports. A real run
 * writes all good rows in one transaction with one audit record; if any row is bad (or a
 * duplicate) and skip_invalid is FALSE it writes nothing.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-csv.h"
#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  McCsvEncoding encoding;      /* MC_CSV_ENCODING_AUTO: detect */
  gboolean      dry_run;       /* check and report, write nothing */
  gboolean      skip_invalid;  /* import the good rows, skip the bad and duplicate ones */
} McImportOptions;

typedef struct
{
  guint  line;                 /* physical line of the CSV file where the row starts */
  char  *column;               /* the header text of the column, as in the file; NULL: the row */
  char  *value;                /* the cell as read */
  char  *reason;               /* what is wrong, from the validator */
} McImportProblem;

typedef struct
{
  guint          rows_read;      /* data rows in the file (the header row not counted) */
  guint          rows_valid;     /* rows that are good and not duplicates: what a real run writes */
  guint          rows_imported;  /* rows written (0 in a dry run or a refused run) */
  guint          rows_skipped;   /* bad or duplicate rows, left out */
  GPtrArray     *problems;       /* McImportProblem*: every bad cell of every bad row */
  GPtrArray     *duplicates;     /* McImportProblem*: a phone seen on an earlier line or
                                    belonging to an existing member */
  GPtrArray     *warnings;       /* char*: about the file as a whole (unknown columns, ...) */
  McCsvEncoding  encoding_used;  /* MC_CSV_ENCODING_UTF8 or MC_CSV_ENCODING_GBK */
  double         seconds;        /* wall time of the whole import */
} McImportReport;

/* fraction: 0.0 .. 1.0; called from the importing thread, a few hundred times at most. */
typedef void (*McImportProgress) (double   fraction,
                                  gpointer user_data);

/* report may be NULL; when given it is cleared first and filled even when the import fails
 * because of bad rows. Needs MC_PERMISSION_IMPORT (also for a dry run). */
gboolean  mc_import_members       (McDb                  *db,
                                   const char            *path,
                                   const McImportOptions *options,
                                   McImportReport        *report,
                                   McImportProgress       progress,
                                   gpointer               user_data,
                                   GCancellable          *cancellable,
                                   GError               **error);
gboolean  mc_import_orders        (McDb                  *db,
                                   const char            *path,
                                   const McImportOptions *options,
                                   McImportReport        *report,
                                   McImportProgress       progress,
                                   gpointer               user_data,
                                   GCancellable          *cancellable,
                                   GError               **error);

typedef enum
{
  MC_IMPORT_KIND_UNKNOWN,
  MC_IMPORT_KIND_MEMBERS,
  MC_IMPORT_KIND_ORDERS,
} McImportKind;

typedef struct
{
  char       *header;    /* the header text, as in the file */
  const char *field;     /* what it is imported as (translated); NULL: ignored */
  gboolean    computed;  /* kept by the programme's rules, so not imported */
} McImportColumn;

/* Reads the header row of path only: the kind of file it looks like (members: a name and a
 * phone column, no amount; orders: an amount, no name; else MC_IMPORT_KIND_UNKNOWN) and,
 * when columns is given, each column's field for kind (MC_IMPORT_KIND_UNKNOWN: the kind
 * detected, members when it is unknown). No database needed. */
McImportKind mc_import_inspect    (const char            *path,
                                   McCsvEncoding          encoding,
                                   McImportKind           kind,
                                   GPtrArray            **columns,
                                   GError               **error);
/* mc_import_members() or mc_import_orders(). */
gboolean  mc_import_kind          (McDb                  *db,
                                   McImportKind           kind,
                                   const char            *path,
                                   const McImportOptions *options,
                                   McImportReport        *report,
                                   McImportProgress       progress,
                                   gpointer               user_data,
                                   GCancellable          *cancellable,
                                   GError               **error);

void      mc_import_report_clear  (McImportReport        *report);
/* {"rows_read": .., "rows_valid": .., "rows_imported": .., "rows_skipped": ..,
 *  "encoding": "utf-8"|"gbk", "seconds": .., "problems": [{"line", "column", "value",
 *  "reason"}], "duplicates": [...], "warnings": ["..."]} */
JsonNode *mc_import_report_to_json (const McImportReport *report);

G_END_DECLS
