/* mc-demo-person.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo members as people: names from surnames weighted by their share of the population
 * (per 10,000, after the published rankings of the 2020 census) and characters common in
 * given names by gender and generation, ages, birthdays, unique phone numbers (a
 * bijection of the member's index) and card numbers, the odd e-mail address. Word lists
 * are data, not user interface: not translated.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include "mc-demo-private.h"
#include "mc-pinyin.h"

#define DAY MC_DEMO_DAY

const McDemoStore mc_demo_stores[MC_DEMO_N_STORES] = {
  { "上海南京路店", "上海", 0.22 },
  { "北京三里屯店", "北京", 0.20 },
  { "深圳万象城店", "深圳", 0.16 },
  { "杭州西湖店",   "杭州", 0.13 },
  { "成都太古里店", "成都", 0.14 },
  { "广州天河店",   "广州", 0.15 },
};

/* Where members live when not in their store's city. */
static const char * const other_cities[] = {
  "苏州", "南京", "天津", "重庆", "武汉", "西安", "东莞", "佛山", "宁波", "长沙",
  "无锡", "青岛", "郑州", "合肥", "厦门", "昆明",
};

typedef struct
{
  const char *text;
  guint       weight;
} Weighted;

static const Weighted surnames[] = {
  { "王", 712 }, { "李", 700 }, { "张", 674 }, { "刘", 510 }, { "陈", 461 }, { "杨", 322 },
  { "赵", 212 }, { "黄", 210 }, { "周", 188 }, { "吴", 183 }, { "徐", 140 }, { "孙", 132 },
  { "胡", 131 }, { "朱", 126 }, { "高", 121 }, { "林", 118 }, { "何", 117 }, { "郭", 115 },
  { "马", 105 }, { "罗", 86 },  { "梁", 83 },  { "宋", 78 },  { "郑", 76 },  { "谢", 72 },
  { "韩", 68 },  { "唐", 63 },  { "冯", 62 },  { "于", 61 },  { "董", 60 },  { "萧", 59 },
  { "程", 57 },  { "曹", 56 },  { "袁", 54 },  { "邓", 54 },  { "许", 53 },  { "傅", 51 },
  { "沈", 50 },  { "曾", 49 },  { "彭", 49 },  { "吕", 47 },  { "苏", 46 },  { "卢", 45 },
  { "蒋", 45 },  { "蔡", 44 },  { "贾", 42 },  { "丁", 41 },  { "魏", 41 },  { "薛", 40 },
  { "叶", 40 },  { "阎", 39 },  { "余", 39 },  { "潘", 38 },  { "杜", 37 },  { "戴", 36 },
  { "夏", 35 },  { "钟", 35 },  { "汪", 34 },  { "田", 34 },  { "任", 33 },  { "姜", 33 },
  { "范", 32 },  { "方", 31 },  { "石", 31 },  { "姚", 30 },  { "谭", 29 },  { "廖", 28 },
  { "邹", 28 },  { "熊", 27 },  { "金", 27 },  { "陆", 26 },  { "郝", 26 },  { "孔", 25 },
  { "白", 25 },  { "崔", 24 },  { "康", 24 },  { "毛", 24 },  { "邱", 23 },  { "秦", 23 },
  { "江", 22 },  { "史", 22 },  { "顾", 21 },  { "侯", 21 },  { "邵", 20 },  { "孟", 20 },
  { "龙", 20 },  { "万", 19 },  { "段", 19 },  { "雷", 18 },  { "钱", 18 },  { "汤", 18 },
  { "尹", 17 },  { "黎", 17 },  { "易", 16 },  { "常", 16 },  { "武", 16 },  { "乔", 15 },
  { "贺", 15 },  { "赖", 15 },  { "龚", 15 },  { "文", 14 },  { "欧阳", 5 }, { "上官", 1 },
  { "司马", 1 }, { "诸葛", 1 },
};

/* Given-name characters: [0] men, [1] women; the older generation, then the younger. */
static const char * const given_older[2][40] = {
  { "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
    "波", "斌", "峰", "亮", "成", "东", "文", "建", "国", "志", "海", "林", "永", "春", "立",
    "新", "德", "庆", "俊", "健", "生", "龙", "福", "荣", "兵" },
  { "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "丹", "萍", "红",
    "玉", "兰", "燕", "梅", "琴", "云", "莉", "凤", "洁", "琳", "素", "慧", "华", "芬", "淑",
    "珍", "颖", "晶", "倩", "婷", "雪", "春", "霞", "美", "莲" },
};

static const char * const given_younger[2][40] = {
  { "浩", "宇", "轩", "子", "博", "文", "涵", "睿", "泽", "俊", "晨", "一", "天", "然", "航",
    "哲", "铭", "昊", "杰", "凯", "鑫", "鹏", "宸", "梓", "奕", "辰", "煜", "嘉", "逸", "明",
    "志", "翔", "旭", "磊", "帆", "阳", "瑞", "诚", "源", "乐" },
  { "欣", "怡", "诗", "涵", "梓", "萱", "雨", "思", "晓", "梦", "佳", "悦", "婷", "琪", "语",
    "可", "馨", "彤", "妍", "菲", "雪", "琳", "瑶", "嘉", "一", "若", "子", "桐", "依", "心",
    "月", "茜", "蕾", "宁", "颖", "静", "露", "洁", "薇", "晨" },
};

