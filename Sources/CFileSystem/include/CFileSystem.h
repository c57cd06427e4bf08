#ifndef CALLREPORT_CFILESYSTEM_H
#define CALLREPORT_CFILESYSTEM_H

/// Swaps the names of two paths in one atomic step (Linux renameat2 with
/// RENAME_EXCHANGE): a reader sees the old folder or the new one, never
/// neither. Returns 0, or -1 with errno set (EINVAL or ENOSYS where the
/// system or file system cannot do it).
int callreport_exchange_paths(const char *first, const char *second);

#endif
