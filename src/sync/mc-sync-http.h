/* mc-sync-http.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The replicator's HTTP client over libsoup 3, for one database on one server: JSON in and
 * out, basic authentication, certificate checks (with one extra CA file to trust), and
 * retries with exponential backoff and jitter on what a bad network or a restarting server
 * does (no answer, a cut connection, a 5xx, a truncated or malformed body).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _McSyncHttp McSyncHttp;

McSyncHttp *mc_sync_http_new        (const char    *url,
                                     const char    *user,
                                     const char    *password,
                                     const char    *ca_file,
                                     guint          timeout_seconds,
                                     GError       **error);
void        mc_sync_http_free       (McSyncHttp    *http);
void        mc_sync_http_set_retry  (McSyncHttp    *http,
                                     guint          max_retries,
                                     guint          first_delay_ms);
void        mc_sync_http_set_cancellable (McSyncHttp *http,
                                     GCancellable  *cancellable);
/* The database's URL without credentials: for messages and the replication id. */
const char *mc_sync_http_get_url    (McSyncHttp    *http);
/* How many requests were tried again so far. */
guint       mc_sync_http_get_retries (McSyncHttp   *http);

/* method on the database's URL followed by "/" path (path "" is the database itself). The
 * parsed answer of a 2xx status; NULL with *status for 400, 404, 405, 409, 412, 415 and 501
 * (the caller decides), and an error for the rest: 401 and 403 are MC_ERROR_PERMISSION,
 * what is still wrong after the retries is MC_ERROR_IO. */
JsonNode   *mc_sync_http_call       (McSyncHttp    *http,
                                     const char    *method,
                                     const char    *path,
                                     JsonNode      *body,
                                     guint         *status,
                                     GError       **error);

G_END_DECLS
