#pragma once
// One entry for every kind of page: the bytes of an answer, with their content type, become
// the document the extractors, the diff and the reports read, whatever the page was (HTML,
// the DOM a browser rendered, a PDF, Markdown or plain text).

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "html/document.hpp"

namespace freshcheck::reader {

enum class Format { html, rendered_html, pdf, markdown, text };

const char* to_string(Format format);

// The media type of a Content-Type value, lower case, without its parameters.
std::string media_type(std::string_view content_type);

// The reader for a content type, with the bytes' own word where the type is missing or
// generic: "%PDF-" is a PDF whatever the label; `name` (a file name or URL) decides between
// Markdown and HTML when there is no type. A rendered page is HTML: `rendered_html` is
// chosen by the caller that rendered it.
Format format_for(std::string_view content_type, std::string_view bytes, std::string_view name);

struct ReadOptions {
  std::string url;           // for resolving links and naming the document
  std::string scope;         // selector text, for HTML; empty for the whole <body>
  std::string http_charset;  // from Content-Type, for HTML
  std::size_t max_pdf_pages = 100;
};

// Reads `bytes` as `format`. Fails on an invalid scope, an unusable charset, or a PDF that
// does not load; never throws for the page's data.
core::Result<html::Document> read_document(std::string_view bytes, Format format,
                                           const ReadOptions& options);

// The same, choosing the reader with format_for(content_type, bytes, options.url).
core::Result<html::Document> read_document(std::string_view bytes, std::string_view content_type,
                                           const ReadOptions& options);

}  // namespace freshcheck::reader
