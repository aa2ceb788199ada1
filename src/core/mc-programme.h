/* mc-programme.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programme: tiers and their thresholds, the points and growth rules, the evaluation
 * window and the downgrade rules, the benefits catalogue and which tier or paid plan gets
 * which benefit, paid plans and campaigns. Stored as one JSON document per version
 * (programme_version); unknown fields of a document are kept and written back. The
 * document's fields are described in data/programme.md.
 *
 * Everything here but load_live/install_live is a pure function over plain structs, safe
 * to call from any thread on a programme that thread owns.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  char      *code;                 /* stable key, e.g. "gold" */
  char      *name;                 /* shown to people, e.g. "金卡" */
  char      *color;                /* "#d4af37" */
  gint64     threshold;            /* the programme's metric in the evaluation window to reach it
                                    * (growth value, spend in fen, orders or active days) */
  int        multiplier_permille;  /* points multiplier × 1000: 1.2 -> 1200 */
  char      *badge;                /* a badge or title shown with the tier; NULL: none */
  GPtrArray *benefits;             /* char*: codes of the benefits of this tier (the matrix) */
} McTier;

/* What a tier's threshold counts, over the evaluation window. */
typedef enum
{
  MC_TIER_METRIC_GROWTH,           /* growth value earned */
  MC_TIER_METRIC_SPEND,            /* net spend in fen (sales less refunds) */
  MC_TIER_METRIC_ORDERS,           /* purchases (refunds not counted) */
  MC_TIER_METRIC_ACTIVE_DAYS,      /* days with a purchase, in the workspace's time zone */
  MC_N_TIER_METRICS,
} McTierMetric;

typedef enum
{
  MC_BENEFIT_IDENTITY,             /* badge, title */
  MC_BENEFIT_PRICE,                /* discount, coupons, free shipping */
  MC_BENEFIT_SERVICE,              /* priority support, fast lane */
  MC_BENEFIT_PARTNER,              /* a cross-brand membership */
  MC_N_BENEFIT_KINDS,
} McBenefitKind;

typedef enum
{
  MC_PERIOD_NONE,                  /* no usage limit */
  MC_PERIOD_DAY,
  MC_PERIOD_WEEK,
  MC_PERIOD_MONTH,
  MC_PERIOD_QUARTER,
  MC_PERIOD_YEAR,
  MC_N_PERIODS,
} McPeriod;

typedef struct
{
  char          *code;                     /* stable key, e.g. "coupon20" */
  char          *name;
  McBenefitKind  kind;
  /* Parameters by kind; 0 / NULL when they do not apply. */
  int            discount_permille;        /* price: 95 -> 9.5 % off */
  gint64         coupon_value_fen;         /* price: each coupon's value */
  int            coupons_per_month;        /* price: coupons given each month */
  gint64         free_shipping_min_fen;    /* price: free shipping from this order amount */
  char          *service_level;            /* service: e.g. "priority" */
  char          *partner;                  /* partner: the partner's name */
  gint64         unit_cost_fen;            /* what one use costs the business */
  int            usage_rate_permille;      /* expected share of entitled uses taken, × 1000 */
  int            limit_per_period;         /* uses per member per period; 0: no limit */
  McPeriod       period;
  gint64         valid_from;               /* unix seconds; 0: always */
  gint64         valid_to;                 /* 0: no end */
} McBenefit;

typedef enum
{
  MC_PLAN_MONTH,
  MC_PLAN_QUARTER,
  MC_PLAN_YEAR,
  MC_PLAN_LIFETIME,
  MC_N_PLAN_PERIODS,
} McPlanPeriod;

typedef struct
{
  char         *code;
  char         *name;
  McPlanPeriod  period;
  gint64        price_fen;
  int           trial_days;
  GPtrArray    *benefits;                  /* char*: codes of the plan's benefits */
} McPaidPlan;

typedef enum
{
  MC_EXPIRY_ROLLING,               /* a lot expires points_expiry_months after it was earned */
  MC_EXPIRY_YEARLY,                /* all points earned before a yearly date expire on it */
} McExpiryMode;

typedef struct
{
  int    invites;                  /* invited members who joined, e.g. 3, 5, 10 */
  int    points;                   /* reward in points */
  char  *benefit;                  /* and/or a benefit code; NULL: none */
} McReferralStep;

