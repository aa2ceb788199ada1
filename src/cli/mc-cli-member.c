/* mc-cli-member.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member add|show|edit|search|delete|restore|tag|export-data|erase, store add|list.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-cli.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member-privacy.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-store.h"
#include "mc-validate.h"

typedef struct
{
  char     *name;
  char     *phone;
  char     *email;
  char     *gender;
  char     *birthday;
  char     *region;
  char     *store;
  char     *card;
  char     *channel;
  char     *notes;
  char     *consent;
  char     *status;
} MemberFields;

static void
member_fields_clear (MemberFields *f)
{
  g_free (f->name);
  g_free (f->phone);
  g_free (f->email);
  g_free (f->gender);
  g_free (f->birthday);
  g_free (f->region);
  g_free (f->store);
  g_free (f->card);
  g_free (f->channel);
  g_free (f->notes);
  g_free (f->consent);
  g_free (f->status);
}

#define MEMBER_FIELD_ENTRIES(f) \
  { "name", 0, 0, G_OPTION_ARG_STRING, &(f).name, N_("Name"), N_("NAME") }, \
  { "phone", 0, 0, G_OPTION_ARG_STRING, &(f).phone, N_("Mobile phone number"), N_("PHONE") }, \
  { "email", 0, 0, G_OPTION_ARG_STRING, &(f).email, N_("Email address"), N_("EMAIL") }, \
  { "gender", 0, 0, G_OPTION_ARG_STRING, &(f).gender, N_("m, f or u"), N_("GENDER") }, \
  { "birthday", 0, 0, G_OPTION_ARG_STRING, &(f).birthday, N_("Birthday, 1990-05-17 or 05-17"), N_("DATE") }, \
  { "region", 0, 0, G_OPTION_ARG_STRING, &(f).region, N_("Region or city"), N_("REGION") }, \
  { "store", 0, 0, G_OPTION_ARG_STRING, &(f).store, N_("Home store (name)"), N_("STORE") }, \
  { "card", 0, 0, G_OPTION_ARG_STRING, &(f).card, N_("Card number (generated when not given)"), N_("CARD") }, \
  { "channel", 0, 0, G_OPTION_ARG_STRING, &(f).channel, N_("Join channel: store, online, referral, ..."), N_("CHANNEL") }, \
  { "notes", 0, 0, G_OPTION_ARG_STRING, &(f).notes, N_("Notes"), N_("TEXT") }, \
  { "consent", 0, 0, G_OPTION_ARG_STRING, &(f).consent, N_("Marketing consent: yes or no"), N_("YES|NO") }, \
  { "status", 0, 0, G_OPTION_ARG_STRING, &(f).status, N_("active or frozen"), N_("STATUS") }

static gboolean
parse_yes_no (const char  *text,
              gboolean    *value,
              GError     **error)
{
  if (g_ascii_strcasecmp (text, "yes") == 0 || g_str_equal (text, "1") ||
      g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "是"))
    *value = TRUE;
  else if (g_ascii_strcasecmp (text, "no") == 0 || g_str_equal (text, "0") ||
           g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "否"))
    *value = FALSE;
  else
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("“%s” is not yes or no."), text);
      return FALSE;
    }
  return TRUE;
}

#define REPLACE(field, value) G_STMT_START { if ((value) != NULL) { g_free (field); field = g_strdup (value); } } G_STMT_END

static gboolean
apply_fields (McCli         *cli,
              MemberFields  *f,
              McMember      *m,
              GError       **error)
{
  REPLACE (m->name, f->name);
  REPLACE (m->phone, f->phone);
  REPLACE (m->email, f->email);
  REPLACE (m->birthday, f->birthday);
  REPLACE (m->region, f->region);
  REPLACE (m->card_no, f->card);
  REPLACE (m->join_channel, f->channel);
  REPLACE (m->notes, f->notes);
  REPLACE (m->status, f->status);
  if (f->gender != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!mc_validate_gender (f->gender, &m->gender, &local_error))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   /* TRANSLATORS: a field's name, then what is wrong with its value */
                   _("%s: %s"), _("Gender"), local_error->message);
          return FALSE;
        }
    }
  if (f->consent != NULL)
    {
      gboolean consent;

      if (!parse_yes_no (f->consent, &consent, error))
        return FALSE;
      if (consent != m->consent_marketing)
        m->consent_at = 0;
      m->consent_marketing = consent;
    }
  if (f->store != NULL)
    {
      g_free (m->store_id);
      m->store_id = f->store[0] ? mc_store_lookup (cli->db, f->store, error) : NULL;
      if (f->store[0] && m->store_id == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
print_member (McCli    *cli,
              McMember *m)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = mc_tag_list_for_member (cli->db, m->id, NULL);
  g_autoptr(JsonNode) node = mc_member_to_json (m, mc_db_get_role (cli->db));
  g_autoptr(GArray) lots = mc_points_lots (cli->db, m->id, &error);
  g_autofree char *store = mc_store_name (cli->db, m->store_id);

  if (cli->json)
    {
      JsonObject *obj = json_node_get_object (node);
      JsonArray *tag_array = json_array_new ();
      JsonArray *lot_array = json_array_new ();

      for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
        json_array_add_string_element (tag_array, tags[i]);
      json_object_set_array_member (obj, "tags", tag_array);
      json_object_set_string_member (obj, "store", store);
      for (guint i = 0; lots != NULL && i < lots->len; i++)
        {
          McPointsLot *lot = &g_array_index (lots, McPointsLot, i);
          JsonObject *l;

          if (lot->remaining <= 0)
            continue;
          l = json_object_new ();
          json_object_set_string_member (l, "id", lot->id);
          json_object_set_int_member (l, "earned_at", lot->earned_at);
          json_object_set_int_member (l, "expires_at", lot->expires_at);
          json_object_set_int_member (l, "remaining", lot->remaining);
          json_array_add_object_element (lot_array, l);
        }
      json_object_set_array_member (obj, "points_lots", lot_array);
      mc_cli_print_json (node);
      return;
    }
  {
    JsonObject *obj = json_node_get_object (node);
    g_autofree char *spend = mc_format_yuan (m->spend_fen);
    g_autofree char *joined = mc_cli_format_time (cli, m->joined_at);
    g_autofree char *visit = mc_cli_format_time (cli, m->last_visit_at);
    g_autofree char *tag_text = tags ? g_strjoinv (", ", tags) : g_strdup ("");

    g_print ("%s  %s\n", m->name, m->card_no);
    mc_cli_print_row (2, 14, "%s", _("Id:"), m->id);
    mc_cli_print_row (2, 14, "%s", _("Phone:"), json_object_get_string_member (obj, "phone"));
    if (json_object_has_member (obj, "email") && m->email != NULL)
      mc_cli_print_row (2, 14, "%s", _("Email:"), m->email);
    {
      g_autoptr(McProgramme) programme = mc_programme_load_live (cli->db, NULL);
      const McTier *tier = programme ? mc_programme_get_tier (programme, m->tier) : NULL;

      mc_cli_print_row (2, 14, "%s%s", _("Tier:"), tier ? tier->name : m->tier,
                        m->manual_tier ? _(" (manual)") : "");
    }
    mc_cli_print_row (2, 14, "%" G_GINT64_FORMAT, _("Points:"), m->points_balance);
    mc_cli_print_row (2, 14, "%" G_GINT64_FORMAT, _("Growth:"), m->growth);
    mc_cli_print_row (2, 14, "%" G_GINT64_FORMAT, _("Orders:"), m->orders_count);
    mc_cli_print_row (2, 14, "¥%s", _("Spend:"), spend);
    mc_cli_print_row (2, 14, "%s", _("Joined:"), joined);
    mc_cli_print_row (2, 14, "%s", _("Last visit:"), visit);
    if (store != NULL)
      mc_cli_print_row (2, 14, "%s", _("Store:"), store);
    if (m->birthday != NULL)
      mc_cli_print_row (2, 14, "%s", _("Birthday:"), m->birthday);
    mc_cli_print_row (2, 14, "%s", _("Consent:"), m->consent_marketing ? _("yes") : _("no"));
    if (tag_text[0])
      mc_cli_print_row (2, 14, "%s", _("Tags:"), tag_text);
    if (m->deleted)
      g_print ("  %s\n", _("(deleted)"));
  }
}

static gboolean
run_member_add (McCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  MemberFields f = { 0 };
  GOptionEntry entries[] = { MEMBER_FIELD_ENTRIES (f), { NULL } };
  g_autoptr(McMember) m = mc_member_new ();
  gboolean ok = FALSE;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("Add a member."), entries, error) ||
      !mc_cli_begin (cli, argc, 0, "member add --name NAME --phone PHONE [...]", error))
    goto out;
  m->join_channel = g_strdup ("store");
  if (!apply_fields (cli, &f, m, error))
    goto out;
  if (!mc_member_insert (cli->db, m, error))
    goto out;
  {
    g_autoptr(McMember) stored = mc_member_load (cli->db, m->id, error);

    if (stored == NULL)
      goto out;
    if (!cli->json)
      g_print (_("Added %s, card %s.\n"), stored->name, stored->card_no);
    else
      print_member (cli, stored);
  }
  ok = TRUE;
