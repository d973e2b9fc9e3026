#pragma once
// Inputs to link lists: Markdown, HTML and plain text, each link with the line it was
// written on. Relative links resolve against `base` (the page URL, a --base URL, or the
// file's own file:// URL); without a base they are kept as written.

#include <string>
#include <string_view>
#include <vector>

#include "links/link.hpp"

namespace freshcheck::links {

enum class InputFormat { markdown, html, text };

// By name first (.md/.markdown, .html/.htm, .txt), then by content: HTML when the start
// looks like a page, Markdown otherwise (plain text is Markdown without the markup).
InputFormat detect_format(std::string_view name, std::string_view bytes);

// Inline links and images, autolinks (<https://...>), reference definitions, raw <a href>
// and bare URLs; fenced code blocks and `code spans` are skipped.
std::vector<FoundLink> links_in_markdown(std::string_view text, std::string_view file,
                                         std::string_view base);

// Bare http(s)://, mailto: and tel: addresses.
std::vector<FoundLink> links_in_text(std::string_view text, std::string_view file,
                                     std::string_view base);

// <a href> and <area href> of the page as the HTML reader sees it (scripts and hidden
// elements left out), lines from the source. `scope` (a selector, "main") keeps only the
// links inside it, leaving a page's navigation out.
std::vector<FoundLink> links_in_html(std::string_view bytes, std::string_view file,
                                     std::string_view base, std::string_view scope = {});

std::vector<FoundLink> collect(InputFormat format, std::string_view bytes, std::string_view file,
                               std::string_view base, std::string_view scope = {});

// The ids and names a #fragment can point at in an HTML page (id="..", <a name="..">).
std::vector<std::string> anchors_in_html(std::string_view html);

}  // namespace freshcheck::links
