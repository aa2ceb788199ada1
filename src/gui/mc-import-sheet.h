/* mc-import-sheet.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-import.h"
#include "mc-window.h"

G_BEGIN_DECLS

#define MC_TYPE_IMPORT_SHEET (mc_import_sheet_get_type ())
G_DECLARE_FINAL_TYPE (McImportSheet, mc_import_sheet, MC, IMPORT_SHEET, AdwWindow)

/* A sheet over window for importing file into its workspace: it checks every row first (a
 * dry run, in a worker), shows the kind of file, the columns, the row count and every bad
 * row; import.start runs the import in a worker with a progress bar (import.cancel stops
 * it, writing nothing), then shows the result as a toast on window, refreshes its pages
 * and closes. */
McImportSheet *mc_import_sheet_new              (McWindow      *window,
                                                 GFile         *file);

/* For tests: "checking", "ready", "failed", "importing" or "done". */
const char    *mc_import_sheet_get_state        (McImportSheet *self);
McImportKind   mc_import_sheet_get_kind         (McImportSheet *self);
/* Checks the file again as kind. */
void           mc_import_sheet_set_kind         (McImportSheet *self,
                                                 McImportKind   kind);
guint          mc_import_sheet_get_rows_read    (McImportSheet *self);
/* The field a column is imported as, as shown; NULL: ignored, or no such column. */
const char    *mc_import_sheet_get_column_field (McImportSheet *self,
                                                 const char    *header);
/* Bad and duplicate rows, as listed: "line\tcolumn\tvalue\treason". */
guint          mc_import_sheet_get_n_problems   (McImportSheet *self);
char          *mc_import_sheet_get_problem_text (McImportSheet *self,
                                                 guint          i);
void           mc_import_sheet_set_skip_invalid (McImportSheet *self,
                                                 gboolean       skip);
/* Whether import.start is enabled. */
gboolean       mc_import_sheet_can_import       (McImportSheet *self);

G_END_DECLS
