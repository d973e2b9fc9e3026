#pragma once
// Markdown and plain text as a document: one block per non-empty line, "#" lines are
// headings, and links are the addresses written in the text.

#include <string_view>

#include "html/document.hpp"

namespace freshcheck::reader {

// `text` (UTF-8) read line by line; `name` becomes the document's URL.
html::Document text_document(std::string_view text, std::string_view name);

}  // namespace freshcheck::reader
