/* mc-test-keyboard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Tab walk of test-member-page.c, shared (the Sync page's test uses it).
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include "mc-test-keyboard.h"

static gboolean
is_control (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_SWITCH (w) || GTK_IS_CHECK_BUTTON (w) ||
         GTK_IS_ENTRY (w) || GTK_IS_TEXT (w) || GTK_IS_SPIN_BUTTON (w);
}

static void
collect (GtkWidget *w,
         gboolean   inside_control,
         GPtrArray *out)
{
  gboolean control;

  if (!gtk_widget_get_mapped (w) || !gtk_widget_is_sensitive (w))
    return;
  control = is_control (w);
  if (control && !inside_control)
    g_ptr_array_add (out, w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, inside_control || control, out);
}

GPtrArray *
mc_test_collect_controls (GtkWidget *root)
{
  GPtrArray *controls = g_ptr_array_new ();

  collect (root, FALSE, controls);
  return controls;
}

/* A radio group is one Tab stop (its active button); the arrow keys move in it. Widgets
 * mark their groups with the data "mc-radio-group" (GTK 4.8 cannot be asked). */
static GtkWidget *
tab_group (GtkWidget *w)
{
  if (GTK_IS_CHECK_BUTTON (w) && g_object_get_data (G_OBJECT (w), "mc-radio-group") != NULL)
    return g_object_get_data (G_OBJECT (w), "mc-radio-group");
  for (GtkWidget *a = w; a != NULL; a = gtk_widget_get_parent (a))
    if (GTK_IS_FLOW_BOX (a) || GTK_IS_LIST_BOX (a))
      return a;
  return NULL;
}

void
mc_test_assert_tab_reaches_all (GtkWindow *window,
                                GtkWidget *root)
{
  g_autoptr(GPtrArray) controls = mc_test_collect_controls (root);
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  guint missed = 0;

  g_test_message ("%s: %u controls", G_OBJECT_TYPE_NAME (root), controls->len);
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD));
  for (guint i = 0; i < 600; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      if (focus == NULL || !gtk_widget_is_ancestor (focus, root))
        break;
      for (GtkWidget *a = focus; a != NULL; a = gtk_widget_get_parent (a))
        {
          g_hash_table_add (reached, a);
          if (tab_group (a) != NULL)
            g_hash_table_add (reached, tab_group (a));
        }
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
    }
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *c = g_ptr_array_index (controls, i);
      GtkWidget *group = tab_group (c);

      if (!g_hash_table_contains (reached, c) && (group == NULL || !g_hash_table_contains (reached, group)))
        {
          g_test_message ("not reached by Tab: %s “%s”", G_OBJECT_TYPE_NAME (c),
                          gtk_widget_get_tooltip_text (c) != NULL ? gtk_widget_get_tooltip_text (c) : "");
          missed++;
        }
    }
  g_assert_cmpuint (missed, ==, 0);
}
