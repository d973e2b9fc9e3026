#pragma once
// Markdown and plain text as a document: one block per non-empty line, "#" lines are
// headings, and links are the addresses written in the text.

#include <string_view>
#include <vector>

#include "html/document.hpp"

namespace freshcheck::reader {

// Links written in text: markdown links, http(s) URLs, and bare host names of the usual
// public-service domains ("contactenos.aima.gov.pt"). A host right after "@" belongs to an
// e-mail address and is left out.
std::vector<html::Link> links_in_line(std::string_view line);

// `text` (UTF-8) read line by line; `name` becomes the document's URL.
html::Document text_document(std::string_view text, std::string_view name);

}  // namespace freshcheck::reader
