/* mc-chart-scale.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The arithmetic of the charts, without GTK: axes that normalise values to 0..1, nice
 * ticks, labels for counts, money in fen, shares and dates (in the workspace's time zone),
 * the heatmap's colour scale, histogram bins and the hit-tests behind the tooltips. The
 * chart widgets in src/gui/ only scale these 0..1 values to pixels.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_CHART_MAX_TICKS 16

typedef enum
{
  MC_CHART_FORMAT_COUNT,       /* 1,234 / 12K / 1.2万 */
  MC_CHART_FORMAT_MONEY,       /* values in fen: ¥12.50 / ¥12K / ¥1.2万 */
  MC_CHART_FORMAT_SHARE,       /* 0..1: 45% / 4.5% */
  MC_CHART_FORMAT_DECIMAL,     /* 0.25 / 1.5 */
  MC_CHART_FORMAT_MONTH,       /* unix seconds: 2026-03 */
  MC_CHART_FORMAT_DAY,         /* unix seconds: 03-15 (or 2026-03-15 at a year's start) */
} McChartFormat;

typedef enum
{
  MC_CHART_NUMBERS_WESTERN,    /* thousands: K, M, B */
  MC_CHART_NUMBERS_CHINESE,    /* ten thousands: 万, 亿 */
} McChartNumbers;

typedef enum
{
  MC_CHART_AXIS_LINEAR,
  MC_CHART_AXIS_CATEGORY,      /* value i sits in the middle of band i of n */
} McChartAxisKind;

/* An axis: plain data. A linear axis maps [min, max] to [0, 1]; a category axis maps
 * index i of n to (i + 0.5) / n. */
typedef struct
{
  McChartAxisKind kind;
  McChartFormat   format;
  double          min, max;
  double          step;                 /* between ticks (linear) */
  guint           n_categories;
} McChartAxis;

typedef struct
{
  guint  n;
  double values[MC_CHART_MAX_TICKS];
} McChartTicks;

/* The number style of the translation in use ("chinese" when the UI is in Chinese). */
McChartNumbers mc_chart_numbers_default   (void);

/* 1, 2, 2.5 or 5 times a power of ten, the nearest at or above raw (raw > 0). */
double   mc_chart_nice_step               (double               raw);
/* Ticks covering [lo, hi] with about target steps: min and max rounded out to the step. */
void     mc_chart_axis_init_linear        (McChartAxis         *axis,
                                           McChartFormat        format,
                                           double               lo,
                                           double               hi,
                                           guint                target);
/* As above over the data, with 0 always inside the range (bars start at zero). */
void     mc_chart_axis_fit                (McChartAxis         *axis,
                                           McChartFormat        format,
                                           const double        *values,
                                           gsize                n,
                                           gboolean             include_zero,
                                           guint                target);
void     mc_chart_axis_init_categories    (McChartAxis         *axis,
                                           guint                n);
/* The axis's position of v in 0..1 (not clamped: outside the range is outside 0..1). */
double   mc_chart_axis_normalise          (const McChartAxis   *axis,
                                           double               v);
/* The value at position t in 0..1 (linear axes). */
double   mc_chart_axis_value_at           (const McChartAxis   *axis,
                                           double               t);
void     mc_chart_axis_ticks              (const McChartAxis   *axis,
                                           McChartTicks        *ticks);
/* The label of v at the axis's step. */
char    *mc_chart_axis_format             (const McChartAxis   *axis,
                                           double               v,
                                           McChartNumbers       numbers,
                                           GTimeZone           *tz);

/* Labels. step is the distance between neighbouring labels (0: the value alone decides
 * the precision). */
char    *mc_chart_format_count            (double               v,
                                           double               step,
                                           McChartNumbers       numbers);
char    *mc_chart_format_money            (double               fen,
                                           double               step,
                                           McChartNumbers       numbers);
char    *mc_chart_format_share            (double               share,
                                           double               step);
char    *mc_chart_format_decimal          (double               v,
                                           double               step);
/* "1,234,567" (a full number for tables and tooltips). */
char    *mc_chart_format_grouped          (gint64               v);
char    *mc_chart_format_date             (gint64               unix_time,
                                           McChartFormat        format,
                                           GTimeZone           *tz);
/* Month ticks between t0 and t1 (unix seconds) at the first of a month, every 1, 2, 3, 6
 * or 12 months so that there are at most max_ticks. */
void     mc_chart_month_ticks             (gint64               t0,
                                           gint64               t1,
                                           GTimeZone           *tz,
                                           guint                max_ticks,
                                           McChartTicks        *ticks);

/* The heatmap's colour of t in 0..1 between low and high (RGB 0..1 each), linear in each
 * channel; NaN (no data) gives none: FALSE. */
gboolean mc_chart_heat_colour             (double               t,
                                           const double         low[3],
                                           const double         high[3],
                                           double               out[3]);
/* Whether text on that background should be light (the background's relative luminance
 * by WCAG is under 0.4). */
gboolean mc_chart_wants_light_text        (const double         rgb[3]);

/* Histogram: bins of a nice width covering [min, max] of the values (about target bins);
 * a value on a bin's upper edge counts in the next bin, the maximum in the last one.
 * Returns the counts (n_bins of them); lo and width describe the bins. */
typedef struct
{
  double  lo;
  double  width;
  guint   n_bins;
  guint  *counts;
  guint   max_count;
} McChartBins;

void     mc_chart_bins_compute            (McChartBins         *bins,
                                           const double        *values,
                                           gsize                n,
                                           guint                target);
void     mc_chart_bins_clear              (McChartBins         *bins);

/* Hit-tests, in normalised coordinates (0..1; y grows upwards). */
/* The band of n at x, or -1 outside; bar_fraction is the share of a band its bar fills
 * (centred): outside the bar is a miss. */
int      mc_chart_hit_band                (guint                n,
                                           double               x,
                                           double               bar_fraction);
/* The index of the point nearest to (x, y) in pixels (sx, sy: the plot's size), within
 * radius pixels, or -1. */
int      mc_chart_hit_nearest             (const double        *xs,
                                           const double        *ys,
                                           gsize                n,
                                           double               x,
                                           double               y,
                                           double               sx,
                                           double               sy,
                                           double               radius);
/* The index of the x nearest to x (xs sorted ascending), or -1 when n is 0. */
int      mc_chart_hit_nearest_x           (const double        *xs,
                                           gsize                n,
                                           double               x);
/* The cell of a grid of rows × cols under (x, y), row 0 at the top; FALSE outside. */
gboolean mc_chart_hit_cell                (guint                rows,
                                           guint                cols,
                                           double               x,
                                           double               y,
                                           guint               *row,
                                           guint               *col);
/* The segment of a stack (tops: cumulative normalised tops, ascending) under y, or -1. */
int      mc_chart_hit_stack               (const double        *tops,
                                           gsize                n,
                                           double               base,
                                           double               y);

G_END_DECLS
