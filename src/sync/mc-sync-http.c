/* mc-sync-http.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON over HTTP(S) for the replicator, with retries. The password is only ever in the
 * Authorization header: never in a message, a log or the database.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-sync-http.h"

#define MAX_DELAY_MS 30000

struct _McSyncHttp
{
  SoupSession  *session;
  char         *url;        /* without credentials, no trailing slash */
  char         *host;
  int           port;
  char         *auth;       /* "Basic ..." or NULL */
  GTlsDatabase *extra_ca;
  GCancellable *cancellable;
  guint         max_retries;
  guint         first_delay_ms;
  guint         retries;
};

McSyncHttp *
mc_sync_http_new (const char  *url,
                  const char  *user,
                  const char  *password,
                  const char  *ca_file,
                  guint        timeout_seconds,
                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) clean = NULL;
  g_autoptr(GError) local_error = NULL;
  McSyncHttp *http;
  const char *scheme;
  g_autofree char *text = NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &local_error);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL || g_uri_get_host (uri) == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a server address: use http:// or https://, the server and the database, "
                     "like https://sync.example.com/members."), url);
      return NULL;
    }
  clean = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                       g_uri_get_path (uri), NULL, NULL);
  text = g_uri_to_string (clean);

  http = g_new0 (McSyncHttp, 1);
  http->url = g_strdup (text);
  while (g_str_has_suffix (http->url, "/"))
    http->url[strlen (http->url) - 1] = '\0';
  http->host = g_strdup (g_uri_get_host (uri));
  http->port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri)
             : g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
  if (user == NULL && g_uri_get_user (uri) != NULL)
    {
      g_autofree char *u = g_uri_unescape_string (g_uri_get_user (uri), NULL);
      g_autofree char *p = g_uri_get_password (uri) != NULL
                           ? g_uri_unescape_string (g_uri_get_password (uri), NULL) : g_strdup ("");
      g_autofree char *pair = g_strdup_printf ("%s:%s", u, p);
      g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));

      http->auth = g_strdup_printf ("Basic %s", b64);
      memset (pair, 0, strlen (pair));
    }
  else if (user != NULL)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", user, password != NULL ? password : "");
      g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));

      http->auth = g_strdup_printf ("Basic %s", b64);
      memset (pair, 0, strlen (pair));
    }
  http->session = soup_session_new_with_options ("timeout", timeout_seconds,
                                                 "idle-timeout", 60,
                                                 "user-agent", "member-console/" PACKAGE_VERSION,
                                                 NULL);
  http->max_retries = 6;
  http->first_delay_ms = 250;
  if (ca_file != NULL)
    {
      http->extra_ca = g_tls_file_database_new (ca_file, &local_error);
      if (http->extra_ca == NULL)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_IO,
                       _("Cannot read the certificate authority file %s: %s"), ca_file, local_error->message);
          mc_sync_http_free (http);
          return NULL;
        }
    }
  return http;
}

void
mc_sync_http_free (McSyncHttp *http)
{
  if (http == NULL)
    return;
  g_clear_object (&http->session);
  g_clear_object (&http->extra_ca);
  g_clear_object (&http->cancellable);
  g_free (http->url);
  g_free (http->host);
  if (http->auth != NULL)
    memset (http->auth, 0, strlen (http->auth));
  g_free (http->auth);
  g_free (http);
}

void
mc_sync_http_set_retry (McSyncHttp *http,
                        guint       max_retries,
                        guint       first_delay_ms)
{
  http->max_retries = max_retries;
  http->first_delay_ms = first_delay_ms;
}

void
mc_sync_http_set_cancellable (McSyncHttp   *http,
                              GCancellable *cancellable)
{
  g_set_object (&http->cancellable, cancellable);
}

const char *
mc_sync_http_get_url (McSyncHttp *http)
{
  return http->url;
}

guint
mc_sync_http_get_retries (McSyncHttp *http)
{
  return http->retries;
}

/* Trusts a certificate the system refused when the extra CA file vouches for it. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  McSyncHttp *http = user_data;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (http->host, (guint16) http->port);
  GTlsCertificateFlags flags;

  flags = g_tls_database_verify_chain (http->extra_ca, certificate, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
  return flags == 0;
}

/* Sleeps before try number attempt (from 1): doubling delays with jitter, cut short by a cancel. */
static void
back_off (McSyncHttp *http,
          guint       attempt)
{
  guint64 delay = http->first_delay_ms;
  gint64 until;

  for (guint i = 1; i < attempt && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_DELAY_MS);
  delay = delay / 2 + (guint64) g_random_int_range (0, (gint32) (delay / 2 + 1));
  until = g_get_monotonic_time () + (gint64) delay * 1000;
  while (!g_cancellable_is_cancelled (http->cancellable))
    {
      gint64 left = until - g_get_monotonic_time ();

      if (left <= 0)
        break;
      g_usleep ((gulong) MIN (left, (gint64) 20000));
    }
}

