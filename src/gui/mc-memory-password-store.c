/* mc-memory-password-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include "mc-memory-password-store.h"

struct _McMemoryPasswordStore
{
  GObject     parent_instance;

  GMutex      lock;
  GHashTable *passwords;   /* "url\nuser" -> password */
};

static void password_store_iface_init (McPasswordStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McMemoryPasswordStore, mc_memory_password_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_PASSWORD_STORE, password_store_iface_init))

static char *
key_for (const char *url,
         const char *user)
{
  return g_strconcat (url, "\n", user, NULL);
}

static char *
memory_lookup (McPasswordStore  *store,
               const char       *url,
               const char       *user,
               GError          **error)
{
  McMemoryPasswordStore *self = MC_MEMORY_PASSWORD_STORE (store);
  g_autofree char *key = key_for (url, user);
  char *password;

  g_mutex_lock (&self->lock);
  password = g_strdup (g_hash_table_lookup (self->passwords, key));
  g_mutex_unlock (&self->lock);
  return password;
}

static gboolean
memory_store (McPasswordStore  *store,
              const char       *url,
              const char       *user,
              const char       *password,
              GError          **error)
{
  McMemoryPasswordStore *self = MC_MEMORY_PASSWORD_STORE (store);

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->passwords, key_for (url, user), g_strdup (password));
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
memory_clear (McPasswordStore  *store,
              const char       *url,
              const char       *user,
              GError          **error)
{
  McMemoryPasswordStore *self = MC_MEMORY_PASSWORD_STORE (store);
  g_autofree char *key = key_for (url, user);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->passwords, key);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
memory_is_persistent (McPasswordStore *store)
{
  return FALSE;
}

static void
password_store_iface_init (McPasswordStoreInterface *iface)
{
  iface->lookup = memory_lookup;
  iface->store = memory_store;
  iface->clear = memory_clear;
  iface->is_persistent = memory_is_persistent;
}

static void
mc_memory_password_store_finalize (GObject *object)
{
  McMemoryPasswordStore *self = MC_MEMORY_PASSWORD_STORE (object);

  g_hash_table_destroy (self->passwords);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (mc_memory_password_store_parent_class)->finalize (object);
}

static void
mc_memory_password_store_class_init (McMemoryPasswordStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_memory_password_store_finalize;
}

static void
mc_memory_password_store_init (McMemoryPasswordStore *self)
{
  g_mutex_init (&self->lock);
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) mc_password_free);
}

McMemoryPasswordStore *
mc_memory_password_store_new (void)
{
  return g_object_new (MC_TYPE_MEMORY_PASSWORD_STORE, NULL);
}
