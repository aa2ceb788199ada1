/* mc-chart-scale.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ticks are 1, 2, 2.5 or 5 times a power of ten; a label's precision follows the step
 * between ticks, so that neighbouring labels differ ("2.5K", not "3K" after "2K"). Large
 * numbers are shortened in the style of the translation: K, M, B in English, 万 and 亿 in
 * Chinese.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mc-chart-scale.h"

#define MINUS "\xe2\x88\x92"   /* U+2212 */

McChartNumbers
mc_chart_numbers_default (void)
{
  /* TRANSLATORS: how the charts shorten large numbers: "chinese" for 万 and 亿 (write
   * exactly "chinese"), anything else for K, M and B. */
  const char *style = C_("number style", "western");

  return strcmp (style, "chinese") == 0 ? MC_CHART_NUMBERS_CHINESE : MC_CHART_NUMBERS_WESTERN;
}

double
mc_chart_nice_step (double raw)
{
  static const double mult[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double p;

  if (!(raw > 0.0) || !isfinite (raw))
    return 1.0;
  p = pow (10.0, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (mult); i++)
    if (mult[i] * p >= raw * (1.0 - 1e-12))
      return mult[i] * p;
  return 10.0 * p;
}

/* The smallest step that makes sense for the format: counts and fen are whole. */
static double
min_step (McChartFormat format)
{
  switch (format)
    {
    case MC_CHART_FORMAT_COUNT:
    case MC_CHART_FORMAT_MONEY:
      return 1.0;
    case MC_CHART_FORMAT_MONTH:
    case MC_CHART_FORMAT_DAY:
      return 86400.0;
    case MC_CHART_FORMAT_SHARE:
    case MC_CHART_FORMAT_DECIMAL:
    default:
      return 0.0;
    }
}

void
mc_chart_axis_init_linear (McChartAxis   *axis,
                           McChartFormat  format,
                           double         lo,
                           double         hi,
                           guint          target)
{
  double step;

  g_return_if_fail (axis != NULL);

  if (!isfinite (lo) || !isfinite (hi))
    lo = 0.0, hi = 1.0;
  if (hi < lo)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (hi == lo)
    {
      double span = lo != 0.0 ? fabs (lo) * 0.1 : 1.0;

      if (lo >= 0.0 && lo - span < 0.0)
        hi = lo + span;
      else
        {
          lo -= span;
          hi += span;
        }
    }
  target = CLAMP (target, 1, MC_CHART_MAX_TICKS - 1);
  step = MAX (mc_chart_nice_step ((hi - lo) / target), min_step (format));
  if (step <= 0.0)
    step = 1.0;
  for (;;)
    {
      double min = floor (lo / step + 1e-9) * step;
      double max = ceil (hi / step - 1e-9) * step;

      if (max <= min)
        max = min + step;
      if ((max - min) / step + 1.0 <= MC_CHART_MAX_TICKS + 1e-9)
        {
          axis->min = min;
          axis->max = max;
          break;
        }
      step = mc_chart_nice_step (step * 1.01);
    }
  axis->kind = MC_CHART_AXIS_LINEAR;
  axis->format = format;
  axis->step = step;
  axis->n_categories = 0;
}

void
mc_chart_axis_fit (McChartAxis   *axis,
                   McChartFormat  format,
                   const double  *values,
                   gsize          n,
                   gboolean       include_zero,
                   guint          target)
{
  double lo = include_zero ? 0.0 : INFINITY;
  double hi = include_zero ? 0.0 : -INFINITY;
  gboolean any = include_zero;

  g_return_if_fail (axis != NULL);
  g_return_if_fail (values != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        lo = MIN (lo, values[i]);
        hi = MAX (hi, values[i]);
        any = TRUE;
      }
  if (!any)
    lo = 0.0, hi = 1.0;
  mc_chart_axis_init_linear (axis, format, lo, hi, target);
}

void
mc_chart_axis_init_categories (McChartAxis *axis,
                               guint        n)
{
  g_return_if_fail (axis != NULL);

  memset (axis, 0, sizeof *axis);
  axis->kind = MC_CHART_AXIS_CATEGORY;
  axis->format = MC_CHART_FORMAT_COUNT;
  axis->n_categories = n;
  axis->min = 0.0;
  axis->max = n;
  axis->step = 1.0;
}

double
mc_chart_axis_normalise (const McChartAxis *axis,
                         double             v)
{
  g_return_val_if_fail (axis != NULL, 0.0);

  if (axis->kind == MC_CHART_AXIS_CATEGORY)
    return axis->n_categories > 0 ? (v + 0.5) / axis->n_categories : 0.5;
  if (axis->max <= axis->min)
    return 0.0;
  return (v - axis->min) / (axis->max - axis->min);
}

double
mc_chart_axis_value_at (const McChartAxis *axis,
                        double             t)
{
  g_return_val_if_fail (axis != NULL, 0.0);

  if (axis->kind == MC_CHART_AXIS_CATEGORY)
    return floor (t * axis->n_categories);
  return axis->min + t * (axis->max - axis->min);
}

void
mc_chart_axis_ticks (const McChartAxis *axis,
                     McChartTicks      *ticks)
{
  g_return_if_fail (axis != NULL && ticks != NULL);

  ticks->n = 0;
  if (axis->kind == MC_CHART_AXIS_CATEGORY)
    {
      guint every = (axis->n_categories + MC_CHART_MAX_TICKS - 1) / MC_CHART_MAX_TICKS;

      every = MAX (every, 1);
      for (guint i = 0; i < axis->n_categories && ticks->n < MC_CHART_MAX_TICKS; i += every)
        ticks->values[ticks->n++] = i;
      return;
    }
  if (axis->step <= 0.0)
    return;
  for (guint i = 0; ticks->n < MC_CHART_MAX_TICKS; i++)
    {
      double v = axis->min + i * axis->step;

      if (v > axis->max + axis->step * 1e-9)
        break;
      /* No "-0". */
      ticks->values[ticks->n++] = fabs (v) < axis->step * 1e-9 ? 0.0 : v;
    }
}

char *
mc_chart_axis_format (const McChartAxis *axis,
                      double             v,
                      McChartNumbers     numbers,
                      GTimeZone         *tz)
{
  g_return_val_if_fail (axis != NULL, NULL);

  switch (axis->format)
    {
    case MC_CHART_FORMAT_MONEY:
      return mc_chart_format_money (v, axis->step, numbers);
    case MC_CHART_FORMAT_SHARE:
      return mc_chart_format_share (v, axis->step);
    case MC_CHART_FORMAT_DECIMAL:
      return mc_chart_format_decimal (v, axis->step);
    case MC_CHART_FORMAT_MONTH:
    case MC_CHART_FORMAT_DAY:
      return mc_chart_format_date ((gint64) llround (v), axis->format, tz);
    case MC_CHART_FORMAT_COUNT:
    default:
      return mc_chart_format_count (v, axis->step, numbers);
    }
}

/* Labels */

char *
mc_chart_format_grouped (gint64 v)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             v < 0 ? (guint64) 0 - (guint64) v : (guint64) v);
  gsize len = strlen (digits);
  GString *out = g_string_new (v < 0 ? MINUS : "");

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* How many decimals (0..3) write x exactly enough. */
static int
decimals_for (double x)
{
  x = fabs (x);
  for (int d = 0; d < 3; d++)
    {
      double scaled = x * pow (10.0, d);

      if (fabs (scaled - round (scaled)) < 1e-6 * MAX (1.0, scaled))
        return d;
    }
  return 3;
}

