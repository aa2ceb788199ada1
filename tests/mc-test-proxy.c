/* mc-test-proxy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread accepts; one thread per connection forwards both ways with poll(), and does
 * the harm chosen for that connection when it was accepted.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mc-test-proxy.h"

typedef enum { PASS, CUT, CORRUPT, GARBAGE } Harm;

struct _McTestProxy
{
  GSocket  *listener;
  guint16   port;
  guint16   upstream_port;
  GThread  *acceptor;
  GMutex    lock;
  GRand    *rand;
  double    chaos;
  gboolean  no_bulk_get;
  guint     faults;
  gint      stopping;
  gint      active;
};

typedef struct
{
  McTestProxy *proxy;
  GSocket     *client;
  Harm         harm;
  gsize        limit;   /* CUT: answer bytes passed before the cut; CORRUPT: the byte of the body spoiled */
} Connection;

static const char unavailable[] =
  "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 42\r\n"
  "Connection: close\r\n\r\n{\"error\":\"unavailable\",\"reason\":\"restart\"}";

static const char not_found[] =
  "HTTP/1.1 404 Object Not Found\r\nContent-Type: application/json\r\nContent-Length: 41\r\n"
  "Connection: close\r\n\r\n{\"error\":\"not_found\",\"reason\":\"missing\"}";

static const char garbage[] =
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\nConnection: close\r\n\r\n"
  "{\"results\": [{\"id\": \"me";

static gboolean
write_all (int         fd,
           const char *data,
           gsize       n)
{
  while (n > 0)
    {
      ssize_t w = send (fd, data, n, MSG_NOSIGNAL);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return FALSE;
      data += w;
      n -= (gsize) w;
    }
  return TRUE;
}

static GSocket *
connect_upstream (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);

  if (socket != NULL && !g_socket_connect (socket, address, NULL, NULL))
    g_clear_object (&socket);
  return socket;
}

static gpointer
connection_thread (gpointer data)
{
  Connection *c = data;
  g_autoptr(GSocket) upstream = NULL;
  int cfd = g_socket_get_fd (c->client);
  int ufd;
  gsize answered = 0;
  gboolean body_seen = FALSE;
  gsize body_offset = 0;
  char buf[16384];

  if (c->harm == GARBAGE)
    {
      ssize_t n = recv (cfd, buf, sizeof buf, 0);

      /* Half of them a cut-short JSON body, half a 503. */
      if (n > 0)
        write_all (cfd, c->limit % 2 == 0 ? garbage : unavailable,
                   strlen (c->limit % 2 == 0 ? garbage : unavailable));
      goto done;
    }
  upstream = connect_upstream (c->proxy->upstream_port);
  if (upstream == NULL)
    goto done;
  ufd = g_socket_get_fd (upstream);

  while (!g_atomic_int_get (&c->proxy->stopping))
    {
      struct pollfd fds[2] = { { cfd, POLLIN, 0 }, { ufd, POLLIN, 0 } };
      int rc = poll (fds, 2, 200);

      if (rc < 0 && errno == EINTR)
        continue;
      if (rc < 0)
        break;
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
        {
          ssize_t n = recv (cfd, buf, sizeof buf, 0);

          /* A server without _bulk_get, like CouchDB before 2.3. */
          if (n > 0 && g_atomic_int_get (&c->proxy->no_bulk_get) && g_str_has_prefix (buf, "POST ") &&
              g_strstr_len (buf, MIN (n, 200), "/_bulk_get") != NULL)
            {
              write_all (cfd, not_found, strlen (not_found));
              break;
            }
          if (n <= 0 || !write_all (ufd, buf, (gsize) n))
            break;
        }
      if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
        {
          ssize_t n = recv (ufd, buf, sizeof buf, 0);

          if (n <= 0)
            break;
          if (c->harm == CUT && answered + (gsize) n >= c->limit)
            {
              write_all (cfd, buf, c->limit - answered);
              break;
            }
          if (c->harm == CORRUPT)
            {
              /* Spoil one byte of the first answer's body: not UTF-8, so not JSON. */
              if (!body_seen)
                {
                  char *end = g_strstr_len (buf, n, "\r\n\r\n");

                  if (end != NULL)
                    {
                      body_seen = TRUE;
                      body_offset = answered + (gsize) (end - buf) + 4 + c->limit;
                    }
                }
              if (body_seen && body_offset >= answered && body_offset < answered + (gsize) n)
                {
                  buf[body_offset - answered] = (char) 0xff;
                  c->harm = PASS;
                }
            }
          answered += (gsize) n;
          if (!write_all (cfd, buf, (gsize) n))
            break;
        }
    }

done:
  g_socket_close (c->client, NULL);
  g_object_unref (c->client);
  g_atomic_int_dec_and_test (&c->proxy->active);
  g_free (c);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  McTestProxy *proxy = data;

  while (!g_atomic_int_get (&proxy->stopping))
    {
      GSocket *client = g_socket_accept (proxy->listener, NULL, NULL);
      Connection *c;
      double r;

      if (client == NULL)
        continue;
      if (g_atomic_int_get (&proxy->stopping))
        {
          g_object_unref (client);
          break;
        }
      c = g_new0 (Connection, 1);
      c->proxy = proxy;
      c->client = client;
      g_mutex_lock (&proxy->lock);
      r = g_rand_double (proxy->rand);
      if (r < proxy->chaos)
        {
          double which = g_rand_double (proxy->rand);

          c->harm = which < 0.4 ? CUT : which < 0.7 ? CORRUPT : GARBAGE;
          c->limit = (gsize) g_rand_int_range (proxy->rand, 0, c->harm == CUT ? 65536 : 64);
          proxy->faults++;
        }
      g_mutex_unlock (&proxy->lock);
      g_atomic_int_inc (&proxy->active);
      g_thread_unref (g_thread_new ("proxy-connection", connection_thread, c));
    }
  return NULL;
}

