/* mc-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_ERROR (mc_error_quark ())

typedef enum
{
  MC_ERROR_FAILED,        /* anything else */
  MC_ERROR_INVALID,       /* bad input: a field, a row, a file */
  MC_ERROR_NOT_FOUND,     /* no such member, order, version ... */
  MC_ERROR_DUPLICATE,     /* a unique value already taken (phone, card) */
  MC_ERROR_PERMISSION,    /* the role may not do this */
  MC_ERROR_INSUFFICIENT,  /* not enough points */
  MC_ERROR_DATABASE,      /* SQLite said no: locked, corrupt, full disk, read-only */
  MC_ERROR_SCHEMA,        /* the file is from a newer version, or not a workspace */
  MC_ERROR_IO,            /* reading or writing a file */
  MC_ERROR_ENCODING,      /* text that is not valid in the stated encoding */
} McError;

GQuark mc_error_quark (void);

G_END_DECLS
