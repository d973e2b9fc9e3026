#include "config/ignored.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/json_reader.hpp"
#include "core/finding.hpp"
#include "util/atomic_file.hpp"
#include "util/file.hpp"

namespace freshcheck::config {

namespace {

using json = nlohmann::json;
using pointer = json::json_pointer;

const std::vector<std::string> k_file_keys = {"ignored"};
const std::vector<std::string> k_entry_keys = {"finding",  "reason", "until", "by",
                                               "recorded", "source", "fact"};

std::optional<IgnoredFinding> read_entry(ObjectReader& reader, const std::string& file) {
  IgnoredFinding entry;
  entry.file = file;
  entry.where = reader.document().value_at(reader.at());
  const auto finding = reader.string("finding", true);
  const auto reason = reader.string("reason", true);
  entry.until = reader.string("until", false).value_or("");
  entry.by = reader.string("by", false).value_or("");
  entry.recorded = reader.string("recorded", false).value_or("");
  entry.source = reader.string("source", false).value_or("");
  entry.fact = reader.string("fact", false).value_or("");
  if (finding && !is_finding_id(*finding))
    reader.error(reader.at() / "finding",
                 fmt::format("\"{}\" is not a finding id; copy it from report.md or the issue, "
                             "for example phone_missing-0123456789abcdef",
                             *finding));
  bool dates_ok = true;
  for (const char* key : {"until", "recorded"}) {
    const std::string& date = key[0] == 'u' ? entry.until : entry.recorded;
    if (date.empty() || is_calendar_date(date)) continue;
    reader.error(reader.at() / key, fmt::format("\"{}\" must be a date written YYYY-MM-DD", key));
    dates_ok = false;
  }
  if (!finding || !reason || !is_finding_id(*finding) || !dates_ok) return std::nullopt;
  entry.finding = *finding;
  entry.reason = *reason;
  return entry;
}

json to_json(const IgnoredFinding& entry) {
  json out = {{"finding", entry.finding}, {"reason", entry.reason}};
  const std::pair<const char*, const std::string*> optional[] = {{"until", &entry.until},
                                                                 {"by", &entry.by},
                                                                 {"recorded", &entry.recorded},
                                                                 {"source", &entry.source},
                                                                 {"fact", &entry.fact}};
  for (const auto& [key, value] : optional)
    if (!value->empty()) out[key] = *value;
  return out;
}

}  // namespace

bool is_calendar_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool IgnoredFinding::holds_on(std::string_view date) const {
  return until.empty() || date.substr(0, 10) <= std::string_view(until);
}

bool is_finding_id(std::string_view id) {
  const auto dash = id.rfind('-');
  if (dash == std::string_view::npos || id.size() - dash - 1 != 16) return false;
  if (!core::finding_kind_from_string(id.substr(0, dash))) return false;
  return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(dash) + 1, id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::vector<IgnoredFinding> read_ignored_text(const std::string& file, std::string_view text,
                                              std::vector<Diagnostic>& diagnostics) {
  std::vector<IgnoredFinding> entries;
  const auto document = parse_document(file, text, diagnostics);
  if (!document) return entries;
  ObjectReader root(*document, pointer(), "ignore file", k_file_keys, diagnostics);
  if (!root.ok()) return entries;
  root.each_entry("ignored", [&](const json&, const pointer& at) {
    ObjectReader reader = root.nested(at, "ignored finding", k_entry_keys);
    if (!reader.ok()) return;
    if (auto entry = read_entry(reader, file)) entries.push_back(std::move(*entry));
  });
  return entries;
}

const IgnoredFinding* find_ignored(const std::vector<IgnoredFinding>& ignored, std::string_view id,
                                   std::string_view date) {
  for (const auto& entry : ignored)
    if (entry.finding == id && entry.holds_on(date)) return &entry;
  return nullptr;
}

core::Result<void> record_ignored(const std::filesystem::path& file, const IgnoredFinding& entry) {
  std::vector<IgnoredFinding> entries;
  std::error_code error;
  if (std::filesystem::exists(file, error)) {
    const auto text = util::read_file(file);
    if (!text)
      return core::fail(fmt::format("cannot read {}; check its permissions", file.string()));
    std::vector<Diagnostic> diagnostics;
    entries = read_ignored_text(file.string(), *text, diagnostics);
    if (!diagnostics.empty())
      return core::fail(fmt::format("{}; fix the file first, nothing was written",
                                    diagnostics.front().to_string()));
  }
  const auto same = std::find_if(entries.begin(), entries.end(), [&](const IgnoredFinding& e) {
    return e.finding == entry.finding;
  });
  if (same != entries.end())
    *same = entry;
  else
    entries.push_back(entry);
  json list = json::array();
  for (const auto& e : entries) list.push_back(to_json(e));
  return util::write_atomically(file, json{{"ignored", list}}.dump(2) + "\n");
}

}  // namespace freshcheck::config
