/* mc-role.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may do what. The core checks these on every write and every read of personal
 * data; views only reflect them.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-role.h"

static const char * const role_names[] = { "owner", "manager", "analyst", "clerk" };

gboolean
mc_role_from_string (const char *str,
                     McRole     *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_ascii_strcasecmp (str, role_names[i]) == 0)
      {
        *role = (McRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mc_role_to_string (McRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), "analyst");
  return role_names[role];
}

const char *
mc_role_display (McRole role)
{
  switch (role)
    {
    case MC_ROLE_OWNER:   return _("Owner");
    case MC_ROLE_MANAGER: return _("Manager");
    case MC_ROLE_ANALYST: return _("Analyst");
    case MC_ROLE_CLERK:   return _("Clerk");
    default:              g_return_val_if_reached ("");
    }
}

gboolean
mc_role_allows (McRole       role,
                McPermission permission)
{
  switch (role)
    {
    case MC_ROLE_OWNER:
      return TRUE;
    case MC_ROLE_MANAGER:
      return permission != MC_PERMISSION_ADMIN;
    case MC_ROLE_CLERK:
      return permission == MC_PERMISSION_WRITE_MEMBERS ||
             permission == MC_PERMISSION_SEE_CONTACT;
    case MC_ROLE_ANALYST:
      return FALSE;
    default:
      return FALSE;
    }
}

const char *
mc_permission_describe (McPermission permission)
{
  switch (permission)
    {
    case MC_PERMISSION_WRITE_MEMBERS:   return _("change members, orders or points");
    case MC_PERMISSION_WRITE_PROGRAMME: return _("change the programme");
    case MC_PERMISSION_IMPORT:          return _("import data");
    case MC_PERMISSION_ADMIN:           return _("restore or erase data");
    case MC_PERMISSION_SEE_CONTACT:     return _("see full phone numbers and emails");
    case MC_PERMISSION_BACKUP:          return _("back up the workspace");
    default:                            g_return_val_if_reached ("");
    }
}

char *
mc_mask_phone (const char *e164)
{
  GString *out;
  const char *digits;
  gboolean cn;
  gsize len;

  if (e164 == NULL)
    return NULL;

  digits = e164;
  cn = g_str_has_prefix (digits, "+86");
  if (cn)
    digits += 3;
  else if (digits[0] == '+')
    digits += 1;
  len = strlen (digits);

  out = g_string_sized_new (len + 1);
  if (cn && len == 11)
    {
      /* The Chinese way: 138****5678 */
      g_string_append_len (out, digits, 3);
      g_string_append (out, "****");
      g_string_append (out, digits + 7);
    }
  else
    {
      for (gsize i = 0; i < len; i++)
        g_string_append_c (out, i + 4 < len ? '*' : digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
mc_mask_personal_text (const char *text)
{
  static GRegex *phone_re, *email_re;
  g_autofree char *masked = NULL;

  if (text == NULL)
    return NULL;
  if (g_once_init_enter (&phone_re))
    g_once_init_leave (&phone_re, g_regex_new ("(?<![0-9A-Za-z])\\+?(86)?(1[3-9][0-9])([0-9]{4})"
                                               "([0-9]{4})(?![0-9A-Za-z])", 0, 0, NULL));
  if (g_once_init_enter (&email_re))
    g_once_init_leave (&email_re, g_regex_new ("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+", 0, 0, NULL));
  masked = g_regex_replace (phone_re, text, -1, 0, "\\2****\\4", 0, NULL);
  return g_regex_replace_literal (email_re, masked, -1, 0, "***", 0, NULL);
}
