#ifndef CALLREPORT_CXLSXWRITER_SHIM_H
#define CALLREPORT_CXLSXWRITER_SHIM_H

// libxlsxwriter (Debian libxlsxwriter-dev 1.1.4): the workbook writer of report.xlsx.
#include <xlsxwriter.h>

#endif
