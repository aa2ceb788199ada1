/* mc-test-import.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the import and export tests share; see mc-test-import.c.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"
#include "mc-import.h"
#include "mc-member.h"

G_BEGIN_DECLS

/* A workspace in a temporary folder */

typedef struct
{
  char *dir;
  McDb *db;
} Workspace;

Workspace             *workspace_new  (void);
void                   workspace_free (Workspace       *ws);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workspace, workspace_free)

char                  *write_file     (Workspace       *ws,
                                       const char      *name,
                                       const char      *text);
char                  *read_file      (const char      *path);
char                  *data_path      (const char      *name);
gint64                 count_members  (Workspace       *ws);
gint64                 count_rows     (Workspace       *ws,
                                       const char      *sql);
McMember              *find_member    (Workspace       *ws,
                                       const char      *ref);
gboolean               import_members (Workspace       *ws,
                                       const char      *path,
                                       gboolean         dry_run,
                                       gboolean         skip_invalid,
                                       McImportReport  *report,
                                       GError         **error);
gboolean               import_orders  (Workspace       *ws,
                                       const char      *path,
                                       gboolean         dry_run,
                                       gboolean         skip_invalid,
                                       McImportReport  *report,
                                       GError         **error);
const McImportProblem *find_problem   (GPtrArray       *problems,
                                       guint            line,
                                       const char      *column);
char                  *tags_of        (Workspace       *ws,
                                       const McMember  *member);
char                  *phone_message  (const char      *text);

G_END_DECLS
