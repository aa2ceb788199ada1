/* mc-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stores and tags: the small catalogues members point to.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* Inside a transaction or not. */
gboolean  mc_store_add        (McDb        *db,
                               const char  *name,
                               const char  *city,
                               char       **id,
                               GError     **error);
/* The id of the store with this name (or id); MC_ERROR_NOT_FOUND lists the stores there are. */
char     *mc_store_lookup     (McDb        *db,
                               const char  *name_or_id,
                               GError     **error);
char     *mc_store_name       (McDb        *db,
                               const char  *id);
/* The names of the live stores, sorted; NULL-terminated (empty when there are none). */
char    **mc_store_list_names (McDb        *db,
                               GError     **error);

gboolean  mc_tag_kind_valid   (const char  *kind);
/* Inside the caller's transaction, no checks: the id of the live tag with this name,
 * created with kind if there is none (an existing tag keeps its kind); and the link of a
 * member to a tag (a link that exists already is left as it is). */
char     *mc_tag_ensure        (McDb       *db,
                                const char *name,
                                const char *kind,
                                GError    **error);
gboolean  mc_tag_link          (McDb       *db,
                                const char *member_id,
                                const char *tag_id,
                                GError    **error);
/* Adds the tag to the member, creating the tag with that kind if it is new. */
gboolean  mc_tag_add_to_member (McDb       *db,
                                const char *member_id,
                                const char *tag_name,
                                const char *kind,
                                GError    **error);
gboolean  mc_tag_remove_from_member (McDb       *db,
                                     const char *member_id,
                                     const char *tag_name,
                                     GError    **error);
/* "name:kind" strings of the member's tags, NULL-terminated. */
char    **mc_tag_list_for_member (McDb       *db,
                                  const char *member_id,
                                  GError    **error);

G_END_DECLS
