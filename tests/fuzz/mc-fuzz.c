/* mc-fuzz.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the libFuzzer targets of tests/fuzz share.
 */
#define G_LOG_DOMAIN "mc-fuzz"

#include "config.h"

#include <locale.h>

#include "mc-fuzz.h"

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  /* Criticals and warnings still abort (G_DEBUG=fatal-criticals in run-fuzz.sh); debug
   * and info lines would only slow the fuzzer down. */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_standard_streams (level, fields, n_fields, user_data);
}

void
mc_fuzz_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

char *
mc_fuzz_string (const guint8 *data,
                gsize         size)
{
  return g_strndup ((const char *) data, size);
}
