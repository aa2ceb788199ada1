/* mc-cli.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member-console-cli: the core's operations without a display. Each command parses its
 * own options (so each has --help), prints text or, with --json, one JSON document, and
 * fails with one translated line on stderr and a non-zero exit.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"
#include "mc-member.h"

G_BEGIN_DECLS

typedef struct _McCliCommand McCliCommand;

typedef struct
{
  char               *db_path;
  McRole              role;
  gboolean            json;
  gboolean            progress;   /* stderr is a terminal: show progress there */
  McDb               *db;
  const McCliCommand *command;
} McCli;

typedef gboolean (*McCliRun) (McCli   *cli,
                              int      argc,
                              char   **argv,
                              GError **error);

struct _McCliCommand
{
  const char *name;        /* "member add" */
  const char *summary;     /* translated at use */
  McCliRun    run;
  gboolean    creates;     /* may create the workspace file */
};

/* Parses a command's options (adding --json); --help prints and exits. Leaves the
 * positional arguments in argv. Errors in the command line are G_OPTION_ERROR (exit 2). */
gboolean  mc_cli_parse         (McCli         *cli,
                                int           *argc,
                                char        ***argv,
                                const char    *parameters,
                                const char    *summary,
                                GOptionEntry  *entries,
                                GError       **error);
/* After mc_cli_parse(): checks the number of positional arguments, then opens (or, for
 * init and demo, creates) the workspace. Nothing is touched before the command line is
 * known to be right. */
gboolean  mc_cli_begin         (McCli         *cli,
                                int            argc,
                                int            wanted,
                                const char    *usage,
                                GError       **error);
void      mc_cli_print_json    (JsonNode      *node);
/* "  Label:      value": the label padded to width columns of the terminal (a Chinese
 * character takes two), then the value formatted like printf. */
void      mc_cli_print_row     (int            indent,
                                int            width,
                                const char    *format,
                                const char    *label,
                                ...) G_GNUC_PRINTF (3, 5);
/* Pads text with spaces to width terminal columns; a newly allocated string. */
char     *mc_cli_pad           (const char    *text,
                                int            width);
McMember *mc_cli_find_member   (McCli         *cli,
                                const char    *ref,
                                GError       **error);
gboolean  mc_cli_parse_time    (McCli         *cli,
                                const char    *text,
                                gboolean       end_of_day,
                                gint64        *epoch,
                                GError       **error);
char     *mc_cli_format_time   (McCli         *cli,
                                gint64         epoch);

/* The command tables of each file. */
extern const McCliCommand mc_cli_member_commands[];
extern const McCliCommand mc_cli_ledger_commands[];
extern const McCliCommand mc_cli_data_commands[];
extern const McCliCommand mc_cli_analytics_commands[];
extern const McCliCommand mc_cli_programme_commands[];
extern const McCliCommand mc_cli_sync_commands[];
extern const McCliCommand mc_cli_privacy_commands[];
extern const McCliCommand mc_cli_report_commands[];

G_END_DECLS
