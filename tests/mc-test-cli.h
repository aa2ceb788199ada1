/* mc-test-cli.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the test-cli* executables share; see mc-test-cli.c.
 */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A workspace in a temporary folder */

typedef struct
{
  char *dir;       /* the temporary folder */
  char *db;        /* the workspace file in it; no command has created it yet */
} Workspace;

Workspace *workspace_new        (void);
void       workspace_free       (Workspace  *ws);
char      *workspace_file       (Workspace  *ws,
                                 const char *name);
char      *write_workspace_file (Workspace  *ws,
                                 const char *name,
                                 const char *text);
char      *read_text_file       (const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workspace, workspace_free)

/* Running the CLI */

typedef struct
{
  char *command;   /* the command line, for messages */
  int   status;    /* the exit status; -1 when a signal ended the process */
  char *out;
  char *err;
} Run;

void  note                  (const char *format,
                             ...) G_GNUC_PRINTF (1, 2);
void  run_free              (Run        *r);
Run  *cli                   (Workspace  *ws,
                             const char *first,
                             ...) G_GNUC_NULL_TERMINATED;
Run  *cli_zh                (Workspace  *ws,
                             const char *first,
                             ...) G_GNUC_NULL_TERMINATED;
void  expect_ok             (Run        *r);
char *one_line_problem      (const char *err);
void  expect_one_error_line (Run        *r);
void  expect_failure        (Run        *r,
                             int         status,
                             ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* JSON */

JsonNode    *parse_json            (Run        *r);
JsonObject  *object_of             (JsonNode   *node);
void         expect_key            (JsonObject *obj,
                                    const char *key);
gint64       get_int               (JsonObject *obj,
                                    const char *key);
const char  *get_string            (JsonObject *obj,
                                    const char *key);
JsonNode    *show_member           (Workspace  *ws,
                                    const char *ref);
gint64       member_int            (Workspace  *ws,
                                    const char *ref,
                                    const char *key);
gint64       summary_int           (Workspace  *ws,
                                    const char *key);
void         init_workspace        (Workspace  *ws);
char        *init_with_zhang_san   (Workspace  *ws);
gboolean     has_full_phone_number (const char *text);

/* The cases of one executable, each run in a child process of its own. */

typedef struct
{
  const char *path;
  GTestFunc   func;
} CliCase;

int mc_test_cli_run (int            *argc,
                     char         ***argv,
                     const CliCase  *all_cases,
                     guint           n_cases);

G_END_DECLS
