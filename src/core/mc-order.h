/* mc-order.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  const char *member_id;   /* NULL: an anonymous sale */
  const char *store_id;    /* NULL: no store */
  gint64      amount_fen;
  gint64      at;          /* 0: now */
  const char *note;
} McOrderInput;

typedef struct
{
  char   *order_id;
  gint64  points;          /* earned (positive) or taken back (negative) */
  gint64  growth;
  gint64  points_unrecovered;
  gint64  growth_unrecovered;
  gint64  amount_fen;
} McOrderResult;

gboolean mc_order_add     (McDb               *db,
                           const McOrderInput *input,
                           McOrderResult      *result,
                           GError            **error);
/* Refunds amount_fen of an order (0: all that is left). Takes back the same share of the
 * points and growth it earned, never below a zero balance: what cannot be taken back is
 * recorded as unrecovered. */
gboolean mc_order_refund  (McDb               *db,
                           const char         *order_id,
                           gint64              amount_fen,
                           gint64              at,
                           McOrderResult      *result,
                           GError            **error);
void     mc_order_result_clear (McOrderResult *result);

/* An action (check-in, invite, like, ...) recorded as a member event, earning growth up to
 * the programme's daily cap. */
gboolean mc_event_record  (McDb               *db,
                           const char         *member_id,
                           const char         *kind,
                           gint64              at,
                           gint64             *growth_awarded,
                           GError            **error);

G_END_DECLS
