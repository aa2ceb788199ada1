/* mc-demo-calendar.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When things happen in the demo data: the days of the 24 months with their weights
 * (weekends, 11-11, 6-18, 12-12, the Spring Festival: shopping before it, quiet during
 * it), the hours of the day in stores and online, members joining faster as the
 * programme grows, how long members keep buying, and the calibration that makes the mean
 * number of sales what was asked for.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <math.h>

#include "mc-demo-private.h"

#define DAY           MC_DEMO_DAY
#define CALIB_STREAM  G_GUINT64_CONSTANT (0x43414c4942000000)
#define CALIB_SAMPLES 40000

static const double store_hours[24] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.6, 0.9, 1.2, 1.2, 1.0, 1.0,
  1.0, 1.1, 1.3, 1.5, 1.4, 1.0, 0.3, 0,
};
static const double online_hours[24] = {
  0.5, 0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.2, 1.1, 0.9, 0.9,
  0.9, 0.9, 1.0, 1.2, 1.5, 1.7, 1.5, 1.0,
};

/* Spring Festival (lunar new year's day) dates. */
static const struct { guint16 y; guint8 m, d; } spring_festival[] = {
  { 2015, 2, 19 }, { 2016, 2, 8 },  { 2017, 1, 28 }, { 2018, 2, 16 }, { 2019, 2, 5 },
  { 2020, 1, 25 }, { 2021, 2, 12 }, { 2022, 2, 1 },  { 2023, 1, 22 }, { 2024, 2, 10 },
  { 2025, 1, 29 }, { 2026, 2, 17 }, { 2027, 2, 6 },  { 2028, 1, 26 }, { 2029, 2, 13 },
  { 2030, 2, 3 },  { 2031, 1, 23 }, { 2032, 2, 11 }, { 2033, 1, 31 }, { 2034, 2, 19 },
  { 2035, 2, 8 },  { 2036, 1, 28 }, { 2037, 2, 15 }, { 2038, 2, 4 },  { 2039, 1, 24 },
  { 2040, 2, 12 },
};

static void
hour_table_init (McDemoHours  *t,
                 const double *a,
                 double        wa,
                 const double *b,
                 double        wb)
{
  t->cum[0] = 0.0;
  for (guint h = 0; h < 24; h++)
    t->cum[h + 1] = t->cum[h] + wa * a[h] + (b != NULL ? wb * b[h] : 0.0);
  for (guint h = 1; h <= 24; h++)
    t->cum[h] /= t->cum[24];
}

/* Seconds after midnight for a quantile u in [0, 1). */
static gint64
hour_quantile (const McDemoHours *t,
               double             u)
{
  guint h = 0;
  double w;

  while (h < 23 && t->cum[h + 1] <= u)
    h++;
  w = t->cum[h + 1] - t->cum[h];
  if (w <= 0.0)
    return (gint64) h * 3600;
  return (gint64) h * 3600 + (gint64) ((u - t->cum[h]) / w * 3600.0);
}

static double
hour_cdf (const McDemoHours *t,
          gint64             seconds)
{
  guint h = (guint) CLAMP (seconds / 3600, 0, 23);

  return t->cum[h] + (t->cum[h + 1] - t->cum[h]) * (double) (seconds - (gint64) h * 3600) / 3600.0;
}

/* Days from 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
gint64
mc_demo_days_from_civil (gint64 y,
                         guint  m,
                         guint  d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void
mc_demo_civil_from_days (gint64  z,
                         int    *year,
                         int    *month,
                         int    *day)
{
  gint64 era, doe, yoe, y, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (y + (*month <= 2));
}

/* Days from the nearest Spring Festival (negative: before), or G_MAXINT when none near. */
static int
days_from_spring_festival (gint64 daynum)
{
  int best = G_MAXINT;

  for (guint i = 0; i < G_N_ELEMENTS (spring_festival); i++)
    {
      gint64 sf = mc_demo_days_from_civil (spring_festival[i].y, spring_festival[i].m, spring_festival[i].d);
      gint64 diff = daynum - sf;

      if (diff > -40 && diff < 40 && ABS (diff) < ABS (best))
        best = (int) diff;
    }
  return best;
}

