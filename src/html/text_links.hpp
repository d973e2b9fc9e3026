#pragma once
// Links written in plain text rather than in <a> tags: what Markdown, text and PDF readers
// give a block. Here in html/ beside Link so that reader/ and pdf/ share it without an
// arrow between them.

#include <string_view>
#include <vector>

#include "html/document.hpp"

namespace freshcheck::html {

// Links written in text: markdown links, http(s) URLs, and bare host names of the usual
// public-service domains ("contactenos.aima.gov.pt"). A host right after "@" belongs to an
// e-mail address and is left out.
std::vector<Link> links_in_line(std::string_view line);

}  // namespace freshcheck::html
