#pragma once
// A shorter page for a scope that names one element by id (`#contactos`).
//
// Reading a scope needs the whole tree above the element (headings over it, DOM paths,
// <base>, <title>) but none of the text beside it, and nothing after it. The slice keeps
// every tag before the element (with the attributes that shape the tree or the block model:
// id, class, hidden, style, ...), the text of headings and the title, one character for any
// other text (so the parser builds the same tree), and the element itself as written; it
// ends at the element's end tag. Line breaks are kept one for one, so line numbers match.
//
// The slice is a guess that parse_document checks against the tree it gives (the element
// matched once, closed by the end tag the slice ends with, no block or formatting element
// open around it); anything the tokenizer here cannot follow exactly (foreign content,
// <template>, <noscript>, escaped script text, NUL bytes, duplicated ids, a <title> or
// <base> after the element) gives no slice, and the whole page is parsed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace freshcheck::html {

struct ScopeSlice {
  std::string html;               // what to parse in place of the page
  std::size_t element_start = 0;  // offset of the element's start tag in `html`
  std::size_t end_tag_start = 0;  // offset of its end tag in `html`, the last bytes of it
};

std::optional<ScopeSlice> slice_for_scope(std::string_view page, std::string_view id);

}  // namespace freshcheck::html