/* How much more (or less) people buy on a day than on an ordinary weekday. */
static double
sales_factor (int    month,
              int    mday,
              int    weekday,
              int    sf,
              float *boost)
{
  double f = 1.0;

  *boost = 1.0f;
  if (weekday == 6 || weekday == 7)
    f *= 1.35;
  else if (weekday == 5)
    f *= 1.1;
  if (month == 11 && mday < 11)
    f *= 1.25;
  else if (month == 11 && mday == 11)
    {
      f *= 4.0;
      *boost = 1.3f;
    }
  else if (month == 11 && mday == 12)
    f *= 1.6;
  else if (month == 6 && mday < 18)
    f *= 1.15;
  else if (month == 6 && mday == 18)
    {
      f *= 2.5;
      *boost = 1.2f;
    }
  else if (month == 12 && mday == 12)
    f *= 1.8;
  else if (month == 12 && (mday == 24 || mday == 25))
    f *= 1.3;
  else if (month == 5 && mday == 20)
    f *= 1.4;
  else if (month == 2 && mday == 14)
    f *= 1.3;
  else if (month == 3 && mday == 8)
    f *= 1.5;
  else if (month == 10 && mday <= 7)
    f *= 1.4;
  if (sf >= -20 && sf <= -2)
    {
      f *= 1.5;           /* 年货: new-year shopping */
      *boost = MAX (*boost, 1.15f);
    }
  else if (sf >= -1 && sf <= 6)
    f *= 0.55;          /* the holiday: shops shut, people travel */
  else if (sf >= 7 && sf <= 14)
    f *= 0.9;
  return f;
}

static double
joins_factor (int month,
              int mday,
              int weekday,
              int sf)
{
  double f = 1.0;

  if (weekday == 6 || weekday == 7)
    f *= 1.3;
  if (month == 11 && mday == 11)
    f *= 2.5;
  else if (month == 6 && mday == 18)
    f *= 1.8;
  if (sf >= -1 && sf <= 6)
    f *= 0.6;
  return f;
}

