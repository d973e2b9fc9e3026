#pragma once
// The link checker's reports, each a writer over a stream: a short text summary, JSON (the
// contract: {"links": [{"url", "verdict", "status", "final_url", "chain", "error", "where"}],
// "summary": {...}}), Markdown, JUnit XML, and GitHub workflow annotations. Link text and
// URLs come from pages and are escaped for each format.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "links/link.hpp"

namespace freshcheck::links {

enum class Format { text, json, markdown, junit };

// "text", "json", "markdown", "junit"; nothing for anything else.
std::optional<Format> parse_format(std::string_view name);

void write_text(std::ostream& out, const std::vector<LinkResult>& results);
void write_json(std::ostream& out, const std::vector<LinkResult>& results);
void write_markdown(std::ostream& out, const std::vector<LinkResult>& results);
void write_junit(std::ostream& out, const std::vector<LinkResult>& results);
// `::error file=F,line=N::...` for each place a broken link is written, `::warning` for a
// permanent redirect.
void write_github_annotations(std::ostream& out, const std::vector<LinkResult>& results);

void write(Format format, std::ostream& out, const std::vector<LinkResult>& results);

}  // namespace freshcheck::links