typedef enum
{
  MC_WINDOW_ROLLING_12_MONTHS,
  MC_WINDOW_HALF_YEAR,          /* the six months before the evaluation date */
  MC_WINDOW_QUARTER,            /* the three months before the evaluation date */
} McEvalWindow;

typedef enum
{
  MC_ACTION_CHECKIN,
  MC_ACTION_INVITE,
  MC_ACTION_SHARE_BOUGHT,
  MC_ACTION_LIKE,
  MC_ACTION_SHARE,
  MC_N_ACTIONS,
} McAction;

typedef struct
{
  int growth;                   /* growth per action */
  int daily_cap;                /* growth from this action per member per day; 0: no cap */
} McActionRule;

typedef struct
{
  char         *name;
  GPtrArray    *tiers;                /* McTier*, rank order: lowest first */
  McEvalWindow  window;
  int           grace_days;           /* a member below the threshold keeps the tier this long */
  int           warning_days;
  int           points_per_yuan;      /* points per whole yuan, before the tier multiplier */
  int           growth_per_yuan;
  int           growth_per_order;
  int           points_expiry_months; /* a lot expires this many months after it was earned; 0: never */
  int           point_value_fen;      /* what one point is worth when redeemed, in fen */
  int           daily_points_cap;     /* points a member may earn per day; 0: no cap */
  McActionRule  actions[MC_N_ACTIONS];
  JsonObject   *doc;                  /* the whole document, unknown fields included */

  /* Since the programme designer; every field below has a default, so older documents
   * load unchanged. */
  McTierMetric  metric;               /* what the thresholds count (default growth) */
  char         *keep_task;            /* a task that keeps the tier in the grace period, shown to
                                       * the member; NULL: none */
  int           keep_task_target;     /* the task's target in the metric's unit; 0: no task */
  McExpiryMode  points_expiry_mode;
  int           points_clear_month;   /* MC_EXPIRY_YEARLY: the date, 1..12 and 1..31 */
  int           points_clear_day;
  GPtrArray    *benefits;             /* McBenefit*: the benefits catalogue */
  GPtrArray    *plans;                /* McPaidPlan* */
  /* Campaigns */
  int           member_day;           /* day of the month 1..28; 0: no member day */
  int           member_day_multiplier_permille; /* points multiplier on that day, 1000: none */
  char         *member_day_benefit;   /* a benefit given on that day; NULL: none */
  char         *birthday_benefit;     /* the birthday month's gift; NULL: none */
  int           birthday_points;      /* points given in the birthday month */
  GArray       *referral_steps;       /* McReferralStep, rising invites */
} McProgramme;

McProgramme  *mc_programme_new_default  (void);
McProgramme  *mc_programme_from_json    (const char   *json,
                                         GError      **error);
char         *mc_programme_to_json      (McProgramme  *self);
gboolean      mc_programme_validate     (McProgramme  *self,
                                         GError      **error);
void          mc_programme_free         (McProgramme  *self);
/* A deep copy; also of a programme that breaks the designer's rules. */
McProgramme  *mc_programme_copy         (McProgramme  *self);
/* TRUE when both documents say the same (mc_programme_to_json() gives the same text). */
gboolean      mc_programme_equal        (McProgramme  *a,
                                         McProgramme  *b);

/* Editing, for the designer: each keeps the programme's own invariants (codes in the
 * matrix refer to benefits that exist) but not the rules mc_programme_check() reports. */
McTier       *mc_programme_add_tier     (McProgramme  *self,
                                         const char   *code,
                                         const char   *name,
                                         gint64        threshold);
gboolean      mc_programme_remove_tier  (McProgramme  *self,
                                         const char   *code);
McBenefit    *mc_programme_add_benefit  (McProgramme  *self,
                                         const char   *code,
                                         const char   *name,
                                         McBenefitKind kind);
/* Also takes the benefit out of every tier, plan and campaign. */
gboolean      mc_programme_remove_benefit (McProgramme *self,
                                           const char  *code);
const McBenefit *mc_programme_get_benefit (McProgramme *self,
                                           const char  *code);
McPaidPlan   *mc_programme_add_plan     (McProgramme  *self,
                                         const char   *code,
                                         const char   *name,
                                         McPlanPeriod  period,
                                         gint64        price_fen);
gboolean      mc_programme_remove_plan  (McProgramme  *self,
                                         const char   *code);
const McPaidPlan *mc_programme_get_plan (McProgramme  *self,
                                         const char   *code);
/* The tier × benefit matrix (and plan × benefit). */
gboolean      mc_programme_tier_has_benefit (McProgramme *self,
                                             const char  *tier_code,
                                             const char  *benefit_code);
