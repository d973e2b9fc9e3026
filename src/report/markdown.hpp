#pragma once
// Text from a page, a header or a URL, written into Markdown that GitHub renders (report.md,
// issue bodies): whatever the text holds, it stays text. No HTML element, no link, no
// mention (@someone), no cross-reference (#123), no table cell or code span broken open.

#include <string>
#include <string_view>

namespace freshcheck::report {

// Markdown prose: one line; every ASCII punctuation mark Markdown or HTML reads as markup,
// and ':' and '.' (so that no URL or address in it becomes a link), is backslash-escaped
// (pipes only `in_table`, the one place "\|" means a pipe); "@" and "#" are followed by a
// zero-width joiner, which GitHub's mention and issue-reference filters do not cross, and
// which a reader does not see.
std::string md_text(std::string_view text, bool in_table = false);

// A code span holding `text` as it is: a fence longer than any run of backticks inside,
// padded with a space when the text starts or ends with a backtick; one line.
std::string md_code(std::string_view text);

// md_code for a table cell: a pipe ends a GFM cell even inside a code span, and "\|" is the
// one escape GFM reads there.
std::string md_table_code(std::string_view text);

// A fenced code block (```info ... ```) whose fence is longer than any run of backticks
// inside, so the text cannot close it.
std::string md_code_block(std::string_view text, std::string_view info = "");

// Text inside an HTML element of a Markdown file (<summary>): markup characters as
// entities, "@" and "#" neutralised as in md_text, control characters visible.
std::string md_html_text(std::string_view text);

}  // namespace freshcheck::report
