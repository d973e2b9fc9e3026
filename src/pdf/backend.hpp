#pragma once
// The table of functions the PDF module (freshcheck-pdf.so, built from pdf/poppler/) gives
// pdf_reader.cpp. Only that module links Poppler, which brings some twenty font, image and
// crypto libraries; it is loaded the first time a PDF is read.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "pdf/layout.hpp"
#include "util/module.hpp"

namespace freshcheck::pdf {

// What Poppler reads of a document: the words of each page with their boxes, as Poppler
// gives them (UTF-8, white space not yet collapsed).
struct PopplerText {
  std::string title;  // the document's Title entry
  int pages = 0;      // the document's page count; page_words holds at most max_pages
  std::vector<std::vector<Word>> page_words;
};

struct Backend {
  util::ModuleHeader header;

  core::Result<PopplerText> (*read)(std::string_view bytes, std::size_t max_pages) = nullptr;
};

inline constexpr const char* kBackendFile = "freshcheck-pdf.so";
inline constexpr const char* kBackendEntry = "freshcheck_pdf_backend";

}  // namespace freshcheck::pdf
