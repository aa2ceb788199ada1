/* mc-memory-password-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Passwords kept in this process only, overwritten when forgotten: the fallback when no
 * Secret Service answers (and the store of the widget tests).
 */
#pragma once

#include "mc-password-store.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMORY_PASSWORD_STORE (mc_memory_password_store_get_type ())
G_DECLARE_FINAL_TYPE (McMemoryPasswordStore, mc_memory_password_store, MC, MEMORY_PASSWORD_STORE, GObject)

McMemoryPasswordStore *mc_memory_password_store_new (void);

G_END_DECLS
