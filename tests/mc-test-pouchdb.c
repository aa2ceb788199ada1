/* mc-test-pouchdb.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "mc-test-pouchdb.h"

guint16
mc_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The pouchdb-server program: $MC_POUCHDB_SERVER, or installed by build-aux/install-pouchdb.sh. */
static char *
find_program (void)
{
  const char *env = g_getenv ("MC_POUCHDB_SERVER");
  const char *srcdir = g_getenv ("MC_SOURCE_ROOT");
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *npm = g_find_program_in_path ("npm");
  int wait_status = 0;
  const char *argv[2];

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  g_assert_nonnull (srcdir);
  script = g_build_filename (srcdir, "build-aux", "install-pouchdb.sh", NULL);
  argv[0] = script;
  argv[1] = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, NULL) ||
      !g_spawn_check_wait_status (wait_status, NULL))
    {
      if (npm == NULL)
        return NULL;
      g_error ("npm is installed but pouchdb-server could not be installed: %s", err);
    }
  g_strstrip (out);
  return g_steal_pointer (&out);
}

JsonNode *
mc_test_http (const char *method,
              const char *url,
              const char *body,
              guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL)
    {
      *status = 0;
      return NULL;
    }
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (reply, &size);
  if (size == 0)
    return NULL;
  {
    g_autofree char *text = g_strndup (data, size);

    return json_from_string (text, NULL);
  }
}

/* The server goes with the test: a test that fails half-way leaves no server behind. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
launch (McTestServer *server)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autofree char *config = g_build_filename (server->dir, "config.json", NULL);
  g_autofree char *data = g_build_filename (server->dir, "data", NULL);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_mkdir_with_parents (data, 0700);
  g_subprocess_launcher_set_cwd (launcher, server->dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (server->on_disk)
    server->process = g_subprocess_launcher_spawn (launcher, &error, "node", server->program, "-p", port,
                                                   "-o", "127.0.0.1", "-c", config, "-d", data, "-n", NULL);
  else
    server->process = g_subprocess_launcher_spawn (launcher, &error, "node", server->program, "-p", port,
                                                   "-o", "127.0.0.1", "-c", config, "-m", "-n", NULL);
  g_assert_no_error (error);

  /* Ready when it answers. */
  for (;;)
    {
      guint status = 0;
      g_autoptr(JsonNode) node = mc_test_http ("GET", server->url, NULL, &status);

      if (status == 200)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100000);
    }
}

McTestServer *
mc_test_server_start (gboolean on_disk)
{
  McTestServer *server;
  char *program = find_program ();

  if (program == NULL)
    {
      g_printerr ("npm is not installed: no pouchdb-server to sync with; the sync tests are skipped\n");
      return NULL;
    }
  server = g_new0 (McTestServer, 1);
  server->program = program;
  server->on_disk = on_disk;
  server->dir = g_dir_make_tmp ("mc-pouchdb-XXXXXX", NULL);
  server->port = mc_test_free_port ();
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  launch (server);
  return server;
}

void
mc_test_server_kill (McTestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
mc_test_server_restart (McTestServer *server)
{
  mc_test_server_kill (server);
  launch (server);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

void
mc_test_server_free (McTestServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
    }
  remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->program);
  g_free (server->url);
  g_free (server);
}

char *
mc_test_server_new_db (McTestServer *server,
                       const char   *name)
{
  char *url = g_strdup_printf ("%s/%s", server->url, name);
  guint status = 0;
  g_autoptr(JsonNode) node = mc_test_http ("PUT", url, NULL, &status);

  g_assert_cmpuint (status, ==, 201);
  return url;
}
