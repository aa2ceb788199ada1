/* mc-secret-password-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "mc-error.h"
#include "mc-secret-password-store.h"

#define SECRETS_NAME "org.freedesktop.secrets"

struct _McSecretPasswordStore
{
  GObject parent_instance;
};

static void password_store_iface_init (McPasswordStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McSecretPasswordStore, mc_secret_password_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_PASSWORD_STORE, password_store_iface_init))

#ifdef HAVE_LIBSECRET
static const SecretSchema *
sync_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID ".Sync", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}
#endif

static gboolean
keyring_error (GError     **error,
               GError      *cause)
{
  g_set_error (error, MC_ERROR, MC_ERROR_IO, _("The system keyring did not answer: %s"),
               cause != NULL ? cause->message : _("libsecret is not available"));
  g_clear_error (&cause);
  return FALSE;
}

static char *
secret_lookup (McPasswordStore  *store,
               const char       *url,
               const char       *user,
               GError          **error)
{
#ifdef HAVE_LIBSECRET
  GError *local = NULL;
  char *found = secret_password_lookup_sync (sync_schema (), NULL, &local, "url", url, "user", user, NULL);
  char *password;

  if (local != NULL)
    {
      keyring_error (error, local);
      return NULL;
    }
  password = g_strdup (found);
  secret_password_free (found);
  return password;
#else
  keyring_error (error, NULL);
  return NULL;
#endif
}

static gboolean
secret_store (McPasswordStore  *store,
              const char       *url,
              const char       *user,
              const char       *password,
              GError          **error)
{
#ifdef HAVE_LIBSECRET
  GError *local = NULL;
  /* TRANSLATORS: the keyring item's label, e.g. "Member Console sync: store-12 at https://…" */
  g_autofree char *label = g_strdup_printf (_("Member Console sync: %s at %s"), user, url);

  if (!secret_password_store_sync (sync_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL, &local,
                                   "url", url, "user", user, NULL))
    return keyring_error (error, local);
  return TRUE;
#else
  return keyring_error (error, NULL);
#endif
}

static gboolean
secret_clear (McPasswordStore  *store,
              const char       *url,
              const char       *user,
              GError          **error)
{
#ifdef HAVE_LIBSECRET
  GError *local = NULL;

  secret_password_clear_sync (sync_schema (), NULL, &local, "url", url, "user", user, NULL);
  if (local != NULL)
    return keyring_error (error, local);
  return TRUE;
#else
  return keyring_error (error, NULL);
#endif
}

static gboolean
secret_is_persistent (McPasswordStore *store)
{
  return TRUE;
}

static void
password_store_iface_init (McPasswordStoreInterface *iface)
{
  iface->lookup = secret_lookup;
  iface->store = secret_store;
  iface->clear = secret_clear;
  iface->is_persistent = secret_is_persistent;
}

static void
mc_secret_password_store_class_init (McSecretPasswordStoreClass *klass)
{
}

static void
mc_secret_password_store_init (McSecretPasswordStore *self)
{
}

McSecretPasswordStore *
mc_secret_password_store_new (void)
{
  return g_object_new (MC_TYPE_SECRET_PASSWORD_STORE, NULL);
}

#ifdef HAVE_LIBSECRET
static gboolean
bus_lists_name (GDBusConnection *bus,
                const char      *method)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *name;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", method, NULL, G_VARIANT_TYPE ("(as)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(as)", &iter);
  while (g_variant_iter_next (iter, "&s", &name))
    if (g_str_equal (name, SECRETS_NAME))
      return TRUE;
  return FALSE;
}
#endif

gboolean
mc_secret_password_store_available (void)
{
#ifdef HAVE_LIBSECRET
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (bus == NULL)
    return FALSE;
  return bus_lists_name (bus, "ListNames") || bus_lists_name (bus, "ListActivatableNames");
#else
  return FALSE;
#endif
}
