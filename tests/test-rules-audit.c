/* test-rules-audit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules engine on who may do what and what the audit log records: an analyst and a
 * clerk, one audit row per operation, and the rules these tests found missing. The
 * fixture (the default programme) is in mc-test-rules.c.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-test-rules.h"

/* ---- roles --------------------------------------------------------------------------- */

static void
test_roles_analyst (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = add_member (f, "沈六", "13800000016");
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 };
  McOrderInput input = { 0 };
  Counts before;
  gint64 refused_before;
  JsonArray *array;
  gboolean saw_order_add = FALSE;

  add_order (f, id, 12850, 0, &sale);
  before = counts_of (f);
  refused_before = audit_count (f, "refused");
  g_assert_cmpint (refused_before, ==, 0);

  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  input.member_id = id;
  input.amount_fen = 1000;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_add (f->db, &input, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
    g_assert_nonnull (strstr (error->message, "Analyst"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 10, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_refund (f->db, sale.order_id, 0, 0, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }

  /* Nothing changed but three refusals in the audit log, each naming what was refused. */
  g_assert_cmpint (audit_count (f, "refused"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'refused' AND role = 'analyst'"),
                   ==, 3);
  {
    Counts now = counts_of (f);

    g_assert_cmpint (now.orders, ==, before.orders);
    g_assert_cmpint (now.points, ==, before.points);
    g_assert_cmpint (now.growth, ==, before.growth);
    g_assert_cmpint (now.audit, ==, before.audit + 3);
  }
  list = mc_audit_list (f->db, 3, NULL);
  g_assert_nonnull (list);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  /* Newest first: the refund was refused last. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "action"),
                   ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (array, 0), "after"), "refused"), ==, "order.refund");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      JsonObject *after = json_object_get_object_member (row, "after");

      g_assert_cmpstr (json_object_get_string_member (row, "role"), ==, "analyst");
      if (g_strcmp0 (json_object_get_string_member (after, "refused"), "order.add") == 0)
        saw_order_add = TRUE;
    }
  g_assert_true (saw_order_add);

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 128);
  g_assert_cmpint (m->orders_count, ==, 1);
  mc_order_result_clear (&sale);
}

static void
test_roles_clerk (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  McOrderResult sale = { 0 };

  mc_db_set_role (f->db, MC_ROLE_CLERK);
  mc_db_set_actor (f->db, "clerk-01");
  id = add_member (f, "韩七", "13800000017");
  add_order (f, id, 12850, 0, &sale);
  redeem (f, id, 28);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'order.add' AND role = 'clerk' "
                              "AND actor = 'clerk-01' AND entity_id = '%s'", sale.order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE actor = 'clerk-01'"), ==, 2);
  g_assert_cmpint (audit_count (f, "refused"), ==, 0);
  assert_balances (f, id);
  mc_order_result_clear (&sale);
}

/* ---- audit --------------------------------------------------------------------------- */

/* Runs one operation and checks it added exactly n audit rows, of that action. */
#define EXPECT_AUDIT(f, action, n, stmt) G_STMT_START { \
    gint64 total_ = query_int (f, "SELECT count(*) FROM audit_log"); \
    gint64 of_action_ = audit_count (f, action); \
    stmt; \
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, total_ + (n)); \
    g_assert_cmpint (audit_count (f, action), ==, of_action_ + (n)); \
  } G_STMT_END

static void
test_audit_one_per_operation (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *id = NULL;
  McOrderResult sale = { 0 }, back = { 0 };
  McOrderInput input = { 0 };

  g_assert_cmpint (audit_count (f, "programme.publish"), ==, 1);

  EXPECT_AUDIT (f, "member.add", 1, id = add_member (f, "杨八", "13800000018"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'member.add' AND entity_id = '%s'",
                              id), ==, 1);
  EXPECT_AUDIT (f, "order.add", 1, add_order (f, id, 12850, 0, &sale));
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.points') FROM audit_log "
                              "WHERE action = 'order.add' AND entity_id = '%s'", sale.order_id), ==, 128);
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.growth') FROM audit_log "
                              "WHERE action = 'order.add' AND entity_id = '%s'", sale.order_id), ==, 138);
  EXPECT_AUDIT (f, "order.refund", 1, back = refund (f, sale.order_id, 1000));
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.points') FROM audit_log "
                              "WHERE action = 'order.refund' AND entity_id = '%s'", back.order_id), ==, -9);
  EXPECT_AUDIT (f, "points.redeem", 1, redeem (f, id, 19));
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.balance') FROM audit_log "
                              "WHERE action = 'points.redeem' AND entity_id = '%s'", id), ==, 100);
  EXPECT_AUDIT (f, "points.adjust", 1, g_assert_true (mc_points_adjust (f->db, id, 5, "补录", NULL)));
  EXPECT_AUDIT (f, "points.expire", 1, expire (f, mc_db_now (), 0, 0));

  /* Failed operations leave no trace. */
  input.member_id = id;
  input.amount_fen = 0;
  EXPECT_AUDIT (f, "order.add", 0, g_assert_false (mc_order_add (f->db, &input, NULL, NULL)));
  EXPECT_AUDIT (f, "points.redeem", 0, g_assert_false (mc_points_redeem (f->db, id, 1000, "兑换", NULL)));
  EXPECT_AUDIT (f, "points.adjust", 0, g_assert_false (mc_points_adjust (f->db, id, 5, " ", NULL)));
  EXPECT_AUDIT (f, "order.refund", 0, g_assert_false (mc_order_refund (f->db, sale.order_id, 20000, 0, NULL, NULL)));
  EXPECT_AUDIT (f, "order.refund", 0, g_assert_false (mc_order_refund (f->db, back.order_id, 0, 0, NULL, NULL)));

  /* Same transaction: an order inside a caller's transaction that is rolled back takes its
   * audit record with it. */
  {
    g_autoptr(GError) error = NULL;
    Counts before = counts_of (f);
    McOrderResult r = { 0 };

    g_assert_true (mc_db_begin (f->db, &error));
    add_order (f, id, 5000, 0, &r);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE entity_id = '%s'", r.order_id), ==, 1);
    mc_db_rollback (f->db);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE entity_id = '%s'", r.order_id), ==, 0);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s'", r.order_id), ==, 0);
    assert_counts_unchanged (f, &before);
    mc_order_result_clear (&r);
  }
  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&back);
}

