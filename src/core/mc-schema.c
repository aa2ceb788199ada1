/* mc-schema.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workspace schema, as forward migrations. Never edit a migration that has shipped:
 * add the next one. Every table is STRICT. Synced tables carry id (a UUID), rev (a
 * CouchDB-style revision "N-hex"), deleted (a tombstone flag) and seq (the local change
 * sequence, taken from mc_db_next_seq() on every write).
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include "mc-schema.h"

/* Orders, events and ledger entries never change once written (a refund is a new order,
 * a correction a new entry): their change sequence is fixed at insert and serves as the
 * rowid, so they need no separate seq index and their other indexes point at an integer
 * rather than a 36-character id. */
#define IMMUTABLE_KEYS \
  "  seq INTEGER PRIMARY KEY,\n" \
  "  id TEXT NOT NULL UNIQUE,\n"
#define IMMUTABLE_SYNC_COLUMNS \
  "  rev TEXT NOT NULL,\n" \
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0 OR deleted = 1)\n"

#define SYNC_COLUMNS \
  "  rev TEXT NOT NULL,\n" \
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0 OR deleted = 1),\n" \
  "  seq INTEGER NOT NULL\n"

static const char migration_1[] =
  "CREATE TABLE meta (\n"
  "  key TEXT PRIMARY KEY,\n"
  "  value TEXT\n"
  ") STRICT;\n"

  "CREATE TABLE store (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  name TEXT NOT NULL,\n"
  "  city TEXT,\n"
  SYNC_COLUMNS
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE UNIQUE INDEX store_name ON store (name) WHERE deleted = 0;\n"
  "CREATE INDEX store_seq ON store (seq);\n"

  "CREATE TABLE member (\n"
  "  rowid INTEGER PRIMARY KEY,\n"
  "  id TEXT NOT NULL UNIQUE,\n"
  "  card_no TEXT NOT NULL,\n"
  "  name TEXT NOT NULL,\n"
  "  phone TEXT,\n"                                   /* E.164, +86... */
  "  email TEXT,\n"
  "  gender TEXT NOT NULL DEFAULT 'u' CHECK (gender = 'm' OR gender = 'f' OR gender = 'u'),\n"
  "  birthday TEXT,\n"                                /* YYYY-MM-DD or --MM-DD */
  "  region TEXT,\n"
  "  store_id TEXT REFERENCES store (id),\n"
  "  joined_at INTEGER NOT NULL,\n"
  "  join_channel TEXT NOT NULL DEFAULT 'store',\n"
  "  referrer_id TEXT,\n"
  "  status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'frozen' OR "
  "      status = 'erased'),\n"
  "  consent_marketing INTEGER NOT NULL DEFAULT 0 CHECK (consent_marketing = 0 OR consent_marketing = 1),\n"
  "  consent_at INTEGER,\n"
  "  consent_purpose TEXT,\n"
  "  notes TEXT,\n"
  "  tier TEXT NOT NULL DEFAULT '',\n"
  "  tier_since INTEGER,\n"
  "  downgrade_pending_since INTEGER,\n"
  "  manual_tier TEXT,\n"
  "  manual_reason TEXT,\n"
  "  manual_until INTEGER,\n"
  "  points_balance INTEGER NOT NULL DEFAULT 0 CHECK (points_balance >= 0),\n"
  "  growth INTEGER NOT NULL DEFAULT 0,\n"
  "  spend_fen INTEGER NOT NULL DEFAULT 0,\n"
  "  orders_count INTEGER NOT NULL DEFAULT 0,\n"
  "  last_visit_at INTEGER,\n"
  "  updated_at INTEGER NOT NULL,\n"
  SYNC_COLUMNS
  ") STRICT;\n"
  "CREATE UNIQUE INDEX member_phone ON member (phone) WHERE deleted = 0 AND phone IS NOT NULL;\n"
  "CREATE UNIQUE INDEX member_card ON member (card_no) WHERE deleted = 0;\n"
  "CREATE INDEX member_seq ON member (seq);\n"
  /* No index per sortable column: the member list sorts the rowids of the live members
   * once per query (a quarter of a second at 1,000,000 members, in a worker thread), and
   * six partial indexes would cost every import and every order their upkeep. */

  "CREATE TABLE tag (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  name TEXT NOT NULL,\n"
  "  kind TEXT NOT NULL CHECK (kind = 'basic' OR kind = 'behaviour' OR kind = 'interest' OR "
  "      kind = 'value'),\n"
  SYNC_COLUMNS
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE UNIQUE INDEX tag_name ON tag (name) WHERE deleted = 0;\n"
  "CREATE INDEX tag_seq ON tag (seq);\n"

  "CREATE TABLE member_tag (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  member_id TEXT NOT NULL REFERENCES member (id),\n"
  "  tag_id TEXT NOT NULL REFERENCES tag (id),\n"
  SYNC_COLUMNS
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE UNIQUE INDEX member_tag_pair ON member_tag (member_id, tag_id) WHERE deleted = 0;\n"
  "CREATE INDEX member_tag_tag ON member_tag (tag_id);\n"
  "CREATE INDEX member_tag_seq ON member_tag (seq);\n"

  /* Enumerations are checked with OR, not IN (...): SQLite 3.40 builds a temporary table
   * for an IN list each time an INSERT runs, a real cost at millions of rows. */
  /* A sale has a positive amount; a refund a negative one and the order it refunds. */
  "CREATE TABLE orders (\n"
  IMMUTABLE_KEYS
  "  member_id TEXT REFERENCES member (id),\n"
  "  store_id TEXT REFERENCES store (id),\n"
  "  amount_fen INTEGER NOT NULL,\n"
  "  at INTEGER NOT NULL,\n"
  "  refund_of TEXT REFERENCES orders (id),\n"
  "  note TEXT,\n"
  IMMUTABLE_SYNC_COLUMNS ",\n"
  "  CHECK ((refund_of IS NULL AND amount_fen > 0) OR (refund_of IS NOT NULL AND amount_fen < 0))\n"
  ") STRICT;\n"
  "CREATE INDEX orders_member ON orders (member_id, at);\n"
  "CREATE INDEX orders_refund ON orders (refund_of) WHERE refund_of IS NOT NULL;\n"

  "CREATE TABLE member_event (\n"
  IMMUTABLE_KEYS
  "  member_id TEXT NOT NULL REFERENCES member (id),\n"
  "  kind TEXT NOT NULL CHECK (kind = 'visit' OR kind = 'login' OR kind = 'checkin' OR "
  "      kind = 'share' OR kind = 'invite' OR kind = 'share_bought' OR kind = 'like' OR "
  "      kind = 'benefit_used'),\n"
  "  at INTEGER NOT NULL,\n"
  "  ref TEXT,\n"
  IMMUTABLE_SYNC_COLUMNS
  ") STRICT;\n"
  "CREATE INDEX member_event_member ON member_event (member_id, kind, at);\n"

  /* Append-only. A positive earn/reward/adjust entry is a lot with an expiry; negative
   * entries consume the oldest lots first. unrecovered: points a refund could not take
   * back because the balance would have gone below zero. */
  "CREATE TABLE points_ledger (\n"
  IMMUTABLE_KEYS
  "  member_id TEXT NOT NULL REFERENCES member (id),\n"
  "  kind TEXT NOT NULL CHECK (kind = 'earn' OR kind = 'reward' OR kind = 'adjust' OR "
  "      kind = 'redeem' OR kind = 'refund' OR kind = 'expire'),\n"
  "  delta INTEGER NOT NULL,\n"
  "  reason TEXT,\n"
  "  ref_id TEXT,\n"
  "  at INTEGER NOT NULL,\n"
  "  expires_at INTEGER,\n"
  "  unrecovered INTEGER NOT NULL DEFAULT 0 CHECK (unrecovered >= 0),\n"
  "  actor TEXT,\n"
  IMMUTABLE_SYNC_COLUMNS
  ") STRICT;\n"
  /* What an order earned is found through its member (a few dozen entries), so ref_id needs
   * no index of its own: at ten million orders each index is a gigabyte. */
  "CREATE INDEX points_ledger_member ON points_ledger (member_id, at);\n"

  "CREATE TABLE growth_ledger (\n"
  IMMUTABLE_KEYS
  "  member_id TEXT NOT NULL REFERENCES member (id),\n"
  "  kind TEXT NOT NULL CHECK (kind = 'order' OR kind = 'action' OR kind = 'adjust' OR "
  "      kind = 'refund' OR kind = 'violation'),\n"
  "  delta INTEGER NOT NULL,\n"
  "  reason TEXT,\n"
  "  ref_id TEXT,\n"
  "  at INTEGER NOT NULL,\n"
  "  unrecovered INTEGER NOT NULL DEFAULT 0 CHECK (unrecovered >= 0),\n"
  "  actor TEXT,\n"
  IMMUTABLE_SYNC_COLUMNS
  ") STRICT;\n"
  "CREATE INDEX growth_ledger_member ON growth_ledger (member_id, at);\n"

  /* The programme: tiers, points and growth rules, campaigns, as one JSON document per
   * version. One live version at a time; drafts are edited and published. */
  "CREATE TABLE programme_version (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  status TEXT NOT NULL CHECK (status = 'draft' OR status = 'live' OR status = 'retired'),\n"
  "  name TEXT NOT NULL,\n"
  "  doc TEXT NOT NULL CHECK (json_valid (doc)),\n"
  "  created_at INTEGER NOT NULL,\n"
  "  effective_at INTEGER,\n"
  SYNC_COLUMNS
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE UNIQUE INDEX programme_live ON programme_version (status) WHERE status = 'live' AND deleted = 0;\n"
  "CREATE INDEX programme_version_seq ON programme_version (seq);\n"

  "CREATE TABLE benefit (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  code TEXT NOT NULL,\n"
  "  name TEXT NOT NULL,\n"
  "  kind TEXT NOT NULL CHECK (kind = 'identity' OR kind = 'price' OR kind = 'service' OR "
  "      kind = 'partner'),\n"
  "  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (params)),\n"
  "  unit_cost_fen INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost_fen >= 0),\n"
  "  usage_rate_permille INTEGER NOT NULL DEFAULT 0 CHECK (usage_rate_permille BETWEEN 0 AND 1000),\n"
  "  limit_per_period INTEGER,\n"
  "  period TEXT CHECK (period = 'day' OR period = 'week' OR period = 'month' OR period = 'quarter' OR "
  "      period = 'year'),\n"
  "  valid_from INTEGER,\n"
  "  valid_to INTEGER,\n"
  SYNC_COLUMNS
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE UNIQUE INDEX benefit_code ON benefit (code) WHERE deleted = 0;\n"
  "CREATE INDEX benefit_seq ON benefit (seq);\n"

  "CREATE TABLE paid_plan (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  code TEXT NOT NULL,\n"
  "  name TEXT NOT NULL,\n"
  "  period TEXT NOT NULL CHECK (period = 'month' OR period = 'quarter' OR period = 'year' OR "
  "      period = 'lifetime'),\n"
  "  price_fen INTEGER NOT NULL CHECK (price_fen >= 0),\n"
  "  trial_days INTEGER NOT NULL DEFAULT 0 CHECK (trial_days >= 0),\n"
  "  benefits TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (benefits)),\n"
  SYNC_COLUMNS
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE UNIQUE INDEX paid_plan_code ON paid_plan (code) WHERE deleted = 0;\n"
  "CREATE INDEX paid_plan_seq ON paid_plan (seq);\n"

  "CREATE TABLE subscription (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  member_id TEXT NOT NULL REFERENCES member (id),\n"
  "  plan_id TEXT NOT NULL REFERENCES paid_plan (id),\n"
  "  started_at INTEGER NOT NULL,\n"
  "  ends_at INTEGER,\n"
  "  trial_until INTEGER,\n"
  "  status TEXT NOT NULL CHECK (status = 'trial' OR status = 'active' OR status = 'cancelled' OR "
  "      status = 'expired'),\n"
  "  auto_renew INTEGER NOT NULL DEFAULT 1 CHECK (auto_renew = 0 OR auto_renew = 1),\n"
  "  renewals INTEGER NOT NULL DEFAULT 0,\n"
  SYNC_COLUMNS
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE INDEX subscription_member ON subscription (member_id);\n"
  "CREATE INDEX subscription_seq ON subscription (seq);\n"

  /* Not synced: who did what, written in the same transaction as the change. */
  "CREATE TABLE audit_log (\n"
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  at INTEGER NOT NULL,\n"
  "  actor TEXT NOT NULL,\n"
  "  role TEXT NOT NULL,\n"
  "  action TEXT NOT NULL,\n"
  "  entity TEXT,\n"
  "  entity_id TEXT,\n"
  "  before TEXT CHECK (before IS NULL OR json_valid (before)),\n"
  "  after TEXT CHECK (after IS NULL OR json_valid (after))\n"
  ") STRICT;\n"
  "CREATE INDEX audit_log_entity ON audit_log (entity_id);\n"

  /* Search terms of each member (name characters, pinyin initials, phone, its last four
   * digits, card number), contentless: the member table holds the values. */
  "CREATE VIRTUAL TABLE member_fts USING fts5 (\n"
  "  terms, content = '', tokenize = 'unicode61 remove_diacritics 2', columnsize = 0, detail = none\n"
  ");\n"
  "INSERT INTO member_fts (member_fts, rank) VALUES ('pgsz', 16000);\n";

