/* mc-i18n.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "mc-i18n.h"

void
mc_i18n_init (void)
{
  g_autofree char *installed = g_build_filename (LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);
  const char *dir = LOCALEDIR;

  setlocale (LC_ALL, "");
  if (!g_file_test (installed, G_FILE_TEST_EXISTS) &&
      g_file_test (MC_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    dir = MC_BUILD_LOCALEDIR;
  if (g_getenv ("MC_LOCALEDIR") != NULL)
    dir = g_getenv ("MC_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