/* ---- rules found missing by these tests, now kept by the core ---------------------------- */

/* Publishing a programme is MC_PERMISSION_WRITE_PROGRAMME: a clerk or an analyst may not,
 * and the refusal is audited. */
static void
test_rule_programme_install_permission (Fixture       *f,
                                       gconstpointer  data)
{
  McRole roles[] = { MC_ROLE_CLERK, MC_ROLE_ANALYST };

  g_test_set_nonfatal_assertions ();
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McProgramme) programme = mc_programme_new_default ();
      gint64 versions = query_int (f, "SELECT count(*) FROM programme_version");
      gint64 refused = audit_count (f, "refused");
      gboolean ok;

      mc_db_set_role (f->db, roles[i]);
      programme->points_per_yuan = 100;
      ok = mc_programme_install_live (f->db, programme, &error);
      g_assert_false (ok);
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM programme_version"), ==, versions);
      g_assert_cmpint (query_int (f, "SELECT json_extract (doc, '$.points.per_yuan') FROM programme_version "
                                  "WHERE status = 'live'"), ==, 1);
      g_assert_cmpint (audit_count (f, "refused"), ==, refused + 1);
    }
}

/* Recording an action writes the event and the growth: one audit record, like every other
 * operation that checks its permission (a refused "event.add" is audited already). */
