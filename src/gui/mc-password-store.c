/* mc-password-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password store interface, and the choice of store: the keyring when the session bus
 * has a Secret Service (a running or activatable org.freedesktop.secrets).
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <string.h>

#include "mc-memory-password-store.h"
#include "mc-password-store.h"
#include "mc-secret-password-store.h"

G_DEFINE_INTERFACE (McPasswordStore, mc_password_store, G_TYPE_OBJECT)

static void
mc_password_store_default_init (McPasswordStoreInterface *iface)
{
}

char *
mc_password_store_lookup (McPasswordStore  *self,
                          const char       *url,
                          const char       *user,
                          GError          **error)
{
  g_return_val_if_fail (MC_IS_PASSWORD_STORE (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  return MC_PASSWORD_STORE_GET_IFACE (self)->lookup (self, url, user != NULL ? user : "", error);
}

gboolean
mc_password_store_store (McPasswordStore  *self,
                         const char       *url,
                         const char       *user,
                         const char       *password,
                         GError          **error)
{
  g_return_val_if_fail (MC_IS_PASSWORD_STORE (self), FALSE);
  g_return_val_if_fail (url != NULL && password != NULL, FALSE);
  return MC_PASSWORD_STORE_GET_IFACE (self)->store (self, url, user != NULL ? user : "", password, error);
}

gboolean
mc_password_store_clear (McPasswordStore  *self,
                         const char       *url,
                         const char       *user,
                         GError          **error)
{
  g_return_val_if_fail (MC_IS_PASSWORD_STORE (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  return MC_PASSWORD_STORE_GET_IFACE (self)->clear (self, url, user != NULL ? user : "", error);
}

gboolean
mc_password_store_is_persistent (McPasswordStore *self)
{
  g_return_val_if_fail (MC_IS_PASSWORD_STORE (self), FALSE);
  return MC_PASSWORD_STORE_GET_IFACE (self)->is_persistent (self);
}

void
mc_password_free (char *password)
{
  if (password != NULL)
    memset (password, 0, strlen (password));
  g_free (password);
}

McPasswordStore *
mc_password_store_new_default (void)
{
  if (mc_secret_password_store_available ())
    return MC_PASSWORD_STORE (mc_secret_password_store_new ());
  return MC_PASSWORD_STORE (mc_memory_password_store_new ());
}
