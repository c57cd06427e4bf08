// Most operations are inline functions in the header; SwiftPM needs a source file for a C target.
#define _GNU_SOURCE
#include <string.h>

#include "CFastPaths.h"

const void *callreport_memmem(const void *haystack, size_t count, const void *needle, size_t length) {
  return memmem(haystack, count, needle, length);
}