/* "1.5" with d decimals, grouped, with a minus sign. */
static char *
format_fixed (double v,
              int    d)
{
  double scale = pow (10.0, d);
  double r = round (fabs (v) * scale);
  gint64 whole = (gint64) floor (r / scale);
  gint64 frac = (gint64) (r - (double) whole * scale);
  g_autofree char *grouped = mc_chart_format_grouped (whole);
  gboolean negative = v < 0.0 && r > 0.0;

  if (d == 0)
    return g_strconcat (negative ? MINUS : "", grouped, NULL);
  return g_strdup_printf ("%s%s.%0*" G_GINT64_FORMAT, negative ? MINUS : "", grouped, d, frac);
}

typedef struct
{
  double      size;
  const char *suffix;
} Unit;

static const Unit western_units[] = { { 1e9, "B" }, { 1e6, "M" }, { 1e3, "K" } };
static const Unit chinese_units[] = { { 1e8, "亿" }, { 1e4, "万" } };

/* The unit for a step (labels of an axis) or, with step 0, for the value alone. */
static const Unit *
pick_unit (double         v,
           double         step,
           McChartNumbers numbers)
{
  const Unit *units = numbers == MC_CHART_NUMBERS_CHINESE ? chinese_units : western_units;
  guint n = numbers == MC_CHART_NUMBERS_CHINESE ? G_N_ELEMENTS (chinese_units) : G_N_ELEMENTS (western_units);
  double ref = step > 0.0 ? step : fabs (v);

  for (guint i = 0; i < n; i++)
    {
      /* A value alone keeps its digits up to ten thousand ("9,999"). */
      double at = step > 0.0 ? units[i].size : MAX (units[i].size, 1e4);

      if (ref >= at)
        return &units[i];
    }
  return NULL;
}

