/* mc-db-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * McDb: what SQLite's errors mean to a person. A full disk, a file size limit, a
 * read-only workspace file and a read-only folder each get a message that says what
 * happened (nothing was saved) and what to do about it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-db.h"
#include "mc-error.h"

/* Free space below this is a full disk, whatever SQLite reported. */
#define MC_DB_FULL_BELOW (256 * 1024)

typedef enum
{
  ROOM_OK,
  ROOM_DISK_FULL,
  ROOM_SIZE_LIMIT,
} Room;

/* Why a write failed, when it was for want of room. SQLite reports a write the system
 * refused outright (nothing of it written) as an I/O error, and the errno it keeps may be
 * gone by the time the statement ends: so also look at the disk and the process. */
static Room
write_refused_for (McDb *self,
                   int   primary)
{
  sqlite3 *handle = mc_db_get_handle (self);
  int sys_errno = sqlite3_system_errno (handle);
  int code = sqlite3_extended_errcode (handle);
  g_autofree char *dir = NULL;
  struct statvfs fs;
  struct rlimit limit;

  if (primary != SQLITE_IOERR && primary != SQLITE_FULL)
    return ROOM_OK;
  if (sys_errno == EFBIG)
    return ROOM_SIZE_LIMIT;
  if (sys_errno == ENOSPC || sys_errno == EDQUOT || primary == SQLITE_FULL)
    return ROOM_DISK_FULL;
  if (code != SQLITE_IOERR_WRITE && code != SQLITE_IOERR_FSYNC && code != SQLITE_IOERR_TRUNCATE &&
      code != SQLITE_IOERR_SHMSIZE)
    return ROOM_OK;
  dir = g_path_get_dirname (mc_db_get_path (self));
  if (statvfs (dir, &fs) == 0 && (guint64) fs.f_bavail * fs.f_frsize < MC_DB_FULL_BELOW)
    return ROOM_DISK_FULL;
  if (getrlimit (RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    return ROOM_SIZE_LIMIT;
  return ROOM_OK;
}

/* SQLite says "read-only" whether the file or its folder is: a WAL workspace needs its
 * folder writable for the -wal and -shm files beside it. */
static gboolean
folder_is_read_only (McDb *self)
{
  const char *path = mc_db_get_path (self);
  g_autofree char *dir = g_path_get_dirname (path);

  return g_access (path, W_OK) == 0 && g_access (dir, W_OK) != 0;
}

gboolean
mc_db_set_error (McDb    *self,
                 GError **error)
{
  sqlite3 *handle = mc_db_get_handle (self);
  const char *path = mc_db_get_path (self);
  int primary = sqlite3_extended_errcode (handle) & 0xff;
  const char *msg = sqlite3_errmsg (handle);

  switch (write_refused_for (self, primary))
    {
    case ROOM_DISK_FULL:
      g_set_error (error, MC_ERROR, MC_ERROR_DATABASE,
                   _("The disk is full: nothing was saved. Free some space and try again."));
      return FALSE;
    case ROOM_SIZE_LIMIT:
      g_set_error (error, MC_ERROR, MC_ERROR_DATABASE,
                   _("The workspace file has reached the largest size allowed on this disk or "
                     "for this account: nothing was saved. Move it to a disk that allows larger files."));
      return FALSE;
    case ROOM_OK:
    default:
      break;
    }
  if ((primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN) && folder_is_read_only (self))
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_set_error (error, MC_ERROR, MC_ERROR_DATABASE,
                   _("The folder of the workspace (%s) is read-only, and the workspace keeps its "
                     "journal files there: nothing was saved. Make the folder writable, or copy the "
                     "workspace to a folder that is."), dir);
      return FALSE;
    }

  switch (primary)
    {
    case SQLITE_READONLY:
      g_set_error (error, MC_ERROR, MC_ERROR_DATABASE,
                   _("The workspace is read-only: nothing was saved (%s)."), path);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MC_ERROR, MC_ERROR_DATABASE,
                   _("The workspace is busy in another program: nothing was saved. Try again."));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MC_ERROR, MC_ERROR_SCHEMA,
                   _("“%s” is not a Member Console workspace, or it is damaged."), path);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The change breaks a rule of the workspace: %s"), msg);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, MC_ERROR, MC_ERROR_IO,
                   _("Cannot read or write the workspace file “%s”: %s"), path, msg);
      break;
    default:
      g_set_error (error, MC_ERROR, MC_ERROR_DATABASE,
                   _("Database error: %s"), msg);
      break;
    }
  return FALSE;
}
