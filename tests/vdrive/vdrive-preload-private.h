/* vdrive-preload-private.h - shared by the parts of libcs-vdrive.so */
#pragma once

/* Define both the plain and the 64-bit entry points ourselves. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include "vdrive.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/cdrom.h>
#include <linux/fs.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <sys/xattr.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define VD_EXPORT __attribute__ ((visibility ("default")))

/* glibc's internal entry points, which older binaries call. */
int __open_2 (const char *path, int flags);
int __open64_2 (const char *path, int flags);
int __openat_2 (int dirfd, const char *path, int flags);
int __openat64_2 (int dirfd, const char *path, int flags);
int __xstat (int ver, const char *path, struct stat *sb);
int __lxstat (int ver, const char *path, struct stat *sb);
int __fxstat (int ver, int fd, struct stat *sb);
int __xstat64 (int ver, const char *path, struct stat64 *sb);
int __lxstat64 (int ver, const char *path, struct stat64 *sb);
int __fxstat64 (int ver, int fd, struct stat64 *sb);
int __fxstatat (int ver, int dirfd, const char *path, struct stat *sb, int flags);
int __fxstatat64 (int ver, int dirfd, const char *path, struct stat64 *sb, int flags);

#define MAX_DRIVES VD_MAX_DRIVES
#define MAX_FDS 4096

/* File position of each drive fd (plain block reads). */
extern uint64_t fd_offset[MAX_FDS];
extern GRecMutex vd_lock;
extern char *vd_dir;
extern gboolean vd_inited;

void vd_init (void);
/* Lazily: another library's constructor may call us before ours ran. */
#define REAL(name) (vd_inited ? (void) 0 : vd_init (), real_##name)
#define DECLARE_REAL(ret, name, ...) extern ret (*real_##name) (__VA_ARGS__)
DECLARE_REAL (int, open, const char *, int, ...);
DECLARE_REAL (int, open64, const char *, int, ...);
DECLARE_REAL (int, openat, int, const char *, int, ...);
DECLARE_REAL (int, openat64, int, const char *, int, ...);
DECLARE_REAL (int, __open_2, const char *, int);
DECLARE_REAL (int, __open64_2, const char *, int);
DECLARE_REAL (int, __openat_2, int, const char *, int);
DECLARE_REAL (int, __openat64_2, int, const char *, int);
DECLARE_REAL (int, close, int);
DECLARE_REAL (int, ioctl, int, unsigned long, ...);
DECLARE_REAL (int, fcntl, int, int, ...);
DECLARE_REAL (int, fcntl64, int, int, ...);
DECLARE_REAL (int, dup, int);
DECLARE_REAL (int, dup2, int, int);
DECLARE_REAL (int, dup3, int, int, int);
DECLARE_REAL (ssize_t, read, int, void *, size_t);
DECLARE_REAL (ssize_t, pread, int, void *, size_t, off_t);
DECLARE_REAL (ssize_t, pread64, int, void *, size_t, off64_t);
DECLARE_REAL (off_t, lseek, int, off_t, int);
DECLARE_REAL (off64_t, lseek64, int, off64_t, int);
DECLARE_REAL (int, access, const char *, int);
DECLARE_REAL (int, faccessat, int, const char *, int, int);
DECLARE_REAL (int, stat, const char *, struct stat *);
DECLARE_REAL (int, lstat, const char *, struct stat *);
DECLARE_REAL (int, fstat, int, struct stat *);
DECLARE_REAL (int, stat64, const char *, struct stat64 *);
DECLARE_REAL (int, lstat64, const char *, struct stat64 *);
DECLARE_REAL (int, fstat64, int, struct stat64 *);
DECLARE_REAL (int, fstatat, int, const char *, struct stat *, int);
DECLARE_REAL (int, fstatat64, int, const char *, struct stat64 *, int);
DECLARE_REAL (int, __xstat, int, const char *, struct stat *);
DECLARE_REAL (int, __lxstat, int, const char *, struct stat *);
DECLARE_REAL (int, __fxstat, int, int, struct stat *);
DECLARE_REAL (int, __xstat64, int, const char *, struct stat64 *);
DECLARE_REAL (int, __lxstat64, int, const char *, struct stat64 *);
DECLARE_REAL (int, __fxstat64, int, int, struct stat64 *);
DECLARE_REAL (int, __fxstatat, int, int, const char *, struct stat *, int);
DECLARE_REAL (int, __fxstatat64, int, int, const char *, struct stat64 *, int);
DECLARE_REAL (ssize_t, readlink, const char *, char *, size_t);
DECLARE_REAL (char *, realpath, const char *, char *);
DECLARE_REAL (int, statx, int, const char *, int, unsigned int, struct statx *);

int drive_of_path (const char *path);
int drive_of_fd (int fd);
VdDrive *drive_begin (int n);
void drive_end (VdDrive *d, const VdState *before);
gboolean with_state (int n, void (*f) (VdState *st, void *data), void *data);
void get_state (VdState *st, void *data);