static gsize surname_total;

static guint
weighted_total (void)
{
  if (g_once_init_enter (&surname_total))
    {
      gsize total = 0;

      for (guint i = 0; i < G_N_ELEMENTS (surnames); i++)
        total += surnames[i].weight;
      g_once_init_leave (&surname_total, total);
    }
  return (guint) surname_total;
}

static const char *
surname (double u)
{
  guint target = (guint) (u * weighted_total ());
  guint acc = 0;

  for (guint i = 0; i < G_N_ELEMENTS (surnames); i++)
    {
      acc += surnames[i].weight;
      if (target < acc)
        return surnames[i].text;
    }
  return surnames[0].text;
}

static const char *
given_char (char     gender,
            gboolean younger,
            double   u)
{
  guint k = (guint) (u * 40.0) % 40;
  guint g = gender == 'm' ? 0 : gender == 'f' ? 1 : (k & 1);

  return younger ? given_younger[g][k] : given_older[g][k];
}

const char *
mc_demo_other_city (double u)
{
  return other_cities[(guint) (u * G_N_ELEMENTS (other_cities)) % G_N_ELEMENTS (other_cities)];
}

/* A bijection of [0, n) (n <= 2^bits): an invertible mix of [0, 2^bits), walked until it
 * lands in range. Unique phone numbers without remembering any. */
static guint64
permute (guint64 x,
         guint64 n,
         int     bits,
         guint64 key)
{
  guint64 mask = (G_GUINT64_CONSTANT (1) << bits) - 1;

  do
    {
      for (int round = 0; round < 3; round++)
        {
          x = (x ^ (key >> (round * 8))) & mask;
          x = (x * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) & mask;
          x ^= x >> (bits / 2);
          x = (x * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)) & mask;
          x ^= x >> (bits / 3);
        }
    }
  while (x >= n);
  return x;
}

void
mc_demo_make_person (McDemoGen       *gen,
                     McDemoRng       *r,
                     guint            index,
                     McDemoMemberRow *m)
{
  static const double age_cum[] = { 0.18, 0.53, 0.78, 0.91, 1.0 };
  static const int age_lo[] = { 18, 25, 35, 45, 55 };
  static const int age_span[] = { 7, 10, 10, 10, 16 };
  double u;
  guint bucket = 0;
  int age, y, mo, d;
  gint64 end_day = mc_demo_days_from_civil (1970, 1, 1) + (gen->end - 1) / DAY;
  gint64 born;
  gboolean younger;
  GString *name;
  guint64 p;

  /* Gender and age */
  u = rng_double (r);
  m->gender[0] = u < 0.53 ? 'f' : u < 0.97 ? 'm' : 'u';
  m->gender[1] = '\0';
  u = rng_double (r);
  while (bucket < G_N_ELEMENTS (age_cum) - 1 && u >= age_cum[bucket])
    bucket++;
  age = age_lo[bucket] + (int) rng_below (r, (guint32) age_span[bucket]);
  born = end_day - (gint64) age * 365 - (gint64) (age / 4) - rng_below (r, 365);
  mc_demo_civil_from_days (born, &y, &mo, &d);
  younger = age < 32;
  u = rng_double (r);
  if (u < 0.05)
    m->birthday[0] = '\0';
  else if (u < 0.08)
    g_snprintf (m->birthday, sizeof m->birthday, "--%02d-%02d", mo, d);
  else
    g_snprintf (m->birthday, sizeof m->birthday, "%04d-%02d-%02d", y, mo, d);

  /* Name: a surname, then one or two characters (two more often for the young). */
  name = g_string_new (surname (rng_double (r)));
  g_string_append (name, given_char (m->gender[0], younger, rng_double (r)));
  if (rng_chance (r, younger ? 0.85 : age < 50 ? 0.7 : 0.55))
    g_string_append (name, given_char (m->gender[0], younger && rng_chance (r, 0.8), rng_double (r)));
  g_strlcpy (m->name, name->str, sizeof m->name);
  g_string_free (name, TRUE);

  /* Phone: +86 1[3-9] and nine digits, a bijection of the index. */
  p = permute (index, G_GUINT64_CONSTANT (7000000000), 33, hash2 (gen->opt.seed, 0x50484f4e45));
  g_snprintf (m->phone, sizeof m->phone, "+861%u%09u", (guint) (3 + p / 1000000000),
              (guint) (p % 1000000000));
  g_snprintf (m->card_no, sizeof m->card_no, "MC%08" G_GINT64_FORMAT,
              gen->first_card_no + (gint64) index);

  u = rng_double (r);
  if (u < 0.06)
    g_snprintf (m->email, sizeof m->email, "%u@qq.com", 10000000 + rng_below (r, 2000000000u));
  else if (u < 0.12)
    {
      static const char * const domains[] = { "163.com", "126.com", "sina.com", "outlook.com", "gmail.com" };
      g_autofree char *initials = mc_pinyin_initials (m->name);

      g_snprintf (m->email, sizeof m->email, "%s%u@%s", initials,
                  (guint) (y % 100) * 100 + rng_below (r, 100),
                  domains[rng_below (r, G_N_ELEMENTS (domains))]);
    }
  else
    m->email[0] = '\0';
}
