/* mc-test-tls.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread accepts and does each TLS handshake; two threads per connection copy the
 * bytes each way.
 */
#include "config.h"

#include <gio/gio.h>

#include "mc-test-tls.h"

struct _McTestTls
{
  GSocket         *listener;
  guint16          port;
  guint16          upstream_port;
  GTlsCertificate *certificate;
  char            *ca;
  GThread         *acceptor;
  gint             stopping;
};

typedef struct
{
  GIOStream *a;
  GIOStream *b;
  gint       refs;
} Pipe;

static void
pipe_unref (Pipe *p)
{
  if (!g_atomic_int_dec_and_test (&p->refs))
    return;
  g_object_unref (p->a);
  g_object_unref (p->b);
  g_free (p);
}

static gpointer
copy_a_to_b (gpointer data)
{
  Pipe *p = data;

  g_output_stream_splice (g_io_stream_get_output_stream (p->b), g_io_stream_get_input_stream (p->a),
                          G_OUTPUT_STREAM_SPLICE_NONE, NULL, NULL);
  g_io_stream_close (p->a, NULL, NULL);
  g_io_stream_close (p->b, NULL, NULL);
  pipe_unref (p);
  return NULL;
}

static gpointer
copy_b_to_a (gpointer data)
{
  Pipe *p = data;

  g_output_stream_splice (g_io_stream_get_output_stream (p->a), g_io_stream_get_input_stream (p->b),
                          G_OUTPUT_STREAM_SPLICE_NONE, NULL, NULL);
  g_io_stream_close (p->a, NULL, NULL);
  g_io_stream_close (p->b, NULL, NULL);
  pipe_unref (p);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  McTestTls *tls = data;

  while (!g_atomic_int_get (&tls->stopping))
    {
      g_autoptr(GSocket) socket = g_socket_accept (tls->listener, NULL, NULL);
      g_autoptr(GSocketConnection) plain = NULL;
      g_autoptr(GIOStream) secure = NULL;
      g_autoptr(GSocketClient) client = NULL;
      g_autoptr(GSocketConnection) upstream = NULL;
      Pipe *p;

      if (socket == NULL || g_atomic_int_get (&tls->stopping))
        continue;
      plain = g_socket_connection_factory_create_connection (socket);
      secure = g_tls_server_connection_new (G_IO_STREAM (plain), tls->certificate, NULL);
      if (secure == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (secure), NULL, NULL))
        continue;   /* a client that does not trust us hangs up here */
      client = g_socket_client_new ();
      upstream = g_socket_client_connect_to_host (client, "127.0.0.1", tls->upstream_port, NULL, NULL);
      if (upstream == NULL)
        continue;
      p = g_new0 (Pipe, 1);
      p->a = g_object_ref (secure);
      p->b = G_IO_STREAM (g_object_ref (upstream));
      p->refs = 2;
      g_thread_unref (g_thread_new ("tls-in", copy_a_to_b, p));
      g_thread_unref (g_thread_new ("tls-out", copy_b_to_a, p));
    }
  return NULL;
}

static gboolean
openssl (const char *dir,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list ap;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "openssl");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

McTestTls *
mc_test_tls_start (guint16     upstream_port,
                   const char *dir)
{
  g_autofree char *ext = g_build_filename (dir, "ext.cnf", NULL);
  g_autofree char *cert = g_build_filename (dir, "server.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "server.key", NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  McTestTls *tls;

  if (openssl_path == NULL || !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    return NULL;
  g_assert_true (g_file_set_contents (ext, "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n", -1, NULL));
  g_assert_true (openssl (dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                          "-days", "2", "-subj", "/CN=Member Console Test CA", NULL));
  g_assert_true (openssl (dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                          "-subj", "/CN=127.0.0.1", NULL));
  g_assert_true (openssl (dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                          "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf", NULL));

  tls = g_new0 (McTestTls, 1);
  tls->certificate = g_tls_certificate_new_from_files (cert, key, NULL);
  g_assert_nonnull (tls->certificate);
  tls->ca = g_build_filename (dir, "ca.pem", NULL);
  tls->upstream_port = upstream_port;
  tls->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (tls->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (tls->listener, NULL));
  bound = g_socket_get_local_address (tls->listener, NULL);
  tls->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  tls->acceptor = g_thread_new ("tls-accept", accept_thread, tls);
  return tls;
}

guint16
mc_test_tls_get_port (McTestTls *tls)
{
  return tls->port;
}

const char *
mc_test_tls_get_ca (McTestTls *tls)
{
  return tls->ca;
}

void
mc_test_tls_stop (McTestTls *tls)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, tls->port);
  g_autoptr(GSocket) wake = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

  g_atomic_int_set (&tls->stopping, 1);
  g_socket_connect (wake, address, NULL, NULL);
  g_thread_join (tls->acceptor);
  g_socket_close (tls->listener, NULL);
  g_object_unref (tls->listener);
  g_object_unref (tls->certificate);
  g_free (tls->ca);
  g_free (tls);
}
