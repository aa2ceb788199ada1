/* mc-test-pouchdb.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PouchDB Server for the sync tests: started on a free loopback port (in memory, or on disk
 * in a folder of its own), stopped, killed and started again on the same port.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *program;
  char        *dir;      /* its working folder (config, log, and the data when on disk) */
  gboolean     on_disk;
  guint16      port;
  char        *url;      /* http://127.0.0.1:PORT */
} McTestServer;

/* NULL only when npm is not installed at all: the tests then skip (MC_TEST_NEED_SERVER). */
McTestServer *mc_test_server_start   (gboolean       on_disk);
void          mc_test_server_kill    (McTestServer  *server);
void          mc_test_server_restart (McTestServer  *server);
void          mc_test_server_free    (McTestServer  *server);
/* A new empty database on the server; its URL. */
char         *mc_test_server_new_db  (McTestServer  *server,
                                      const char    *name);
/* Plain HTTP to the server, as a third-party client: the status, and the parsed answer. */
JsonNode     *mc_test_http           (const char    *method,
                                      const char    *url,
                                      const char    *body,
                                      guint         *status);
guint16       mc_test_free_port      (void);

#define MC_TEST_NEED_SERVER(server) \
  G_STMT_START { \
    if ((server) == NULL) \
      { \
        g_test_skip ("npm is not installed: no pouchdb-server to sync with"); \
        return; \
      } \
  } G_STMT_END

G_END_DECLS