guint
mc_demo_day_of (McDemoGen *gen,
                gint64     t)
{
  guint lo = 0, hi = gen->n_days;

  /* The last day whose midnight is at or before t. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (gen->day_start[mid] <= t)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gint64
add_months_exact (gint64     t,
                  int        months,
                  GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, months);

  return g_date_time_to_unix (moved);
}

/* The points expiry of a lot earned at t: mc_programme_points_expiry(), from a per-day
 * memo when the day and its target day have one UTC offset throughout. */
gint64
mc_demo_expiry_of (McDemoGen *gen,
                   gint64     t)
{
  guint d = mc_demo_day_of (gen, t);

  if (gen->expiry_base[d] == 0)
    return 0;
  if (gen->expiry_exact[d])
    return gen->expiry_base[d] + (t - gen->day_start[d]);
  return mc_programme_points_expiry (gen->prog, t, gen->tz);
}

/* When growth earned at t leaves the evaluation window (the first as_of whose window
 * start, mc_programme_window_start(), is at or after t). */
gint64
mc_demo_drop_of (McDemoGen *gen,
                 gint64     t)
{
  guint d = mc_demo_day_of (gen, t);

  if (gen->drop_exact[d])
    return gen->drop_base[d] + (t - gen->day_start[d]);
  return add_months_exact (t, gen->prog->window == MC_WINDOW_QUARTER ? 3 :
                              gen->prog->window == MC_WINDOW_HALF_YEAR ? 6 : 12, gen->tz);
}

static void
build_days (McDemoGen *gen)
{
  g_autoptr(GDateTime) end_utc = g_date_time_new_from_unix_utc (gen->end);
  g_autoptr(GDateTime) end_local = g_date_time_to_timezone (end_utc, gen->tz);
  g_autoptr(GDateTime) start_local = g_date_time_add_months (end_local, -24);
  g_autoptr(GDateTime) day = g_date_time_new (gen->tz, g_date_time_get_year (start_local),
                                              g_date_time_get_month (start_local),
                                              g_date_time_get_day_of_month (start_local), 0, 0, 0);
  int window_months = gen->prog->window == MC_WINDOW_QUARTER ? 3 :
                      gen->prog->window == MC_WINDOW_HALF_YEAR ? 6 : 12;
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n;

  gen->start = g_date_time_to_unix (start_local);
  for (;;)
    {
      gint64 s = g_date_time_to_unix (day);
      GDateTime *next;

      g_array_append_val (starts, s);
      if (s >= gen->end)
        break;
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
  /* starts holds n_days midnights and the one at or after end. */
  n = starts->len - 1;
  gen->n_days = n;
  gen->day_start = (gint64 *) g_array_free (starts, FALSE);
  gen->join_w = g_new0 (double, n);
  gen->join_cum = g_new0 (double, n + 1);
  gen->order_w = g_new0 (double, n);
  gen->order_cum = g_new0 (double, n + 1);
  gen->order_boost = g_new0 (float, n);
  gen->expiry_base = g_new0 (gint64, n);
  gen->expiry_exact = g_new0 (gboolean, n);
  gen->drop_base = g_new0 (gint64, n);
  gen->drop_exact = g_new0 (gboolean, n);

  for (guint d = 0; d < n; d++)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (gen->day_start[d]);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, gen->tz);
      int y = g_date_time_get_year (local);
      int m = g_date_time_get_month (local);
      int md = g_date_time_get_day_of_month (local);
      int wd = g_date_time_get_day_of_week (local);
      int sf = days_from_spring_festival (mc_demo_days_from_civil (y, (guint) m, (guint) md));
      double x = (double) d / n;
      gint64 s = gen->day_start[d];
      gboolean day_even = gen->day_start[d + 1] - s == DAY;
      /* The first and last days are partly outside [start, end). */
      double part = (double) (MIN (gen->day_start[d + 1], gen->end) - MAX (s, gen->start)) / DAY;

      part = CLAMP (part, 0.0, 1.0);
      gen->order_w[d] = (1.0 + 0.3 * x) * sales_factor (m, md, wd, sf, &gen->order_boost[d]) * part;
      gen->join_w[d] = (1.0 + 2.0 * x) * joins_factor (m, md, wd, sf) * part;
      gen->order_cum[d + 1] = gen->order_cum[d] + gen->order_w[d];
      gen->join_cum[d + 1] = gen->join_cum[d] + gen->join_w[d];

      gen->expiry_base[d] = mc_programme_points_expiry (gen->prog, s, gen->tz);
      gen->expiry_exact[d] = day_even && gen->expiry_base[d] != 0 &&
        mc_programme_points_expiry (gen->prog, s + DAY - 1, gen->tz) == gen->expiry_base[d] + DAY - 1;
      gen->drop_base[d] = add_months_exact (s, window_months, gen->tz);
      gen->drop_exact[d] = day_even &&
        add_months_exact (s + DAY - 1, window_months, gen->tz) == gen->drop_base[d] + DAY - 1;
    }
  /* Normalise the sales weights to one per average day: rates are per such day. */
  {
    double mean = gen->order_cum[n] / n;

    for (guint d = 0; d < n; d++)
      gen->order_w[d] /= mean;
    for (guint d = 0; d <= n; d++)
      gen->order_cum[d] /= mean;
  }
}

