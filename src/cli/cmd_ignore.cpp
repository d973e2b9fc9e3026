// `freshcheck ignore ID --reason TEXT`: a maintainer decides a finding is not worth hearing
// about again. The finding's fingerprint goes into dataset/ignored.json (config/ignored.hpp),
// a file reviewed like any dataset change; from then on `check` lists that exact change under
// "ignored" and neither alerts nor exits 1 for it.

#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "config/ignored.hpp"
#include "report/report_reader.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace freshcheck::cli {

namespace {

constexpr std::size_t k_max_reason = 500;

struct IgnoreCommandOptions {
  std::string finding;
  std::string reason;
  std::string until;
  std::string by;
  std::string dataset = "dataset";
  std::string report = "report";
};

// One line of valid UTF-8: a reason is shown in tables, issue comments and the file.
std::string one_line(std::string_view text) {
  std::string spaced(text);
  for (char& c : spaced)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  const std::string out = util::printable(spaced, false);
  return std::string(util::trim(out));
}

// Where the finding was seen, for the people who read the file; the report is optional
// (an id copied from an issue is enough).
void describe_from_report(const std::string& folder, config::IgnoredFinding& entry) {
  const auto report = report::read_report(std::filesystem::path(folder) / "report.json");
  if (!report) return;
  for (const auto& finding : report->findings)
    if (finding.id == entry.finding) {
      entry.source = finding.source;
      entry.fact = finding.fact;
    }
}

core::ExitCode run_ignore(const IgnoreCommandOptions& options) {
  auto fail = [](const std::string& message) {
    std::cerr << "freshcheck: ignore: " << message << '\n';
    return core::ExitCode::usage_or_config;
  };
  if (!config::is_finding_id(options.finding))
    return fail(
        fmt::format("\"{}\" is not a finding id; copy it from report.md or the issue "
                    "(for example phone_missing-0123456789abcdef)",
                    util::printable(options.finding, false)));
  config::IgnoredFinding entry;
  entry.finding = options.finding;
  entry.reason = one_line(options.reason);
  if (entry.reason.empty()) return fail("--reason must say why the change is not worth an alert");
  if (entry.reason.size() > k_max_reason)
    return fail(
        fmt::format("--reason is {} bytes; keep it under {}", entry.reason.size(), k_max_reason));
  entry.by = one_line(options.by);
  entry.recorded = util::iso_utc(util::system_now()).substr(0, 10);
  entry.until = options.until;
  if (!entry.until.empty() && !config::is_calendar_date(entry.until))
    return fail(fmt::format("--until {}: write the date as YYYY-MM-DD",
                            util::printable(entry.until, false)));
  if (!entry.until.empty() && entry.until < entry.recorded)
    return fail(fmt::format("--until {} is already past", entry.until));
  describe_from_report(options.report, entry);
  const auto file = std::filesystem::path(options.dataset) / config::k_ignored_file_name;
  if (auto written = config::record_ignored(file, entry); !written) {
    std::cerr << "freshcheck: ignore: " << written.error().message << '\n';
    return core::ExitCode::usage_or_config;
  }
  std::cout << fmt::format("{}: {} is ignored{}; commit the file with the reason for review\n",
                           file.string(), entry.finding,
                           entry.until.empty() ? "" : " until " + entry.until);
  return core::ExitCode::ok;
}

}  // namespace

void add_ignore_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<IgnoreCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "ignore", "Never alert on this exact change again (records it in dataset/ignored.json)");
  command
      ->add_option("FINDING_ID", options->finding,
                   "The finding, as report.md or the issue names it")
      ->required();
  command->add_option("--reason", options->reason, "Why the change is not worth an alert")
      ->required();
  command->add_option("--until", options->until,
                      "Last day the entry holds, YYYY-MM-DD (default: until it is removed)");
  command->add_option("--by", options->by, "Who decided (a GitHub login, say)");
  command->add_option("--dataset", options->dataset, "Folder of dataset files")
      ->capture_default_str();
  command
      ->add_option("--report", options->report,
                   "Folder of the report that saw the finding (names its source and fact)")
      ->capture_default_str();
  command->footer(
      "A different value at the same place is a different finding and alerts as usual. "
      "Exit codes: 0 recorded, 2 usage error or an ignore file that does not read.");
  command->callback([&action, options] { action = [options] { return run_ignore(*options); }; });
}

}  // namespace freshcheck::cli
