#include "report/report_reader.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "util/file.hpp"

namespace freshcheck::report {
namespace {

using json = nlohmann::json;

// A report field that is null when absent.
std::optional<std::string> optional_text(const json& object, const char* key) {
  const json& value = object.value(key, json());
  if (value.is_null()) return std::nullopt;
  return value.get<std::string>();
}

core::Evidence read_evidence(const json& evidence) {
  core::Evidence out;
  out.url = evidence.value("url", "");
  out.snippet = evidence.value("snippet", "");
  out.before = evidence.value("before", "");
  out.fetched_at = evidence.value("fetched_at", "");
  out.detail = evidence.value("detail", "");
  for (const json& change : evidence.value("changes", json::array()))
    out.changes.push_back({change.value("before", ""), change.value("after", "")});
  return out;
}

core::Finding read_finding(const json& finding) {
  core::Finding out;
  out.id = finding.at("id").get<std::string>();
  const auto kind = core::finding_kind_from_string(finding.at("kind").get<std::string>());
  if (!kind) throw std::invalid_argument("unknown kind of finding " + out.id);
  out.kind = *kind;
  const auto severity = core::severity_from_string(finding.at("severity").get<std::string>());
  if (!severity) throw std::invalid_argument("unknown severity in finding " + out.id);
  out.severity = *severity;
  out.source = finding.at("source").get<std::string>();
  out.fact = optional_text(finding, "fact").value_or("");
  out.published = optional_text(finding, "published");
  out.observed = optional_text(finding, "observed");
  out.observed_hours = optional_text(finding, "observed_hours");
  out.message = finding.at("message").get<std::string>();
  const auto state = core::finding_state_from_string(finding.value("state", "confirmed"));
  if (!state) throw std::invalid_argument("unknown state of finding " + out.id);
  out.state = *state;
  out.evidence = read_evidence(finding.value("evidence", json::object()));
  return out;
}

SourceStatus read_source(const json& source) {
  SourceStatus out;
  out.id = source.at("id").get<std::string>();
  out.url = source.at("url").get<std::string>();
  const auto status = status_from_string(source.at("status").get<std::string>());
  if (!status) throw std::invalid_argument("unknown status of source " + out.id);
  out.status = *status;
  out.http_status = source.value("http_status", 0L);
  out.final_url = source.value("final_url", "");
  out.error = optional_text(source, "error").value_or("");
  out.error_kind = optional_text(source, "error_kind").value_or("");
  out.warnings = source.value("warnings", std::vector<std::string>{});
  return out;
}

RunReport read_run(const json& document) {
  RunReport out;
  const json& run = document.at("run");
  out.started = run.at("started").get<std::string>();
  out.finished = run.at("finished").get<std::string>();
  for (const json& source : document.at("sources")) out.sources.push_back(read_source(source));
  for (const json& finding : document.at("findings")) out.findings.push_back(read_finding(finding));
  // Reports before the merge of shards wrote neither list.
  for (const json& check : document.value("checks", json::array()))
    out.checks.push_back(
        {check.at("source").get<std::string>(), check.at("fact").get<std::string>()});
  for (const json& entry : document.value("ignored", json::array()))
    out.ignored.push_back({read_finding(entry.at("finding")), entry.at("reason").get<std::string>(),
                           optional_text(entry, "until").value_or("")});
  return out;
}

}  // namespace

core::Result<RunReport> read_report(const std::filesystem::path& file) {
  const auto text = util::read_file(file);
  if (!text)
    return core::fail(fmt::format("no report at {}; run `freshcheck check` first", file.string()));
  try {
    return read_run(json::parse(*text));
  } catch (const std::exception& error) {  // nlohmann's parse and type errors, ours above
    return core::fail(fmt::format("{} is not a report: {}", file.string(), error.what()));
  }
}

}  // namespace freshcheck::report
