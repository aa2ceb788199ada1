/* mc-member-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One member as a row of the member list: read-only properties over a McMemberListRow.
 * The list model may give a row another member's data in place ("changed"), so that a
 * new query does not make the list rebuild the widgets of its visible rows.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include "mc-member-row.h"

struct _McMemberRow
{
  GObject          parent_instance;
  McMemberListRow *row;
};

G_DEFINE_FINAL_TYPE (McMemberRow, mc_member_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROWID,
  PROP_ID,
  PROP_CARD_NO,
  PROP_NAME,
  PROP_PHONE,
  PROP_TIER,
  PROP_POINTS,
  PROP_GROWTH,
  PROP_SPEND_FEN,
  PROP_LAST_VISIT_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mc_member_row_finalize (GObject *object)
{
  McMemberRow *self = MC_MEMBER_ROW (object);

  g_clear_pointer (&self->row, mc_member_list_row_free);
  G_OBJECT_CLASS (mc_member_row_parent_class)->finalize (object);
}

static void
mc_member_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McMemberRow *self = MC_MEMBER_ROW (object);
  McMemberListRow *row = self->row;

  switch (prop_id)
    {
    case PROP_ROWID: g_value_set_int64 (value, row->rowid); break;
    case PROP_ID: g_value_set_string (value, row->id); break;
    case PROP_CARD_NO: g_value_set_string (value, row->card_no); break;
    case PROP_NAME: g_value_set_string (value, row->name); break;
    case PROP_PHONE: g_value_set_string (value, row->phone); break;
    case PROP_TIER: g_value_set_string (value, row->tier); break;
    case PROP_POINTS: g_value_set_int64 (value, row->points); break;
    case PROP_GROWTH: g_value_set_int64 (value, row->growth); break;
    case PROP_SPEND_FEN: g_value_set_int64 (value, row->spend_fen); break;
    case PROP_LAST_VISIT_AT: g_value_set_int64 (value, row->last_visit_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
int64_prop (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
mc_member_row_class_init (McMemberRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_member_row_finalize;
  object_class->get_property = mc_member_row_get_property;

  properties[PROP_ROWID] = int64_prop ("rowid");
  properties[PROP_ID] = string_prop ("id");
  properties[PROP_CARD_NO] = string_prop ("card-no");
  properties[PROP_NAME] = string_prop ("name");
  properties[PROP_PHONE] = string_prop ("phone");
  properties[PROP_TIER] = string_prop ("tier");
  properties[PROP_POINTS] = int64_prop ("points");
  properties[PROP_GROWTH] = int64_prop ("growth");
  properties[PROP_SPEND_FEN] = int64_prop ("spend-fen");
  properties[PROP_LAST_VISIT_AT] = int64_prop ("last-visit-at");
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The row now shows another member (mc_member_row_take_data_from()). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_member_row_init (McMemberRow *self)
{
}

McMemberRow *
mc_member_row_new_take (McMemberListRow *row)
{
  McMemberRow *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (MC_TYPE_MEMBER_ROW, NULL);
  self->row = row;
  return self;
}

gint64 mc_member_row_get_rowid (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), 0); return self->row->rowid; }
const char *mc_member_row_get_id (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), NULL); return self->row->id; }
const char *mc_member_row_get_card_no (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), NULL); return self->row->card_no; }
const char *mc_member_row_get_name (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), NULL); return self->row->name; }
const char *mc_member_row_get_phone (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), NULL); return self->row->phone; }
const char *mc_member_row_get_tier (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), NULL); return self->row->tier; }
gint64 mc_member_row_get_points (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), 0); return self->row->points; }
gint64 mc_member_row_get_growth (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), 0); return self->row->growth; }
gint64 mc_member_row_get_spend_fen (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), 0); return self->row->spend_fen; }
gint64 mc_member_row_get_last_visit_at (McMemberRow *self) { g_return_val_if_fail (MC_IS_MEMBER_ROW (self), 0); return self->row->last_visit_at; }

void
mc_member_row_take_data_from (McMemberRow *self,
                              McMemberRow *other)
{
  McMemberListRow *row;

  g_return_if_fail (MC_IS_MEMBER_ROW (self));
  g_return_if_fail (MC_IS_MEMBER_ROW (other));

  row = self->row;
  self->row = other->row;
  other->row = row;
  g_signal_emit (self, signals[CHANGED], 0);
}