out:
  member_fields_clear (&f);
  return ok;
}

static gboolean
run_member_edit (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  MemberFields f = { 0 };
  GOptionEntry entries[] = { MEMBER_FIELD_ENTRIES (f), { NULL } };
  g_autoptr(McMember) m = NULL;
  gboolean ok = FALSE;

  if (!mc_cli_parse (cli, &argc, &argv, _("MEMBER"), _("Change a member's fields; the others stay."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 1, "member edit PHONE|ID|CARD [--name ...]", error))
    goto out;
  m = mc_cli_find_member (cli, argv[1], error);
  if (m == NULL || !apply_fields (cli, &f, m, error) || !mc_member_update (cli->db, m, error))
    goto out;
  {
    g_autoptr(McMember) stored = mc_member_load (cli->db, m->id, error);

    if (stored == NULL)
      goto out;
    if (!cli->json)
      g_print (_("Saved %s.\n"), stored->name);
    else
      print_member (cli, stored);
  }
  ok = TRUE;
out:
  member_fields_clear (&f);
  return ok;
}

static gboolean
run_member_show (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autoptr(McMember) m = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("MEMBER"), _("Show a member: a phone number, card number or id."),
                     NULL, error) ||
      !mc_cli_begin (cli, argc, 1, "member show PHONE|ID|CARD", error))
    return FALSE;
  m = mc_cli_find_member (cli, argv[1], error);
  if (m == NULL)
    return FALSE;
  print_member (cli, m);
  return TRUE;
}

