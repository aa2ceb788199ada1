/* mc-validate.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions: input text in, a normalised value or a GError (MC_ERROR_INVALID) whose
 * message names the value and says what would be right. No database, no GTK.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_NAME_MAX_CHARS 64
#define MC_NOTES_MAX_CHARS 2000
#define MC_REGION_MAX_CHARS 64

gboolean mc_validate_phone    (const char  *input,
                               char       **e164,
                               GError     **error);
gboolean mc_validate_email    (const char  *input,
                               char       **normalized,
                               GError     **error);
gboolean mc_validate_name     (const char  *input,
                               char       **normalized,
                               GError     **error);
gboolean mc_validate_card_no  (const char  *input,
                               char       **normalized,
                               GError     **error);
/* "1990-05-17" or a month and day alone "05-17" (stored as "--05-17"). */
gboolean mc_validate_birthday (const char  *input,
                               GDateTime   *today,
                               char       **normalized,
                               GError     **error);
/* m/f/u, also 男/女/male/female/M/F/未知; empty means u. */
gboolean mc_validate_gender   (const char  *input,
                               char        *gender,
                               GError     **error);
/* Free text: trimmed (NULL when blank), at most MC_REGION_MAX_CHARS / MC_NOTES_MAX_CHARS. */
gboolean mc_validate_region   (const char  *input,
                               char       **normalized,
                               GError     **error);
gboolean mc_validate_notes    (const char  *input,
                               char       **normalized,
                               GError     **error);
/* "12.34" yuan -> 1234 fen. Positive, at most two decimals, at most 100,000,000 yuan. */
gboolean mc_parse_yuan        (const char  *input,
                               gint64      *fen,
                               GError     **error);
/* A whole number of points, 1 .. 100,000,000. */
gboolean mc_parse_points      (const char  *input,
                               gint64      *points,
                               GError     **error);
/* ISO 8601: "2026-11-24", "2026-11-24T10:30[:00][Z|+08:00]", "2026-11-24 10:30".
 * Without a zone the time is in tz. A date alone is its midnight; if end_of_day, 23:59:59. */
gboolean mc_parse_time        (const char  *input,
                               GTimeZone   *tz,
                               gboolean     end_of_day,
                               gint64      *epoch,
                               GError     **error);
char    *mc_format_time       (gint64       epoch,
                               GTimeZone   *tz);
char    *mc_format_date       (gint64       epoch,
                               GTimeZone   *tz);
char    *mc_format_yuan       (gint64       fen);

G_END_DECLS