static void
test_rule_event_audited (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = add_member (f, "朱九", "13800000019");
  gint64 total = query_int (f, "SELECT count(*) FROM audit_log");

  g_test_set_nonfatal_assertions ();
  g_assert_cmpint (record_event (f, id, "like", 0), ==, 5);
  g_assert_cmpint (audit_count (f, "event.add"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, total + 1);
}

/* A refund is dated after its sale (and not in the future, like a sale). A refund dated
 * before its sale is replayed before the lot it takes back: the lots then hold more than
 * the balance, and the next expiry run tries to take more than the balance and fails for
 * the whole workspace. */
static void
test_rule_refund_dated_before_sale (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id = add_member (f, "秦十", "13800000020");
  gint64 now = mc_db_now ();
  gint64 t25 = shift_months (f, now, -25);
  McOrderResult sale = { 0 }, fresh = { 0 };
  Counts before;
  gboolean ok;

  g_test_set_nonfatal_assertions ();
  /* 100 points 25 months ago (the lot expired a month ago), 10 points today. */
  add_order (f, id, 10000, t25, &sale);
  add_order (f, id, 1000, 0, &fresh);
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    ok = mc_order_refund (f->db, sale.order_id, 0, t25 - 30 * DAY, NULL, &error);
    g_assert_false (ok);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    if (!ok)
      assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McMember) m = load_member (f, id);
    GArray *lots = mc_points_lots (f->db, id, &error);
    gint64 remaining = 0;

    g_assert_no_error (error);
    for (guint i = 0; lots != NULL && i < lots->len; i++)
      remaining += g_array_index (lots, McPointsLot, i).remaining;
    g_assert_cmpint (remaining, ==, m->points_balance);
    mc_points_lots_free (lots);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_points_expire (f->db, now, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  /* Dated a month ahead: a sale may not be, a refund may not either. */
  {
    g_autoptr(GError) error = NULL;

    ok = mc_order_refund (f->db, fresh.order_id, 0, now + 30 * DAY, NULL, &error);
    g_assert_false (ok);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  }
  mc_order_result_clear (&sale);
  mc_order_result_clear (&fresh);
}

/* A programme document may carry fields this version does not know; they are kept, numbers
 * in exponent form too. json-glib 1.6 wrote 1e+22 back as "1e+22.0", not JSON, so the
 * document could not be read again nor stored (found by fuzz-programme). */
static void
test_programme_exponent_numbers (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autoptr(McProgramme) with_extra = NULL;
  g_autoptr(McProgramme) again = NULL;
  g_autofree char *json = mc_programme_to_json (programme);
  g_autofree char *doc = NULL;
  g_autofree char *written = NULL;
  g_autofree char *written_again = NULL;

  /* The default document with unknown fields in front: {"x":1e+22,...} */
  g_assert_true (json[0] == '{');
  doc = g_strdup_printf ("{\"x\":1e+22,\"y\":[1e+308,-1e+22,2.5,\"1e+5.0\"],\"z\":{\"k\":\"\\\"1e5\"},%s",
                         json + 1);
  with_extra = mc_programme_from_json (doc, &error);
  g_assert_no_error (error);
  written = mc_programme_to_json (with_extra);
  g_assert_nonnull (strstr (written, "\"x\":1e+22,"));
  g_assert_nonnull (strstr (written, "\"y\":[1e+308,-1e+22,2.5,\"1e+5.0\"]"));
  g_assert_nonnull (strstr (written, "\"z\":{\"k\":\"\\\"1e5\"}"));
  again = mc_programme_from_json (written, &error);
  g_assert_no_error (error);
  written_again = mc_programme_to_json (again);
  g_assert_cmpstr (written, ==, written_again);

  /* And it is stored: the table checks json_valid (doc). */
  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_programme_install_live (f->db, with_extra, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_commit (f->db, &error));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM programme_version WHERE status = 'live' "
                              "AND json_extract (doc, '$.x') = 1e+22"), ==, 1);
}

/* A number beyond a double's range (1e999, read as infinity) cannot be written as JSON
 * again: such a document is refused with a message, wherever the number is (found by
 * fuzz-programme: it was written back as "inf"). */
static void
test_programme_number_too_large (Fixture       *f,
                                 gconstpointer  data)
{
  static const char * const docs[] = {
    "{\"x\":1e999,\"tiers\":[{\"code\":\"a\",\"name\":\"A\",\"threshold\":0,\"multiplier\":1},"
    "{\"code\":\"b\",\"name\":\"B\",\"threshold\":10,\"multiplier\":1}]}",
    "{\"extra\":{\"deep\":[1,2,[-1e400]]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McProgramme) programme = mc_programme_from_json (docs[i], &error);

      g_assert_null (programme);
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, "The programme holds a number too large to store (beyond 1.8e308).");
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rules/roles/analyst", test_roles_analyst);
  ADD ("/rules/roles/clerk", test_roles_clerk);
  ADD ("/rules/audit/one-per-operation", test_audit_one_per_operation);
  /* With non-fatal assertions: each reports every broken rule, not only the first. */
  ADD ("/rules/roles/programme-permission", test_rule_programme_install_permission);
  ADD ("/rules/audit/event", test_rule_event_audited);
  ADD ("/rules/refund/dated-before-sale", test_rule_refund_dated_before_sale);
  ADD ("/rules/programme/exponent-numbers", test_programme_exponent_numbers);
  ADD ("/rules/programme/number-too-large", test_programme_number_too_large);
#undef ADD

  return g_test_run ();
}