static gboolean
run_member_search (McCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  int limit = 20;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many results (default 20)"), N_("N") },
    { NULL }
  };
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  McRole role;

  if (!mc_cli_parse (cli, &argc, &argv, _("TEXT"),
                     _("Find members by name, pinyin initials (zs for 张三), phone, its last 4 digits, or card number."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 1, "member search TEXT", error))
    return FALSE;
  if (limit < 1 || limit > 10000)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("--limit is from 1 to 10000."));
      return FALSE;
    }
  rowids = mc_search_members (cli->db, argv[1], (guint) limit, error);
  if (rowids == NULL)
    return FALSE;
  role = mc_db_get_role (cli->db);
  for (guint i = 0; i < rowids->len; i++)
    {
      g_autoptr(McMember) m = mc_member_load_rowid (cli->db, g_array_index (rowids, gint64, i), error);
      g_autoptr(JsonNode) node = NULL;

      if (m == NULL)
        return FALSE;
      node = mc_member_to_json (m, role);
      if (cli->json)
        json_array_add_element (array, g_steal_pointer (&node));
      else
        {
          g_autofree char *name = mc_cli_pad (m->name, 10);

          g_print ("%-12s %s %-14s %-8s %8" G_GINT64_FORMAT "\n", m->card_no, name,
                   json_object_get_string_member (json_node_get_object (node), "phone"),
                   m->tier, m->points_balance);
        }
    }
  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      mc_cli_print_json (root);
    }
  else if (rowids->len == 0)
    g_print ("%s\n", _("No member found."));
  return TRUE;
}

