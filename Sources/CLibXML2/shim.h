#ifndef CALLREPORT_CLIBXML2_SHIM_H
#define CALLREPORT_CLIBXML2_SHIM_H

// libxml2 built with ICU declares ICU types that clash with the ICU copy that
// Foundation carries; the reader needs none of them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

// libxml2 prints some faults with no parser at hand straight to stderr through this thread's
// generic handler ("xmlParseChunk: encoder error"): a C-variadic function, which Swift cannot
// write, so the silent one is here. The reader's own error handler says what went wrong.
static inline void callreport_ignore_libxml2_message(void *context, const char *message, ...) {
  (void)context;
  (void)message;
}

/// Silences libxml2's global (per-thread) error output on the calling thread.
static inline void callreport_silence_libxml2_globals(void) {
  xmlSetGenericErrorFunc(NULL, callreport_ignore_libxml2_message);
}

#endif
