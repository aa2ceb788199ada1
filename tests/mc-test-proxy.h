/* mc-test-proxy.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hostile TCP proxy on loopback for the sync tests: in front of a server, it passes some
 * connections through, cuts others after a random number of bytes of the answer, corrupts
 * the body of an answer, or answers a request itself with a cut-short JSON body or a 503.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _McTestProxy McTestProxy;

/* chaos: the share of connections that go wrong (0 to 1); seed: the same faults each run. */
McTestProxy *mc_test_proxy_start      (guint16      upstream_port,
                                       double       chaos,
                                       guint32      seed);
guint16      mc_test_proxy_get_port   (McTestProxy *proxy);
/* Connections that went wrong so far. */
guint        mc_test_proxy_get_faults (McTestProxy *proxy);
void         mc_test_proxy_set_chaos  (McTestProxy *proxy,
                                       double       chaos);
/* Answers POST _bulk_get with a 404, as a server without it. */
void         mc_test_proxy_set_no_bulk_get (McTestProxy *proxy,
                                       gboolean     no_bulk_get);
void         mc_test_proxy_stop       (McTestProxy *proxy);

G_END_DECLS