static gboolean
set_deleted (McCli       *cli,
             int          argc,
             char       **argv,
             gboolean     deleted,
             GError     **error)
{
  g_autoptr(McMember) m = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("MEMBER"),
                     deleted ? _("Delete a member (it can be restored).") : _("Restore a deleted member."),
                     NULL, error) ||
      !mc_cli_begin (cli, argc, 1, deleted ? "member delete ID" : "member restore ID", error))
    return FALSE;
  /* A deleted member is found by id only. */
  m = deleted ? mc_cli_find_member (cli, argv[1], error) : mc_member_load (cli->db, argv[1], error);
  if (m == NULL || !mc_member_set_deleted (cli->db, m->id, deleted, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(McMember) stored = mc_member_load (cli->db, m->id, error);

      if (stored == NULL)
        return FALSE;
      print_member (cli, stored);
    }
  else if (deleted)
    g_print (_("Deleted %s. Undo with: member restore %s\n"), m->name, m->id);
  else
    g_print (_("Restored %s.\n"), m->name);
  return TRUE;
}

static gboolean
run_member_delete (McCli *cli, int argc, char **argv, GError **error)
{
  return set_deleted (cli, argc, argv, TRUE, error);
}

static gboolean
run_member_restore (McCli *cli, int argc, char **argv, GError **error)
{
  return set_deleted (cli, argc, argv, FALSE, error);
}

static gboolean
run_member_tag (McCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *add = NULL;
  g_autofree char *remove = NULL;
  GOptionEntry entries[] = {
    { "add", 0, 0, G_OPTION_ARG_STRING, &add, N_("Add a tag: NAME or NAME:KIND (basic, behaviour, interest, value)"), N_("TAG") },
    { "remove", 0, 0, G_OPTION_ARG_STRING, &remove, N_("Remove a tag"), N_("NAME") },
    { NULL }
  };
  g_autoptr(McMember) m = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("MEMBER"), _("Add or remove a member's tag."), entries, error) ||
      !mc_cli_begin (cli, argc, 1, "member tag MEMBER --add NAME[:KIND] | --remove NAME", error))
    return FALSE;
  if ((add == NULL) == (remove == NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Give either --add or --remove."));
      return FALSE;
    }
  m = mc_cli_find_member (cli, argv[1], error);
  if (m == NULL)
    return FALSE;
  if (add != NULL)
    {
      char *colon = strchr (add, ':');

      if (colon != NULL)
        *colon = '\0';
      if (!mc_tag_add_to_member (cli->db, m->id, add, colon ? colon + 1 : "basic", error))
        return FALSE;
    }
  else if (!mc_tag_remove_from_member (cli->db, m->id, remove, error))
    return FALSE;
  print_member (cli, m);
  return TRUE;
}

/* A live member by phone, card or id; a deleted one by its id. */
static McMember *
find_any_member (McCli       *cli,
                 const char  *ref,
                 GError     **error)
{
  GError *local_error = NULL;
  McMember *m = mc_cli_find_member (cli, ref, &local_error);

  if (m == NULL && g_error_matches (local_error, MC_ERROR, MC_ERROR_NOT_FOUND))
    m = mc_member_load (cli->db, ref, NULL);
  if (m != NULL)
    g_clear_error (&local_error);
  else
    g_propagate_error (error, local_error);
  return m;
}

