/* mc-crash.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The crash-safety harness (test-crash): a child process runs the core's writing
 * operations in a loop on one workspace and, after each commit returned, appends one line
 * to a log file ("order <id>", "redeem <reason>", ...). The harness kills it with SIGKILL
 * at a random moment, then checks the workspace: integrity, every logged operation there
 * exactly once, every ledger balanced.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* Members the workspace starts with (phones 1390000xxxx). */
#define MC_CRASH_MEMBERS 12
/* Rows of each imported CSV file: an import is all of them or none. */
#define MC_CRASH_IMPORT_ROWS 5

/* One kind of operation of the child: run performs it once (tag makes it unique across
 * every child of a run) and returns the log line for a commit, NULL when it wrote nothing
 * (a refused redemption, say: not an error). check verifies, on the workspace after a
 * kill, what a logged line (its text after "<name> ") promised.
 *
 * Adding an operation is one entry in mc_crash_ops[] (mc-crash-child.c): a run function
 * that logs what it committed, and a check function that finds it exactly once. The sync
 * operation (mc-crash-sync.c, test-crash-sync) is mc_crash_extra_op instead, so that
 * test-crash links no sync client. */
typedef struct
{
  const char *name;
  guint       weight;
  char     *(*run)   (McDb        *db,
                      const char  *dir,
                      guint64      tag,
                      GRand       *rand,
                      GError     **error);
  gboolean  (*check) (McDb        *db,
                      const char  *arg,
                      GString     *problems);
} McCrashOp;

extern const McCrashOp mc_crash_ops[];
/* One more operation in the mix, NULL unless a test sets it before the kills. */
extern const McCrashOp *mc_crash_extra_op;

/* Called after the checks of each kill (kill 0: before the first child), with the
 * workspace's path; full on every 25th kill and the last. Appends what is wrong to
 * problems. */
typedef void (*McCrashHook) (const char *path,
                             guint       kill,
                             gboolean    full,
                             GString    *problems,
                             gpointer    user_data);

/* The workspace every run starts from: members and the default programme. */
void     mc_crash_set_up     (const char *path);
/* The child: runs operations until killed (or n_ops of them when n_ops > 0). Writes one
 * byte to ready_fd (when not -1) once the workspace is open. Returns an exit status. */
int      mc_crash_child_main (const char *path,
                              const char *log_path,
                              guint       child_index,
                              guint32     seed,
                              guint       n_ops,
                              int         ready_fd);
/* The checks after a kill: appends what is wrong to problems (one line each). The number
 * of logged lines checked is added to n_checked. */
void     mc_crash_check      (const char *path,
                              const char *log_path,
                              GString    *problems,
                              guint      *n_checked);

/* The kills: a fresh workspace in a temporary folder, kills children killed at random
 * moments, each followed by the checks and after_kill (may be NULL); fails the test on the
 * first problem. long_span_ms (0: none): one kill in four comes within that time rather
 * than within about one and a half operations. */
void     mc_crash_kills      (guint        kills,
                              guint        long_span_ms,
                              McCrashHook  after_kill,
                              gpointer     user_data);
/* When set, each child of mc_crash_kills() is this executable started again (fork and
 * exec): a child of a bare fork inherits no threads, and GIO's and libsoup's (which a
 * harness talking HTTP has) would leave it hanging on a lock. The test's main then starts
 * by handing arguments that start with "--crash-child" to mc_crash_child_main_from_args(),
 * which runs the child and returns its exit status (2 for bad arguments). */
extern gboolean mc_crash_exec_children;
int      mc_crash_child_main_from_args (int    argc,
                                        char **argv);
guint    mc_crash_env_uint   (const char  *name,
                              guint        fallback);
void     mc_crash_remove_dir (const char  *dir);

/* The one number a query returns (-1 on an error, appended to problems). */
gint64   mc_crash_query_int  (McDb       *db,
                              GString    *problems,
                              const char *format,
                              ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
