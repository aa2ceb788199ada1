/* mc-sync-settings.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workspace's sync settings in its meta table.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-sync-settings.h"

void
mc_sync_settings_clear (McSyncSettings *settings)
{
  g_clear_pointer (&settings->url, g_free);
  g_clear_pointer (&settings->user, g_free);
  g_clear_pointer (&settings->ca_file, g_free);
}

static char *
non_empty (char *text)
{
  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

gboolean
mc_sync_settings_load (McDb            *db,
                       McSyncSettings  *settings,
                       GError         **error)
{
  g_autofree char *interval = NULL;
  g_autofree char *continuous = NULL;
  gint64 minutes;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  memset (settings, 0, sizeof *settings);
  if (!mc_db_get_meta (db, "sync_remote", &settings->url, error) ||
      !mc_db_get_meta (db, "sync_user", &settings->user, error) ||
      !mc_db_get_meta (db, "sync_ca_file", &settings->ca_file, error) ||
      !mc_db_get_meta (db, "sync_interval", &interval, error) ||
      !mc_db_get_meta (db, "sync_continuous", &continuous, error))
    {
      mc_sync_settings_clear (settings);
      return FALSE;
    }
  settings->url = non_empty (settings->url);
  settings->user = non_empty (settings->user);
  settings->ca_file = non_empty (settings->ca_file);
  minutes = interval != NULL ? g_ascii_strtoll (interval, NULL, 10) : 0;
  settings->interval_minutes = minutes >= 1 && minutes <= MC_SYNC_INTERVAL_MAX
                               ? (guint) minutes : MC_SYNC_INTERVAL_DEFAULT;
  settings->continuous = g_strcmp0 (continuous, "1") == 0;
  return TRUE;
}

gboolean
mc_sync_settings_check (const McSyncSettings *settings,
                        GError              **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *path;

  g_return_val_if_fail (settings != NULL, FALSE);

  if (settings->interval_minutes < 1 || settings->interval_minutes > MC_SYNC_INTERVAL_MAX)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Sync every 1 to %d minutes."), MC_SYNC_INTERVAL_MAX);
      return FALSE;
    }
  if (settings->url == NULL || settings->url[0] == '\0')
    return TRUE;
  uri = g_uri_parse (settings->url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a server address: write it like https://sync.example.com/members."),
                   settings->url);
      return FALSE;
    }
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_INVALID,
                           _("Put the user name and the password in their own fields, not in the server address."));
      return FALSE;
    }
  path = g_uri_get_path (uri);
  if (path == NULL || path[0] == '\0' || g_str_equal (path, "/"))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The address “%s” names no database: add its name, like https://sync.example.com/members."),
                   settings->url);
      return FALSE;
    }
  if (settings->ca_file != NULL && settings->ca_file[0] != '\0' &&
      !g_file_test (settings->ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("The certificate file “%s” does not exist."), settings->ca_file);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_sync_settings_save (McDb                 *db,
                       const McSyncSettings *settings,
                       GError              **error)
{
  g_autofree char *interval = NULL;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  if (!mc_sync_settings_check (settings, error))
    return FALSE;
  interval = g_strdup_printf ("%u", settings->interval_minutes);
  if (!mc_db_begin (db, error))
    return FALSE;
  if (!mc_db_set_meta (db, "sync_remote", settings->url != NULL ? settings->url : "", error) ||
      !mc_db_set_meta (db, "sync_user", settings->user != NULL ? settings->user : "", error) ||
      !mc_db_set_meta (db, "sync_ca_file", settings->ca_file != NULL ? settings->ca_file : "", error) ||
      !mc_db_set_meta (db, "sync_interval", interval, error) ||
      !mc_db_set_meta (db, "sync_continuous", settings->continuous ? "1" : "0", error) ||
      !mc_db_commit (db, error))
    {
      mc_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
