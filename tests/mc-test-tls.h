/* mc-test-tls.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTTPS in front of a plain HTTP server on loopback, for the sync tests: a certificate
 * authority and a certificate for 127.0.0.1 made with openssl, and a TLS front that
 * passes each connection on to the server.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _McTestTls McTestTls;

/* dir: where the certificate files go; ca.pem is the authority's. NULL when openssl or
 * TLS support is missing. */
McTestTls   *mc_test_tls_start     (guint16      upstream_port,
                                    const char  *dir);
guint16      mc_test_tls_get_port  (McTestTls   *tls);
const char  *mc_test_tls_get_ca    (McTestTls   *tls);
void         mc_test_tls_stop      (McTestTls   *tls);

G_END_DECLS
