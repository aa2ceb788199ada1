/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mc-application.h"

static void
setup_i18n (void)
{
  g_autofree char *installed = g_build_filename (LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);
  const char *dir = LOCALEDIR;

  setlocale (LC_ALL, "");
  /* Run from the build tree: use the catalogues built there. */
  if (!g_file_test (installed, G_FILE_TEST_EXISTS) &&
      g_file_test (MC_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    dir = MC_BUILD_LOCALEDIR;
  if (g_getenv ("MC_LOCALEDIR") != NULL)
    dir = g_getenv ("MC_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(McApplication) app = NULL;

  setup_i18n ();
  app = mc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