static gboolean
run_member_export_data (McCli   *cli,
                        int      argc,
                        char   **argv,
                        GError **error)
{
  g_autoptr(McMember) m = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("MEMBER FILE"),
                     _("Write all of a member's data to a JSON file (PIPL: a copy of one's data)."),
                     NULL, error) ||
      !mc_cli_begin (cli, argc, 2, "member export-data PHONE|ID|CARD FILE", error))
    return FALSE;
  m = find_any_member (cli, argv[1], error);
  if (m == NULL)
    return FALSE;
  text = mc_member_export_data (cli->db, m->id, error);
  if (text == NULL)
    return FALSE;
  /* Personal data: readable by its owner only. */
  if (!g_file_set_contents_full (argv[2], text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot write the file “%s”: %s"),
                   argv[2], local_error->message);
      return FALSE;
    }
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "member_id", m->id);
      json_object_set_string_member (obj, "file", argv[2]);
      json_object_set_int_member (obj, "bytes", (gint64) strlen (text));
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Wrote the data of %s to %s.\n"), m->name, argv[2]);
  return TRUE;
}

static gboolean
run_member_erase (McCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autofree char *confirm = NULL;
  GOptionEntry entries[] = {
    { "confirm-name", 0, 0, G_OPTION_ARG_STRING, &confirm,
      N_("The member's exact name, to confirm the erasure"), N_("NAME") },
    { NULL }
  };
  g_autoptr(McMember) m = NULL;
  g_autofree char *name = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("MEMBER"),
                     _("Erase a member's personal data for good (PIPL); orders and points stay, anonymous."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 1, "member erase PHONE|ID|CARD --confirm-name NAME", error))
    return FALSE;
  if (confirm == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Erasure cannot be undone: confirm it with --confirm-name and the member's exact name."));
      return FALSE;
    }
  m = find_any_member (cli, argv[1], error);
  if (m == NULL)
    return FALSE;
  name = g_strdup (m->name);
  if (!mc_member_erase (cli->db, m->id, confirm, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(McMember) stored = mc_member_load (cli->db, m->id, error);

      if (stored == NULL)
        return FALSE;
      print_member (cli, stored);
    }
  else
    g_print (_("Erased the personal data of %s (id %s).\n"), name, m->id);
  return TRUE;
}

static gboolean
run_store_add (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *city = NULL;
  g_autofree char *id = NULL;
  GOptionEntry entries[] = {
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("City"), N_("CITY") },
    { NULL }
  };

  if (!mc_cli_parse (cli, &argc, &argv, _("NAME"), _("Add a store."), entries, error) ||
      !mc_cli_begin (cli, argc, 1, "store add NAME [--city CITY]", error) ||
      !mc_store_add (cli->db, argv[1], city, &id, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "id", id);
      json_object_set_string_member (obj, "name", argv[1]);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Added the store %s.\n"), argv[1]);
  return TRUE;
}

const McCliCommand mc_cli_member_commands[] = {
  { "member add", N_("Add a member"), run_member_add, FALSE },
  { "member show", N_("Show a member"), run_member_show, FALSE },
  { "member edit", N_("Change a member"), run_member_edit, FALSE },
  { "member search", N_("Search members"), run_member_search, FALSE },
  { "member delete", N_("Delete a member (undo: member restore)"), run_member_delete, FALSE },
  { "member restore", N_("Restore a deleted member"), run_member_restore, FALSE },
  { "member tag", N_("Add or remove a member's tag"), run_member_tag, FALSE },
  { "member export-data", N_("Write all of a member's data to a file (PIPL)"), run_member_export_data, FALSE },
  { "member erase", N_("Erase a member's personal data (PIPL)"), run_member_erase, FALSE },
  { "store add", N_("Add a store"), run_store_add, FALSE },
  { NULL }
};