static char *
reason_from_body (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  g_autoptr(JsonNode) node = NULL;

  if (data == NULL || size == 0 || !g_utf8_validate (data, (gssize) size, NULL))
    return NULL;
  {
    g_autofree char *text = g_strndup (data, size);

    node = json_from_string (text, NULL);
  }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *reason = json_object_get_string_member_with_default (json_node_get_object (node), "reason", NULL);

      if (reason != NULL)
        return g_strdup (reason);
    }
  return NULL;
}

JsonNode *
mc_sync_http_call (McSyncHttp  *http,
                   const char  *method,
                   const char  *path,
                   JsonNode    *body,
                   guint       *status,
                   GError     **error)
{
  g_autofree char *uri = g_strdup_printf ("%s/%s", http->url, path);
  g_autoptr(GBytes) request = NULL;
  g_autofree char *last_problem = NULL;

  *status = 0;
  if (body != NULL)
    {
      gsize length = 0;
      char *text = mc_json_to_string (body);

      length = strlen (text);
      request = g_bytes_new_take (text, length);
    }

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) local_error = NULL;

      if (attempt > 0)
        {
          if (attempt > http->max_retries)
            break;
          http->retries++;
          g_debug ("retry %u of %s %s: %s", attempt, method, path, last_problem);
          back_off (http, attempt);
        }
      if (g_cancellable_set_error_if_cancelled (http->cancellable, error))
        return NULL;

      msg = soup_message_new (method, uri);
      if (msg == NULL)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("“%s” is not a valid address."), http->url);
          return NULL;
        }
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
      if (http->auth != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", http->auth);
      if (request != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", request);
      if (http->extra_ca != NULL)
        g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), http);

      reply = soup_session_send_and_read (http->session, msg, http->cancellable, &local_error);
      if (reply == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (local_error->domain == G_TLS_ERROR)
            {
              g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                           _("The server %s is not trusted: %s. Check its certificate, or name the "
                             "certificate authority that signed it with --ca-file."),
                           http->url, local_error->message);
              return NULL;
            }
          g_free (last_problem);
          last_problem = g_strdup (local_error->message);
          continue;
        }

      *status = soup_message_get_status (msg);
      if (*status >= 200 && *status < 300)
        {
          gsize size = 0;
          const char *data = g_bytes_get_data (reply, &size);
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();

          if (data != NULL && size > 0 && g_utf8_validate (data, (gssize) size, NULL) &&
              json_parser_load_from_data (parser, data, (gssize) size, NULL) &&
              json_parser_get_root (parser) != NULL)
            return json_node_ref (json_parser_get_root (parser));
          g_free (last_problem);
          last_problem = g_strdup (_("the answer was cut short or is not valid JSON"));
          continue;
        }
      if (*status == 401)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                       _("The server %s did not accept the user name or password (401)."), http->url);
          return NULL;
        }
      if (*status == 403)
        {
          g_autofree char *reason = reason_from_body (reply);

          g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
                       _("The server %s refused access for this user (403): %s"), http->url,
                       reason != NULL ? reason : _("no reason given"));
          return NULL;
        }
      if (*status == 400 || *status == 404 || *status == 405 || *status == 409 || *status == 412 ||
          *status == 415 || *status == 501)
        return NULL;
      if (*status >= 500 || *status == 408 || *status == 429)
        {
          g_free (last_problem);
          last_problem = g_strdup_printf (_("the server answered %u %s"), *status,
                                          soup_message_get_reason_phrase (msg));
          continue;
        }
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("The server %s answered %u %s to %s %s."),
                   http->url, *status, soup_message_get_reason_phrase (msg), method, path);
      return NULL;
    }

  g_set_error (error, MC_ERROR, MC_ERROR_IO,
               _("The server %s did not answer properly after %u tries (%s). Nothing is lost: the next "
                 "sync goes on from the last checkpoint."),
               http->url, http->max_retries + 1, last_problem);
  return NULL;
}