static char *
format_short (double         v,
              double         step,
              McChartNumbers numbers,
              int            min_decimals)
{
  const Unit *unit = pick_unit (v, step, numbers);
  double size = unit != NULL ? unit->size : 1.0;
  int d;
  g_autofree char *number = NULL;

  /* Zero needs no unit and no decimals. */
  if (fabs (v) < (step > 0.0 ? step * 1e-9 : 1e-12))
    return g_strdup ("0");
  if (step > 0.0)
    d = decimals_for (step / size);
  else if (unit != NULL)
    d = decimals_for (round (fabs (v) / size * 10.0) / 10.0);   /* 1.2万, 12K */
  else
    d = MAX (decimals_for (v), min_decimals);
  d = MAX (d, unit == NULL ? min_decimals : 0);
  d = MIN (d, 3);
  number = format_fixed (v / size, d);
  return g_strconcat (number, unit != NULL ? unit->suffix : "", NULL);
}

char *
mc_chart_format_count (double         v,
                       double         step,
                       McChartNumbers numbers)
{
  return format_short (v, step, numbers, 0);
}

char *
mc_chart_format_money (double         fen,
                       double         step,
                       McChartNumbers numbers)
{
  g_autofree char *number = NULL;

  if ((step <= 0.0 && fabs (fen) < 1e6) || (step > 0.0 && step < 100.0))
    /* Below ten thousand yuan a value alone shows its fen (¥12.50), and so do the labels
     * of steps under a yuan. */
    number = format_fixed (fen / 100.0, 2);
  else
    number = format_short (fen / 100.0, step / 100.0, numbers, 0);
  if (g_str_has_prefix (number, MINUS))
    return g_strconcat (MINUS "¥", number + strlen (MINUS), NULL);
  return g_strconcat ("¥", number, NULL);
}

char *
mc_chart_format_share (double share,
                       double step)
{
  int d = step > 0.0 ? decimals_for (step * 100.0) : 1;
  g_autofree char *number = format_fixed (share * 100.0, MIN (d, 2));

  return g_strconcat (number, "%", NULL);
}

char *
mc_chart_format_decimal (double v,
                         double step)
{
  int d = step > 0.0 ? decimals_for (step) : MIN (decimals_for (v), 2);

  if (step <= 0.0 && d == 3)
    d = 2;
  return format_fixed (v, d);
}