/* Sync (the CouchDB replication client, src/sync/): the revision tree's leaves of every
 * replicated document, the checkpoints of each replication, and what a server refused.
 * A leaf whose body is NULL is the one its domain row holds (the winner); the other
 * leaves (a conflict's losers, tombstones, documents this version does not understand)
 * keep their JSON body here, so they are passed on, never dropped. path: the revision
 * hashes from this leaf back towards the root, newest first (CouchDB's _revisions). */
static const char migration_2[] =
  "CREATE TABLE sync_leaf (\n"
  "  doc_id TEXT NOT NULL,\n"
  "  rev TEXT NOT NULL,\n"
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0 OR deleted = 1),\n"
  "  path TEXT NOT NULL CHECK (json_valid (path)),\n"
  "  body TEXT CHECK (body IS NULL OR json_valid (body)),\n"
  "  extra TEXT CHECK (extra IS NULL OR json_valid (extra)),\n"
  "  seq INTEGER NOT NULL,\n"
  "  PRIMARY KEY (doc_id, rev)\n"
  ") STRICT, WITHOUT ROWID;\n"
  "CREATE INDEX sync_leaf_seq ON sync_leaf (seq);\n"

  "CREATE TABLE sync_checkpoint (\n"
  "  replication_id TEXT PRIMARY KEY,\n"
  "  session_id TEXT NOT NULL,\n"
  "  last_seq TEXT NOT NULL CHECK (json_valid (last_seq)),\n"
  "  history TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (history)),\n"
  "  updated_at INTEGER NOT NULL\n"
  ") STRICT, WITHOUT ROWID;\n"

  "CREATE TABLE sync_rejected (\n"
  "  doc_id TEXT NOT NULL,\n"
  "  rev TEXT NOT NULL,\n"
  "  error TEXT NOT NULL,\n"
  "  reason TEXT,\n"
  "  at INTEGER NOT NULL,\n"
  "  PRIMARY KEY (doc_id, rev)\n"
  ") STRICT, WITHOUT ROWID;\n";

/* Privacy and abuse checks: the manual points adjustments by time, for the report of
 * redemptions right after an adjustment, without reading the whole ledger (at a million
 * members the ledger is gigabytes; the adjustments a few rows). Partial, so the upkeep of
 * every other entry is nothing. */
static const char migration_3[] =
  "CREATE INDEX points_ledger_adjust ON points_ledger (at) WHERE kind = 'adjust';\n";

static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
};

const char * const *
mc_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

static const char * const synced_tables[] = {
  "store", "member", "tag", "member_tag", "orders", "member_event", "points_ledger",
  "growth_ledger", "programme_version", "benefit", "paid_plan", "subscription", NULL,
};

const char * const *
mc_schema_get_synced_tables (void)
{
  return synced_tables;
}