/* The position of t on the cumulative sales-weight scale. */
static double
order_position (McDemoGen *gen,
                gint64     t)
{
  guint d = mc_demo_day_of (gen, t);
  double len = (double) (gen->day_start[d + 1] - gen->day_start[d]);
  double frac = CLAMP ((double) (t - gen->day_start[d]) / len, 0.0, 1.0);

  return gen->order_cum[d] + gen->order_w[d] * frac;
}

static guint
search_cum (const double *cum,
            guint         n,
            double        target)
{
  guint lo = 0, hi = n;

  /* The last d with cum[d] <= target, below n. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (cum[mid] <= target)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* A time in [a, b], as dense as the sales calendar, at an hour from hours. */
gint64
mc_demo_sample_time (McDemoGen         *gen,
                     McDemoRng         *r,
                     gint64             a,
                     gint64             b,
                     const McDemoHours *hours)
{
  double pa = order_position (gen, a);
  double pb = order_position (gen, b);
  double target = pa + rng_double (r) * (pb - pa);
  guint d = search_cum (gen->order_cum, gen->n_days, target);
  gint64 t = gen->day_start[d] + hour_quantile (hours, rng_double (r));

  t = MIN (t, gen->day_start[d + 1] - 1);
  if (t < a || t > b)
    {
      gint64 span = MIN (b - a, 3 * 3600);

      t = t < a ? a + (span > 0 ? rng_below (r, (guint32) span) : 0)
                : b - (span > 0 ? rng_below (r, (guint32) span) : 0);
    }
  return t;
}

/* Member index's join time from its first random number. Increasing in index. */
gint64
mc_demo_join_time (McDemoGen *gen,
                   guint      index,
                   double     u)
{
  double q = ((double) index + u) / gen->opt.n_members;
  double target = q * gen->join_cum[gen->n_days];
  guint d = search_cum (gen->join_cum, gen->n_days, target);
  double frac = gen->join_w[d] > 0.0 ? (target - gen->join_cum[d]) / gen->join_w[d] : 0.0;
  gint64 t = gen->day_start[d] + hour_quantile (&gen->join_hours, CLAMP (frac, 0.0, 0.999999));

  t = MIN (t, gen->day_start[d + 1] - 1);
  return CLAMP (t, gen->start, gen->end - 1);
}

gint64
mc_demo_join_time_of (McDemoGen *gen,
                      guint      index)
{
  McDemoRng r;

  rng_seed (&r, gen->opt.seed, index);
  return mc_demo_join_time (gen, index, rng_double (&r));
}

/* About the index of the member who joins at t (the inverse of mc_demo_join_time()). */
guint
mc_demo_index_at_time (McDemoGen *gen,
                       gint64     t)
{
  guint d = mc_demo_day_of (gen, t);
  double frac = hour_cdf (&gen->join_hours, t - gen->day_start[d]);
  double q = (gen->join_cum[d] + frac * gen->join_w[d]) / gen->join_cum[gen->n_days];
  double j = q * gen->opt.n_members;

  return j <= 0.0 ? 0 : j >= gen->opt.n_members ? gen->opt.n_members - 1 : (guint) j;
}

void
mc_demo_draw_activity (McDemoGen      *gen,
                       McDemoRng      *r,
                       McDemoActivity *a)
{
  /* Loyal members stay; the others go quiet after an exponential lifetime. */
  if (rng_chance (r, 0.35))
    a->active_end = gen->end - 1;
  else
    a->active_end = MIN (gen->end - 1, a->joined_at + (gint64) rng_exponential (r, 330.0 * DAY));
  a->first_sale = rng_chance (r, (a->online ? 0.45 : 0.75) * gen->first_p_scale);
  /* Heavy tail: gamma with shape 0.6 (mean 1), and a few Pareto-boosted big buyers. */
  a->rate = rng_gamma (r, 0.6) / 0.6;
  if (rng_chance (r, 0.02))
    a->rate *= MIN (10.0, pow (rng_double_pos (r), -1.0 / 1.5));
}

double
mc_demo_active_weight (McDemoGen            *gen,
                       const McDemoActivity *a)
{
  return order_position (gen, a->active_end) - order_position (gen, a->joined_at);
}

/* Fits the rate constant so that the mean of sales per member is what was asked. */
void
mc_demo_calibrate (McDemoGen *gen)
{
  double target = gen->opt.orders_per_member * (1.0 - MC_DEMO_ANONYMOUS_SHARE);
  double sum_first = 0.0, sum_weight = 0.0;
  McDemoRng r;

  gen->first_p_scale = 1.0;
  rng_seed (&r, gen->opt.seed, CALIB_STREAM);
  for (guint k = 0; k < CALIB_SAMPLES; k++)
    {
      McDemoActivity a = { 0 };

      a.joined_at = mc_demo_join_time (gen, (guint) (rng_double (&r) * gen->opt.n_members), rng_double (&r));
      a.online = rng_chance (&r, 0.30);
      mc_demo_draw_activity (gen, &r, &a);
      sum_first += a.first_sale;
      sum_weight += a.rate * mc_demo_active_weight (gen, &a);
    }
  sum_first /= CALIB_SAMPLES;
  sum_weight /= CALIB_SAMPLES;
  if (target <= sum_first)
    {
      gen->first_p_scale = sum_first > 0.0 ? target / sum_first : 0.0;
      gen->rate_c = 0.0;
    }
  else
    gen->rate_c = sum_weight > 0.0 ? (target - sum_first) / sum_weight : 0.0;
  gen->anon_mean = gen->opt.orders_per_member * MC_DEMO_ANONYMOUS_SHARE;

  /* Progress: a member is about 5 rows' worth of work, plus 4 rows per sale; sales
   * follow the weight of the time left after joining. */
  {
    double end_position = order_position (gen, gen->end - 1), total = 0.0;

    gen->progress_cum[0] = 0.0;
    for (guint k = 0; k < 100; k++)
      {
        guint index = (guint) ((k + 0.5) / 100.0 * gen->opt.n_members);
        gint64 t = mc_demo_join_time (gen, MIN (index, gen->opt.n_members - 1), 0.5);

        total += 5.0 + 4.0 * gen->rate_c * 0.6 * (end_position - order_position (gen, t));
        gen->progress_cum[k + 1] = total;
      }
    for (guint k = 0; k <= 100; k++)
      gen->progress_cum[k] /= total;
  }
}

void
mc_demo_calendar_init (McDemoGen *gen)
{
  hour_table_init (&gen->store_hours, store_hours, 1.0, NULL, 0.0);
  hour_table_init (&gen->online_hours, online_hours, 1.0, NULL, 0.0);
  hour_table_init (&gen->join_hours, store_hours, 0.7, online_hours, 0.3);
  build_days (gen);
  gen->final_window_start = mc_programme_window_start (gen->prog, gen->end, gen->tz);
}

void
mc_demo_calendar_clear (McDemoGen *gen)
{
  g_clear_pointer (&gen->day_start, g_free);
  g_clear_pointer (&gen->join_w, g_free);
  g_clear_pointer (&gen->join_cum, g_free);
  g_clear_pointer (&gen->order_w, g_free);
  g_clear_pointer (&gen->order_cum, g_free);
  g_clear_pointer (&gen->order_boost, g_free);
  g_clear_pointer (&gen->expiry_base, g_free);
  g_clear_pointer (&gen->expiry_exact, g_free);
  g_clear_pointer (&gen->drop_base, g_free);
  g_clear_pointer (&gen->drop_exact, g_free);
}

double
mc_demo_gen_progress (McDemoGen *gen,
                      guint      members_done)
{
  double q = 100.0 * members_done / gen->opt.n_members;
  guint k = (guint) q;

  if (k >= 100)
    return 1.0;
  return gen->progress_cum[k] + (gen->progress_cum[k + 1] - gen->progress_cum[k]) * (q - k);
}