char *
mc_chart_format_date (gint64         unix_time,
                      McChartFormat  format,
                      GTimeZone     *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = tz != NULL ? g_date_time_to_timezone (utc, tz) : g_date_time_ref (utc);
  if (format == MC_CHART_FORMAT_DAY)
    /* TRANSLATORS: a day on a chart's axis in g_date_time_format() syntax, e.g. "2026-03-15"
     * (Chinese: "%Y年%-m月%-d日") */
    return g_date_time_format (local, C_("chart day", "%Y-%m-%d"));
  /* TRANSLATORS: a month on a chart's axis in g_date_time_format() syntax, e.g. "2026-03"
   * (Chinese: "%Y年%-m月") */
  return g_date_time_format (local, C_("chart month", "%Y-%m"));
}

void
mc_chart_month_ticks (gint64        t0,
                      gint64        t1,
                      GTimeZone    *tz,
                      guint         max_ticks,
                      McChartTicks *ticks)
{
  static const int steps[] = { 1, 2, 3, 6, 12, 24, 60 };
  g_autoptr(GTimeZone) utc_tz = g_time_zone_new_utc ();
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;
  int ma, mb, first, step = steps[G_N_ELEMENTS (steps) - 1];

  g_return_if_fail (ticks != NULL);

  ticks->n = 0;
  if (t1 < t0)
    return;
  if (tz == NULL)
    tz = utc_tz;
  max_ticks = CLAMP (max_ticks, 1, MC_CHART_MAX_TICKS);
  {
    g_autoptr(GDateTime) ua = g_date_time_new_from_unix_utc (t0);
    g_autoptr(GDateTime) ub = g_date_time_new_from_unix_utc (t1);

    if (ua == NULL || ub == NULL)
      return;
    a = g_date_time_to_timezone (ua, tz);
    b = g_date_time_to_timezone (ub, tz);
  }
  /* Months counted from year 0: the first whole month at or after t0. */
  ma = g_date_time_get_year (a) * 12 + g_date_time_get_month (a) - 1;
  if (g_date_time_get_day_of_month (a) != 1 || g_date_time_get_hour (a) != 0 ||
      g_date_time_get_minute (a) != 0 || g_date_time_get_second (a) != 0)
    ma++;
  mb = g_date_time_get_year (b) * 12 + g_date_time_get_month (b) - 1;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      int f = (ma + steps[i] - 1) / steps[i] * steps[i];

      if (f > mb || (guint) ((mb - f) / steps[i] + 1) <= max_ticks)
        {
          step = steps[i];
          break;
        }
    }
  first = (ma + step - 1) / step * step;
  for (int m = first; m <= mb && ticks->n < MC_CHART_MAX_TICKS; m += step)
    {
      g_autoptr(GDateTime) at = g_date_time_new (tz, m / 12, m % 12 + 1, 1, 0, 0, 0);

      if (at != NULL)
        ticks->values[ticks->n++] = (double) g_date_time_to_unix (at);
    }
}

/* Colours */

gboolean
mc_chart_heat_colour (double       t,
                      const double low[3],
                      const double high[3],
                      double       out[3])
{
  g_return_val_if_fail (low != NULL && high != NULL && out != NULL, FALSE);

  if (isnan (t))
    return FALSE;
  t = CLAMP (t, 0.0, 1.0);
  for (int i = 0; i < 3; i++)
    out[i] = low[i] + (high[i] - low[i]) * t;
  return TRUE;
}

static double
linear_channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

gboolean
mc_chart_wants_light_text (const double rgb[3])
{
  double l = 0.2126 * linear_channel (rgb[0]) + 0.7152 * linear_channel (rgb[1]) +
             0.0722 * linear_channel (rgb[2]);

  /* White text has more contrast than black below a luminance of about 0.179:
   * (1.05) / (l + 0.05) > (l + 0.05) / 0.05. */
  return 1.05 / (l + 0.05) > (l + 0.05) / 0.05;
}

/* Histograms */

