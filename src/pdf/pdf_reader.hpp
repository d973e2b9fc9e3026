#pragma once
// A PDF document (a leaflet, a notice) as the block model every page becomes: one block per
// paragraph, heading or table row, in reading order, each located by its page ("page 2").

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "html/document.hpp"

namespace freshcheck::pdf {

struct PdfOptions {
  std::string url;  // the document's address, kept as the document's URL
  // Pages past this are not read (the document is marked truncated, with a warning): a
  // notice of thousands of pages costs seconds per hundred.
  std::size_t max_pages = 100;
};

// Reads `bytes` with Poppler. Columns are found by geometry: words are grouped into bands
// separated by blank space, a band with a vertical gutter is split at it, and the parts are
// read as columns (wide parts of full lines) or as table rows (anything else), so that a
// two-column leaflet is read column by column. Links are the addresses written in the
// text: poppler-cpp does not expose link annotations. Fails on bytes that are not a PDF, a
// damaged file or a password-protected one.
core::Result<html::Document> read_pdf(std::string_view bytes, const PdfOptions& options);

}  // namespace freshcheck::pdf
