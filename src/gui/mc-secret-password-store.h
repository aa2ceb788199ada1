/* mc-secret-password-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync password in the system keyring through libsecret (the Secret Service: GNOME
 * Keyring, KWallet), under the attributes url and user.
 */
#pragma once

#include "mc-password-store.h"

G_BEGIN_DECLS

#define MC_TYPE_SECRET_PASSWORD_STORE (mc_secret_password_store_get_type ())
G_DECLARE_FINAL_TYPE (McSecretPasswordStore, mc_secret_password_store, MC, SECRET_PASSWORD_STORE, GObject)

/* TRUE when a Secret Service runs on the session bus or can be started there. */
gboolean               mc_secret_password_store_available (void);
McSecretPasswordStore *mc_secret_password_store_new       (void);

G_END_DECLS
