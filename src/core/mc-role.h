/* mc-role.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MC_ROLE_OWNER,
  MC_ROLE_MANAGER,
  MC_ROLE_ANALYST,
  MC_ROLE_CLERK,
} McRole;

typedef enum
{
  MC_PERMISSION_WRITE_MEMBERS,     /* add, edit, delete members; orders; points */
  MC_PERMISSION_WRITE_PROGRAMME,   /* tiers, rules, benefits, plans, publishing */
  MC_PERMISSION_IMPORT,
  MC_PERMISSION_ADMIN,             /* backup, restore, erase */
  MC_PERMISSION_SEE_CONTACT,       /* full phone number and email */
  MC_PERMISSION_BACKUP,            /* copy the whole workspace into a file */
} McPermission;

gboolean     mc_role_from_string (const char    *str,
                                  McRole        *role);
const char  *mc_role_to_string   (McRole         role);
const char  *mc_role_display     (McRole         role);
gboolean     mc_role_allows      (McRole         role,
                                  McPermission   permission);
const char  *mc_permission_describe (McPermission permission);

/* "+8613812345678" -> "138****5678"; any other text: all but the last 4 digits starred. */
char        *mc_mask_phone       (const char    *e164);

/* Any text with every Chinese mobile number masked and every email address replaced by ***:
 * for free text (notes, audit records) shown to a role that may not see contacts. */
char        *mc_mask_personal_text (const char *text);

G_END_DECLS
