#ifndef CALLREPORT_CLIBXML2_SHIM_H
#define CALLREPORT_CLIBXML2_SHIM_H

// libxml2 built with ICU declares ICU types that clash with the ICU copy that
// Foundation carries; the reader needs none of them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

#endif