void          mc_programme_set_tier_benefit (McProgramme *self,
                                             const char  *tier_code,
                                             const char  *benefit_code,
                                             gboolean     given);
gboolean      mc_programme_plan_has_benefit (McProgramme *self,
                                             const char  *plan_code,
                                             const char  *benefit_code);
void          mc_programme_set_plan_benefit (McProgramme *self,
                                             const char  *plan_code,
                                             const char  *benefit_code,
                                             gboolean     given);
void          mc_programme_add_referral_step (McProgramme *self,
                                              int          invites,
                                              int          points,
                                              const char  *benefit);
void          mc_programme_remove_referral_step (McProgramme *self,
                                                 guint        index);

/* What one member entitled to the benefit costs per month, in fen (rounded to the
 * nearest fen): unit cost × usage rate × uses per month, where the uses per month are
 * the coupons per month for a coupon pack, else the limit per period brought to a month
 * (a day 30, a week 30/7, a quarter 1/3, a year 1/12 of it), else 1. A benefit outside
 * its validity at as_of (0: ignore validity) costs 0. */
double        mc_benefit_monthly_cost   (const McBenefit *benefit,
                                         gint64           as_of);
/* Price of a plan per month (a quarter /3, a year /12, lifetime 0: paid once). */
double        mc_paid_plan_monthly_price (const McPaidPlan *plan);

/* Names of the enumerations as in the document ("growth", "price", "month", ...) and
 * shown to people (translated). */
const char   *mc_tier_metric_to_string  (McTierMetric  metric);
gboolean      mc_tier_metric_from_string (const char  *str,
                                          McTierMetric *metric);
const char   *mc_tier_metric_display    (McTierMetric  metric);
const char   *mc_benefit_kind_to_string (McBenefitKind kind);
gboolean      mc_benefit_kind_from_string (const char  *str,
                                           McBenefitKind *kind);
const char   *mc_benefit_kind_display   (McBenefitKind kind);
const char   *mc_period_to_string       (McPeriod      period);
gboolean      mc_period_from_string     (const char   *str,
                                         McPeriod     *period);
const char   *mc_plan_period_to_string  (McPlanPeriod  period);
gboolean      mc_plan_period_from_string (const char  *str,
                                          McPlanPeriod *period);
const char   *mc_plan_period_display    (McPlanPeriod  period);
const char   *mc_eval_window_to_string  (McEvalWindow  window);
gboolean      mc_eval_window_from_string (const char  *str,
                                          McEvalWindow *window);
const char   *mc_eval_window_display    (McEvalWindow  window);
/* Months an evaluation window spans: 12, 6 or 3. */
int           mc_eval_window_months     (McEvalWindow  window);

const McTier *mc_programme_get_tier     (McProgramme  *self,
                                         const char   *code);
int           mc_programme_tier_rank    (McProgramme  *self,
                                         const char   *code);
/* The highest tier whose threshold the value (growth, or the programme's metric) reaches. */
const McTier *mc_programme_tier_for_growth (McProgramme *self,
                                            gint64       growth);
const char   *mc_action_to_string       (McAction      action);
gboolean      mc_action_from_string     (const char   *str,
                                         McAction     *action);
gint64        mc_programme_window_start (McProgramme  *self,
                                         gint64        as_of,
                                         GTimeZone    *tz);

/* Rules: floor (fen × points_per_yuan × multiplier / 100 / 1000). */
gint64        mc_programme_points_for_order (McProgramme  *self,
                                             gint64        amount_fen,
                                             const char   *tier_code);
gint64        mc_programme_growth_for_order (McProgramme  *self,
                                             gint64        amount_fen);
/* When a lot earned at earned_at expires (0: never): rolling, earned_at + N months;
 * yearly, the first clearing date (00:00 in tz) after earned_at. */
gint64        mc_programme_points_expiry    (McProgramme  *self,
                                             gint64        earned_at,
                                             GTimeZone    *tz);

/* The live version in a workspace (the default if none was ever set). Cached per McDb
 * until a version is published. */
McProgramme  *mc_programme_load_live    (McDb         *db,
                                         GError      **error);
/* Inserts self as the live version (inside the caller's transaction), retiring the old one. */
gboolean      mc_programme_install_live (McDb         *db,
                                         McProgramme  *self,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McProgramme, mc_programme_free)

G_END_DECLS
