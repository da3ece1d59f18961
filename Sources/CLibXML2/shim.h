#ifndef SAFEGRID_CLIBXML2_SHIM_H
#define SAFEGRID_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU, and its encoding header pulls in the system ICU
// headers, which clash with Foundation's own ICU in debug builds. SafeGrid never uses
// libxml2's ICU conversion, so hide it before any other libxml2 header is read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>

/// The SAX2 magic number, which Swift cannot import as a typed constant.
static inline unsigned int safegrid_sax2_magic(void) { return XML_SAX2_MAGIC; }

#endif
