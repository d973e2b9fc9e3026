#include "report/report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/name_table.hpp"
#include "report/finding_markdown.hpp"
#include "report/markdown.hpp"
#include "report/notes.hpp"
#include "util/atomic_file.hpp"
#include "util/text.hpp"

namespace freshcheck::report {

using json = nlohmann::json;

namespace {

json optional_string(const std::optional<std::string>& value) {
  return value ? json(*value) : json();
}

std::string cell(std::string_view text) {
  return md_text(text, true);
}

std::string to_do_text(const core::Finding& f) {
  const std::string accept = core::accept_command(f);
  if (core::is_fetch_finding(f))
    return "open the URL in a browser: if the page moved, fix the rule's URL; the snapshot is kept "
           "until the page can be read";
  if (f.kind == core::FindingKind::extraction_empty)
    return fmt::format("fix the rule's scope (freshcheck extract --source {} --blocks), then {}",
                       f.source, accept);
  if (accept.find("--update-dataset") != std::string::npos)
    return "check the official page, then " + accept;
  if (f.kind == core::FindingKind::content_changed || f.kind == core::FindingKind::phone_new ||
      f.kind == core::FindingKind::email_new)
    return "read the change; if the guide should say it, edit the dataset; then " + accept;
  return "edit the dataset (or the guide) by hand, then " + accept;
}

json finding_accept(const core::Finding& finding) {
  const std::string command = core::accept_command(finding);
  return command.empty() ? json() : json(command);
}

}  // namespace

namespace {

constexpr core::NameTable<Status, 6> k_status_names = {{
    {Status::ok, "ok"},
    {Status::changed, "changed"},
    {Status::unchanged, "unchanged"},
    {Status::unreachable, "unreachable"},
    {Status::blocked, "blocked"},
    {Status::extraction_empty, "extraction_empty"},
}};

}  // namespace

std::string_view to_string(Status status) {
  return core::name_in(k_status_names, status);
}

std::optional<Status> status_from_string(std::string_view name) {
  return core::value_in(k_status_names, name);
}

std::string what_to_do(const core::Finding& finding) {
  return to_do_text(finding);
}

namespace {

json finding_json(const core::Finding& finding) {
  json changes = json::array();
  for (const auto& change : finding.evidence.changes)
    changes.push_back({{"before", change.before}, {"after", change.after}});
  return {{"id", finding.id},
          {"kind", core::to_string(finding.kind)},
          {"severity", core::to_string(finding.severity)},
          {"source", finding.source},
          {"fact", finding.fact.empty() ? json() : json(finding.fact)},
          {"published", optional_string(finding.published)},
          {"observed", optional_string(finding.observed)},
          {"observed_hours", optional_string(finding.observed_hours)},
          {"accept", finding_accept(finding)},
          {"message", finding.message},
          {"state", core::to_string(finding.state)},
          {"evidence",
           {{"url", finding.evidence.url},
            {"snippet", finding.evidence.snippet},
            {"before", finding.evidence.before},
            {"fetched_at", finding.evidence.fetched_at},
            {"detail", finding.evidence.detail},
            {"changes", changes}}}};
}

}  // namespace

json to_json(const RunReport& report) {
  json sources = json::array();
  for (const SourceStatus& source : report.sources)
    sources.push_back({{"id", source.id},
                       {"url", source.url},
                       {"status", to_string(source.status)},
                       {"http_status", source.http_status},
                       {"final_url", source.final_url},
                       {"error", source.error.empty() ? json() : json(source.error)},
                       {"error_kind", source.error_kind.empty() ? json() : json(source.error_kind)},
                       {"warnings", source.warnings}});
  json findings = json::array();
  for (const core::Finding& finding : report.findings) findings.push_back(finding_json(finding));
  json checks = json::array();
  for (const Check& check : report.checks)
    checks.push_back({{"source", check.source}, {"fact", check.fact}});
  json ignored = json::array();
  for (const IgnoredFinding& entry : report.ignored)
    ignored.push_back({{"finding", finding_json(entry.finding)},
                       {"reason", entry.reason},
                       {"until", entry.until.empty() ? json() : json(entry.until)}});
  return {{"run",
           {{"started", report.started},
            {"finished", report.finished},
            {"tool_version", FRESHCHECK_VERSION}}},
          {"sources", sources},
          {"findings", findings},
          {"checks", checks},
          {"ignored", ignored}};
}

const IgnoredFinding* find_ignored(const RunReport& report, std::string_view id) {
  for (const auto& entry : report.ignored)
    if (entry.finding.id == id) return &entry;
  return nullptr;
}

std::string to_markdown(const RunReport& report) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& finding : report.findings) ++counts[static_cast<int>(finding.severity)];
  std::string out = "## freshcheck report\n\n";
  out += fmt::format("{} finding{}: {} critical, {} warning, {} info · {} sources · run {}\n\n",
                     report.findings.size(), report.findings.size() == 1 ? "" : "s", counts[2],
                     counts[1], counts[0], report.sources.size(), report.started);
  for (const auto& source : report.sources)
    if (const std::string note = baseline_note(source); !note.empty()) out += note + "\n\n";
  if (!report.findings.empty()) {
    out +=
        "| severity | kind | source | fact | published | observed |\n|---|---|---|---|---|---|\n";
    for (const auto& f : report.findings)
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", core::to_string(f.severity),
                         core::to_string(f.kind), cell(f.source), cell(f.fact),
                         cell(f.published.value_or("")), cell(f.observed.value_or("")));
    out += "\n";
    for (const auto& f : report.findings) out += md_finding(f, FindingLayout::report);
  }
  out += "| source | status | HTTP | note |\n|---|---|---|---|\n";
  for (const auto& s : report.sources)
    out += fmt::format("| {} | {} | {} | {} |\n", cell(s.id), to_string(s.status), s.http_status,
                       cell(s.error));
  if (!report.ignored.empty()) {
    out +=
        "\nIgnored (dataset/ignored.json): seen again, not alerted.\n\n"
        "| finding | source | fact | reason | until |\n|---|---|---|---|---|\n";
    for (const auto& entry : report.ignored)
      out += fmt::format("| `{}` | {} | {} | {} | {} |\n", entry.finding.id,
                         cell(entry.finding.source), cell(entry.finding.fact), cell(entry.reason),
                         entry.until.empty() ? "-" : cell(entry.until));
  }
  // Some fields go in as they are (the URL, the diff): the whole text is made printable once.
  // The writer's own text holds no control character but LF.
  return util::printable(out);
}

core::Result<void> write_reports(const RunReport& report, const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error)
    return core::fail(
        fmt::format("cannot create the report folder {}: {}", folder.string(), error.message()));
  FC_TRY(util::write_atomically(folder / "report.json", to_json(report).dump(2) + "\n"));
  FC_TRY(util::write_atomically(folder / "report.md", to_markdown(report)));
  FC_TRY(util::write_atomically(folder / "report.html", to_html(report)));
  FC_TRY(util::write_atomically(folder / "junit.xml", to_junit(report)));
  return {};
}

}  // namespace freshcheck::report