McTestProxy *
mc_test_proxy_start (guint16 upstream_port,
                     double  chaos,
                     guint32 seed)
{
  McTestProxy *proxy = g_new0 (McTestProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&proxy->lock);
  proxy->rand = g_rand_new_with_seed (seed);
  proxy->chaos = chaos;
  proxy->upstream_port = upstream_port;
  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (proxy->listener);
  g_assert_true (g_socket_bind (proxy->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (proxy->listener, NULL));
  bound = g_socket_get_local_address (proxy->listener, NULL);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->acceptor = g_thread_new ("proxy-accept", accept_thread, proxy);
  return proxy;
}

guint16
mc_test_proxy_get_port (McTestProxy *proxy)
{
  return proxy->port;
}

guint
mc_test_proxy_get_faults (McTestProxy *proxy)
{
  guint n;

  g_mutex_lock (&proxy->lock);
  n = proxy->faults;
  g_mutex_unlock (&proxy->lock);
  return n;
}

void
mc_test_proxy_set_chaos (McTestProxy *proxy,
                         double       chaos)
{
  g_mutex_lock (&proxy->lock);
  proxy->chaos = chaos;
  g_mutex_unlock (&proxy->lock);
}

void
mc_test_proxy_stop (McTestProxy *proxy)
{
  g_autoptr(GSocket) wake = NULL;

  g_atomic_int_set (&proxy->stopping, 1);
  /* Wake the blocking accept with one last connection. */
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, proxy->port);

    wake = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_socket_connect (wake, address, NULL, NULL);
  }
  g_thread_join (proxy->acceptor);
  while (g_atomic_int_get (&proxy->active) > 0)
    g_usleep (10000);
  g_socket_close (proxy->listener, NULL);
  g_object_unref (proxy->listener);
  g_rand_free (proxy->rand);
  g_mutex_clear (&proxy->lock);
  g_free (proxy);
}

void
mc_test_proxy_set_no_bulk_get (McTestProxy *proxy,
                               gboolean     no_bulk_get)
{
  g_atomic_int_set (&proxy->no_bulk_get, no_bulk_get);
}
