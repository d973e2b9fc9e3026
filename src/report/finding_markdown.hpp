#pragma once
// One finding as GitHub Markdown, for report.md and for the body of the finding's GitHub
// issue. Both say the same things in the same order (what changed; the values; the
// evidence: URL, fetch time, before and now, the diff; what to do), laid out for where they
// are read. Every field from a page, a header or a URL goes through report/markdown.

#include <string>

#include "core/finding.hpp"

namespace freshcheck::report {

enum class FindingLayout {
  // report.md, one finding among many: folded in <details> under "kind: message"; the
  // values as list items; before and now marked word by word; the diff's lines as list
  // items, or the content change edit by edit; what to do and the accept command; the id.
  report,
  // A GitHub issue of its own: a headline with severity, source and fact; the values in a
  // table; the evidence in code spans under "### Evidence", the diff in a fenced block; a
  // "### What to do" section. The caller adds its footer and marker.
  issue,
};

std::string md_finding(const core::Finding& finding, FindingLayout layout);

}  // namespace freshcheck::report
