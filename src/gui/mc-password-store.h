/* mc-password-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the GUI keeps the sync password, by server URL and user: the system keyring
 * (McSecretPasswordStore, libsecret) or, when no Secret Service answers on the session bus,
 * this process's memory (McMemoryPasswordStore: forgotten when the console closes). Never
 * the workspace, never a log. Every method may be called from any thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_TYPE_PASSWORD_STORE (mc_password_store_get_type ())
G_DECLARE_INTERFACE (McPasswordStore, mc_password_store, MC, PASSWORD_STORE, GObject)

struct _McPasswordStoreInterface
{
  GTypeInterface parent_iface;

  /* NULL without an error: no password kept for them. */
  char     *(*lookup)        (McPasswordStore  *self,
                              const char       *url,
                              const char       *user,
                              GError          **error);
  gboolean  (*store)         (McPasswordStore  *self,
                              const char       *url,
                              const char       *user,
                              const char       *password,
                              GError          **error);
  gboolean  (*clear)         (McPasswordStore  *self,
                              const char       *url,
                              const char       *user,
                              GError          **error);
  /* TRUE when a password outlives the process. */
  gboolean  (*is_persistent) (McPasswordStore  *self);
};

char     *mc_password_store_lookup        (McPasswordStore  *self,
                                           const char       *url,
                                           const char       *user,
                                           GError          **error);
gboolean  mc_password_store_store         (McPasswordStore  *self,
                                           const char       *url,
                                           const char       *user,
                                           const char       *password,
                                           GError          **error);
gboolean  mc_password_store_clear         (McPasswordStore  *self,
                                           const char       *url,
                                           const char       *user,
                                           GError          **error);
gboolean  mc_password_store_is_persistent (McPasswordStore  *self);

/* The keyring when a Secret Service answers on the session bus, else the memory store. */
McPasswordStore *mc_password_store_new_default (void);
/* Overwrites a password in memory before freeing it. */
void      mc_password_free                (char             *password);

G_END_DECLS
