#pragma once
// The findings people decided not to hear about again: `dataset/ignored.json`, a tracked file
// reviewed like any dataset change. An entry holds one finding id, which is the fingerprint of
// the change (kind, source, fact and both values), so it silences exactly that change: the
// same fact moving to yet another value is a new fingerprint and alerts as usual.
//
//   {"ignored": [{"finding": "phone_missing-0123456789abcdef", "reason": "...",
//                 "until": "2027-03-31", "by": "maintainer", "recorded": "2026-12-02",
//                 "source": "aima-contacts", "fact": "aima-main-line"}]}
//
// "until" is optional (the last day the entry holds); source, fact, by and recorded are for
// the people who read the file.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/located_json.hpp"
#include "core/result.hpp"

namespace freshcheck::config {

// The file's name in the dataset folder; the dataset loader reads it as this, not as a guide.
inline constexpr std::string_view k_ignored_file_name = "ignored.json";

struct IgnoredFinding {
  std::string finding;  // the finding id (its fingerprint)
  std::string reason;
  std::string until;  // YYYY-MM-DD, last day it holds; empty: until the entry is removed
  std::string by;
  std::string recorded;  // YYYY-MM-DD
  std::string source;
  std::string fact;
  std::string file;
  Location where;

  // Whether the entry holds on `date` (YYYY-MM-DD, or an ISO time whose date is read).
  bool holds_on(std::string_view date) const;
};

// Whether `text` is a date written YYYY-MM-DD (month 1-12, day 1-31).
bool is_calendar_date(std::string_view text);

// Whether `id` is written as a finding id: a known kind, '-', 16 lowercase hex digits.
bool is_finding_id(std::string_view id);

// Reads the file's text; every problem goes to `diagnostics` with its position.
std::vector<IgnoredFinding> read_ignored_text(const std::string& file, std::string_view text,
                                              std::vector<Diagnostic>& diagnostics);

// The entry that silences finding `id` on `date`, if any.
const IgnoredFinding* find_ignored(const std::vector<IgnoredFinding>& ignored, std::string_view id,
                                   std::string_view date);

// Adds `entry` to the file (created when missing), or replaces the entry for the same
// finding; written atomically. Fails, naming the file and line, when the file there does not
// read as an ignore file: nothing is overwritten then.
core::Result<void> record_ignored(const std::filesystem::path& file, const IgnoredFinding& entry);

}  // namespace freshcheck::config
