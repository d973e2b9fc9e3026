#include "report/finding_markdown.hpp"

#include <fmt/format.h>

#include "report/markdown.hpp"
#include "report/report.hpp"
#include "util/text.hpp"

namespace freshcheck::report {

namespace {

// An issue's diff gets at most half of the 60,000 code points alert/github.cpp lets a body
// have (GitHub refuses bodies over 65,536), so the rest of the body always fits.
constexpr std::size_t k_issue_detail_code_points = 30'000;

std::string md_word(std::string_view word) {
  return md_text(word);
}

std::string md_headline(const core::Finding& f, FindingLayout layout) {
  if (layout == FindingLayout::report)
    return fmt::format("<details><summary>{}: {}</summary>\n\n",
                       md_html_text(core::to_string(f.kind)),
                       md_html_text(util::ellipsize(f.message, 600)));
  return fmt::format("**{}** · {} · source {}{}\n\n{}\n\n", md_text(core::to_string(f.kind)),
                     core::to_string(f.severity), md_code(f.source),
                     f.fact.empty() ? "" : " · fact " + md_code(f.fact), md_text(f.message));
}

// The issue's table of the published and the observed value.
std::string md_values_table(const core::Finding& f) {
  if (!f.published && !f.observed) return {};
  return fmt::format("| published | observed |\n|---|---|\n| {} | {} |\n\n",
                     f.published ? md_table_code(*f.published) : "—",
                     f.observed ? md_table_code(*f.observed) : "—");
}

// The report's list items of the fact, the published and the observed value.
std::string md_value_lines(const core::Finding& f) {
  std::string out;
  if (!f.fact.empty()) out += fmt::format("- fact: {}\n", md_code(f.fact));
  if (f.published) out += fmt::format("- published: {}\n", md_code(*f.published));
  if (f.observed)
    out += fmt::format("- now: {}{}\n", md_code(*f.observed),
                       f.observed_hours ? " (hours " + md_code(*f.observed_hours) + ")" : "");
  return out;
}

std::string md_fetched(const core::Finding& f, FindingLayout layout) {
  const std::string& at = f.evidence.fetched_at;
  if (layout == FindingLayout::report)
    return fmt::format("- fetched: {}\n", at.empty() ? "not fetched" : at);
  return at.empty() ? std::string() : fmt::format("- fetched: {}\n", md_code(at));
}

// A Markdown list of a content change: each edit with its removed words struck through and
// its new words in bold, so that a long sentence shows where it changed (and wraps).
std::string md_changes(const std::vector<core::BlockChange>& changes) {
  std::string out;
  for (const auto& change : changes) {
    if (change.before.empty())
      out += "- added: " + md_text(util::ellipsize(change.after, 600)) + "\n";
    else if (change.after.empty())
      out += "- removed: " + md_text(util::ellipsize(change.before, 600)) + "\n";
    else
      out += "- edited: " + mark_words(change.before, change.after, "~~", "~~", md_word) +
             "  \n  now: " + mark_words(change.after, change.before, "**", "**", md_word) + "\n";
  }
  return out;
}

// The report's evidence: before and now with the words that differ marked, and the diff's
// lines as list items; or, for a content change, its edits.
std::string md_marked_evidence(const core::Finding& f) {
  if (!f.evidence.changes.empty()) return "\n" + md_changes(f.evidence.changes);
  std::string out;
  const std::string& before = f.evidence.before;
  const std::string& snippet = f.evidence.snippet;
  if (!before.empty())
    out += "- before: " + mark_words(util::ellipsize(before, 300), snippet, "~~", "~~", md_word) +
           "\n";
  if (!snippet.empty())
    out +=
        "- seen in: " +
        (before.empty() ? md_text(util::ellipsize(snippet, 300))
                        : mark_words(util::ellipsize(snippet, 300), before, "**", "**", md_word)) +
        "\n";
  // Kept in a named string: split() returns views into it, and a temporary would be gone
  // before the loop body reads them.
  const std::string detail = util::ellipsize(f.evidence.detail, 2000);
  for (const auto line : util::split(detail, '\n'))
    if (!line.empty()) out += "- " + md_text(line) + "\n";
  return out;
}

// The issue's evidence: before and now in code spans, the diff in a fenced block.
std::string md_code_evidence(const core::Finding& f) {
  std::string out;
  if (!f.evidence.before.empty())
    out += fmt::format("- before: {}\n", md_code(util::ellipsize(f.evidence.before, 1000)));
  if (!f.evidence.snippet.empty())
    out += fmt::format("- now: {}\n", md_code(util::ellipsize(f.evidence.snippet, 1000)));
  if (!f.evidence.detail.empty())
    out += "\n" +
           md_code_block(util::ellipsize(f.evidence.detail, k_issue_detail_code_points), "diff");
  return out;
}

std::string md_to_do(const core::Finding& f, FindingLayout layout) {
  if (layout == FindingLayout::report) {
    std::string out = fmt::format("- to do: {}\n", md_text(what_to_do(f)));
    if (const auto accept = core::accept_command(f); !accept.empty())
      out += fmt::format("- accept: {}\n", md_code(accept));
    return out;
  }
  return fmt::format(
      "\n### What to do\n\n"
      "- If the source is right, correct the guide and run {}, then merge the dataset and "
      "snapshot change.\n"
      "- If the source is wrong or the change is temporary, leave this issue open: freshcheck "
      "closes it when a run no longer sees the change. Closing it by hand does not silence it; "
      "the next run opens a new one while the change is there.\n\n",
      md_code(fmt::format("freshcheck accept {} --update-dataset", f.id)));
}

}  // namespace

std::string md_finding(const core::Finding& finding, FindingLayout layout) {
  const bool report = layout == FindingLayout::report;
  std::string out = md_headline(finding, layout);
  if (!report) out += md_values_table(finding) + "### Evidence\n\n";
  out += fmt::format("- URL: {}\n", md_code(finding.evidence.url));
  out += md_fetched(finding, layout);
  if (report) out += md_value_lines(finding);
  out += report ? md_marked_evidence(finding) : md_code_evidence(finding);
  out += md_to_do(finding, layout);
  if (report) out += fmt::format("\n{}\n</details>\n\n", md_code(finding.id));
  return out;
}

}  // namespace freshcheck::report