void
mc_chart_bins_compute (McChartBins  *bins,
                       const double *values,
                       gsize         n,
                       guint         target)
{
  double lo = INFINITY, hi = -INFINITY;
  gsize finite = 0;

  g_return_if_fail (bins != NULL);
  g_return_if_fail (values != NULL || n == 0);

  memset (bins, 0, sizeof *bins);
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        lo = MIN (lo, values[i]);
        hi = MAX (hi, values[i]);
        finite++;
      }
  if (finite == 0)
    return;
  target = CLAMP (target, 1, 200);
  if (hi > lo)
    {
      bins->width = mc_chart_nice_step ((hi - lo) / target);
      bins->lo = floor (lo / bins->width + 1e-9) * bins->width;
      bins->n_bins = (guint) MAX (1.0, ceil ((hi - bins->lo) / bins->width - 1e-9));
    }
  else
    {
      bins->width = mc_chart_nice_step (lo != 0.0 ? fabs (lo) * 0.1 : 1.0);
      bins->lo = floor (lo / bins->width + 1e-9) * bins->width;
      bins->n_bins = 1;
    }
  bins->counts = g_new0 (guint, bins->n_bins);
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      {
        double x = (values[i] - bins->lo) / bins->width;
        gint64 k = (gint64) floor (x + 1e-9);

        k = CLAMP (k, 0, (gint64) bins->n_bins - 1);
        bins->counts[k]++;
        bins->max_count = MAX (bins->max_count, bins->counts[k]);
      }
}

void
mc_chart_bins_clear (McChartBins *bins)
{
  g_return_if_fail (bins != NULL);

  g_clear_pointer (&bins->counts, g_free);
  memset (bins, 0, sizeof *bins);
}

/* Hit-tests */

int
mc_chart_hit_band (guint  n,
                   double x,
                   double bar_fraction)
{
  int i;
  double centre;

  if (n == 0 || !(x >= 0.0) || x >= 1.0)
    return -1;
  i = (int) floor (x * n);
  i = CLAMP (i, 0, (int) n - 1);
  centre = (i + 0.5) / n;
  if (fabs (x - centre) > bar_fraction / (2.0 * n))
    return -1;
  return i;
}

int
mc_chart_hit_nearest (const double *xs,
                      const double *ys,
                      gsize         n,
                      double        x,
                      double        y,
                      double        sx,
                      double        sy,
                      double        radius)
{
  int best = -1;
  double best_d2 = radius * radius;

  g_return_val_if_fail ((xs != NULL && ys != NULL) || n == 0, -1);

  for (gsize i = 0; i < n; i++)
    {
      double dx = (xs[i] - x) * sx, dy = (ys[i] - y) * sy;
      double d2 = dx * dx + dy * dy;

      if (d2 <= best_d2)
        {
          best_d2 = d2;
          best = (int) i;
        }
    }
  return best;
}

int
mc_chart_hit_nearest_x (const double *xs,
                        gsize         n,
                        double        x)
{
  gsize lo = 0, hi = n;

  g_return_val_if_fail (xs != NULL || n == 0, -1);

  if (n == 0)
    return -1;
  /* The first xs[i] >= x. */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (xs[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == n)
    return (int) n - 1;
  if (lo > 0 && x - xs[lo - 1] <= xs[lo] - x)
    return (int) lo - 1;
  return (int) lo;
}

gboolean
mc_chart_hit_cell (guint   rows,
                   guint   cols,
                   double  x,
                   double  y,
                   guint  *row,
                   guint  *col)
{
  guint r, c;

  if (rows == 0 || cols == 0 || !(x >= 0.0) || x >= 1.0 || !(y > 0.0) || y > 1.0)
    return FALSE;
  c = MIN ((guint) floor (x * cols), cols - 1);
  r = MIN ((guint) floor ((1.0 - y) * rows), rows - 1);
  if (row != NULL)
    *row = r;
  if (col != NULL)
    *col = c;
  return TRUE;
}

int
mc_chart_hit_stack (const double *tops,
                    gsize         n,
                    double        base,
                    double        y)
{
  double below = base;

  g_return_val_if_fail (tops != NULL || n == 0, -1);

  for (gsize i = 0; i < n; i++)
    {
      if (tops[i] > below && y >= below && y <= tops[i])
        return (int) i;
      below = MAX (below, tops[i]);
    }
  return -1;
}
