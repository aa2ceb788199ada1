/* mc-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application: command line (--db PATH), app-wide actions and their shortcuts, the
 * preferences and about windows.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-backup-scheduler.h"
#include "mc-gui.h"
#include "mc-preferences-window.h"
#include "mc-window.h"

struct _McApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  McBackupScheduler *backups;
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

static McWindow *
get_window (McApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (mc_window_new (GTK_APPLICATION (self)));
  return MC_WINDOW (window);
}

static void
mc_application_activate (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (get_window (self));
      mc_window_open_last (MC_WINDOW (window));
    }
  gtk_window_present (window);
}

static int
mc_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  McApplication *self = MC_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db) && db != NULL && db[0] != '\0')
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline, db);
      g_autofree char *path = g_file_get_path (file);
      McWindow *window = get_window (self);

      mc_window_open_path (window, path);
      gtk_window_present (GTK_WINDOW (window));
      return 0;
    }
  g_application_activate (app);
  return 0;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  McApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close the windows first so they save their size and page. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  McApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  McPreferencesWindow *prefs = mc_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  McApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Member Console authors"), NULL };

  adw_show_about_window (parent,
                         "application-name", _("Member Console"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Member Console authors"),
                         "developers", developers,
                         "comments", _("Run a membership and loyalty programme: members, tiers, points and the numbers that show whether it pays."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "preferences", .activate = preferences_activated },
  { .name = "about", .activate = about_activated },
};

static void
mc_application_startup (GApplication *app)
{
  McApplication *self = MC_APPLICATION (app);
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "app.preferences", { "<Primary>comma", NULL } },
    { "win.search", { "<Primary>f", NULL } },
    { "win.open-workspace", { "<Primary>o", NULL } },
    { "win.undo", { "<Primary>z", NULL } },
    { "win.new-member", { "<Primary>n", NULL } },
  };

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);
  mc_gui_choose_renderer ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
  /* Automatic backups of the workspace the window opens (the backup-* settings). */
  self->backups = mc_backup_scheduler_new (self->settings, app);
}

static void
mc_application_dispose (GObject *object)
{
  McApplication *self = MC_APPLICATION (object);

  g_clear_object (&self->backups);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mc_application_parent_class)->dispose (object);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mc_application_dispose;
  app_class->activate = mc_application_activate;
  app_class->startup = mc_application_startup;
  app_class->command_line = mc_application_command_line;
}

static void
mc_application_init (McApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the workspace at PATH"), N_("PATH") },
    { NULL }
  };

  self->settings = g_settings_new (APPLICATION_ID);
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Member Console: run a membership programme."));
}

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/memberconsole/MemberConsole",
                       NULL);
}

GSettings *
mc_application_get_settings (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);
  return self->settings;
}
