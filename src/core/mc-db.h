/* mc-db.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "mc-role.h"

G_BEGIN_DECLS

#define MC_SCHEMA_VERSION 3

#define MC_TYPE_DB (mc_db_get_type ())
G_DECLARE_FINAL_TYPE (McDb, mc_db, MC, DB, GObject)

McDb         *mc_db_open              (const char   *path,
                                       GError      **error);
/* A second, read-only connection to a workspace that mc_db_open() has made (and migrated):
 * for a worker thread, which must not share the main thread's McDb. WAL lets it read
 * while the main connection writes. */
McDb         *mc_db_open_reader       (const char   *path,
                                       GError      **error);
const char   *mc_db_get_path          (McDb         *self);
sqlite3      *mc_db_get_handle        (McDb         *self);
int           mc_db_get_schema_version (McDb        *self);

McRole        mc_db_get_role          (McDb         *self);
void          mc_db_set_role          (McDb         *self,
                                       McRole        role);
const char   *mc_db_get_actor         (McDb         *self);
void          mc_db_set_actor         (McDb         *self,
                                       const char   *actor);

/* Transactions: every write goes through one. They nest: only the outermost commits. */
gboolean      mc_db_begin             (McDb         *self,
                                       GError      **error);
gboolean      mc_db_commit            (McDb         *self,
                                       GError      **error);
void          mc_db_rollback          (McDb         *self);
gboolean      mc_db_in_transaction    (McDb         *self);

/* The local change sequence: every write of a synced row takes the next number. */
gint64        mc_db_next_seq          (McDb         *self);

/* Statements: cached by SQL text, reset and cleared for reuse. */
sqlite3_stmt *mc_db_prepare           (McDb         *self,
                                       const char   *sql,
                                       GError      **error);
gboolean      mc_db_exec              (McDb         *self,
                                       const char   *sql,
                                       GError      **error);
/* Steps a statement to SQLITE_DONE; sets error on anything else. */
gboolean      mc_db_step_done         (McDb         *self,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
gboolean      mc_db_set_error         (McDb         *self,
                                       GError      **error);

gboolean      mc_db_get_meta          (McDb         *self,
                                       const char   *key,
                                       char        **value,
                                       GError      **error);
gboolean      mc_db_set_meta          (McDb         *self,
                                       const char   *key,
                                       const char   *value,
                                       GError      **error);

/* Bulk loading: faster settings for a one-off load into a workspace (demo, big import). */
void          mc_db_set_bulk_mode     (McDb         *self,
                                       gboolean      bulk);

/* The workspace's time zone (meta "time_zone", default Asia/Shanghai). */
GTimeZone    *mc_db_get_time_zone     (McDb         *self);

/* Bulk loads into large parts of a table: its secondary indexes (those declared with CREATE
 * INDEX, not the keys) are dropped inside the caller's transaction and created again, by
 * one sort each, before it commits. Far faster than keeping them up to date row by row
 * when the load is at least as big as what the table held. A UNIQUE index that cannot be
 * created again (a duplicate slipped in) fails the restore, and so the transaction. */
GPtrArray    *mc_db_drop_indexes      (McDb         *self,
                                       const char   *table,
                                       GError      **error);
gboolean      mc_db_restore_indexes   (McDb         *self,
                                       GPtrArray    *saved,
                                       GError      **error);

/* Helpers for rows */
char         *mc_db_new_id            (void);
char         *mc_db_new_rev           (const char   *old_rev);
gint64        mc_db_now               (void);
const char   *mc_db_column_text       (sqlite3_stmt *stmt,
                                       int           col);

G_END_DECLS
