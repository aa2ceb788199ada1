/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include "mc-application.h"
#include "mc-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(McApplication) app = NULL;

  mc_i18n_init ();
  app = mc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
