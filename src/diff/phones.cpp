// Published phone numbers against the page, and numbers the page shows that are new.

#include <fmt/format.h>

#include <algorithm>

#include "diff/comparisons.hpp"
#include "diff/finding_builder.hpp"

namespace freshcheck::diff {
namespace {

// Every place a number stands in scope: an intro sentence and a table row are two
// occurrences, each with the hours tied to it there (or none).
std::vector<const core::ObservedPhone*> occurrences(const std::vector<core::ObservedPhone>& phones,
                                                    const std::string& e164) {
  std::vector<const core::ObservedPhone*> out;
  for (const auto& phone : phones)
    if (phone.e164 == e164) out.push_back(&phone);
  return out;
}

// In a PDF, the evidence names the page, and its URL opens the document there.
void point_at_page(core::Finding& finding, const core::ObservedPhone& phone) {
  if (phone.location.rfind("page ", 0) != 0) return;
  finding.message += fmt::format(" ({} of the PDF)", phone.location);
  finding.evidence.url += "#page=" + phone.location.substr(5);
}

// Where a missing number stood in the snapshot, and the number that likely took its place.
struct Replacement {
  std::optional<std::string> e164;
  std::string before;  // the snapshot's block that held the old number
};

// A new number in a block that otherwise reads like one that held the old number is one
// likely replacement, not two unrelated findings.
Replacement find_replacement(const std::string& e164, const SourceDiffInput& input) {
  Replacement out;
  if (!input.previous) return out;
  for (const auto* old : occurrences(input.previous->phones, e164)) {
    if (out.before.empty()) out.before = old->block;
    for (const auto& candidate : input.current.phones)
      if (!out.e164 && candidate.type != "fax" &&
          !find_phone(input.previous->phones, candidate.e164) &&
          block_key(candidate.block) == block_key(old->block)) {
        out.e164 = candidate.e164;
        out.before = old->block;
      }
  }
  return out;
}

// phone_missing, with the likely replacement and that one's hours when there is one.
core::Finding phone_missing(const config::Fact& fact, const std::string& e164,
                            const SourceDiffInput& input, const ObservedHours& observed_hours,
                            const Replacement& replacement) {
  const auto& current = input.current;
  std::string message =
      fmt::format("{} no longer shows {} ({})", input.source.id, fact.value, e164);
  std::optional<std::string> new_hours;
  const core::ObservedPhone* shown =
      replacement.e164 ? find_phone(current.phones, *replacement.e164) : nullptr;
  if (shown) {
    message += fmt::format("; it now shows {} in its place", *replacement.e164);
    new_hours = replacement_hours(fact, occurrences(current.phones, *replacement.e164),
                                  observed_hours, message);
  }
  auto finding = build_finding(input, {.kind = core::FindingKind::phone_missing,
                                       .severity = core::Severity::critical,
                                       .fact = fact.id,
                                       .published = e164,
                                       .observed = replacement.e164,
                                       .message = std::move(message),
                                       .snippet = shown ? shown->block : std::string(),
                                       .before = replacement.before});
  finding.observed_hours = std::move(new_hours);
  if (shown) point_at_page(finding, *shown);
  return finding;
}

}  // namespace

const core::ObservedPhone* find_phone(const std::vector<core::ObservedPhone>& phones,
                                      const std::string& e164) {
  const auto found =
      std::find_if(phones.begin(), phones.end(), [&](const auto& p) { return p.e164 == e164; });
  return found == phones.end() ? nullptr : &*found;
}

void compare_phone(const config::Fact& fact, const std::string& e164, const SourceDiffInput& input,
                   const ObservedHours& observed_hours, std::set<std::string>& replaced_by,
                   std::vector<core::Finding>& findings) {
  const auto places = occurrences(input.current.phones, e164);
  if (!places.empty()) {
    compare_hours(fact, places, input, observed_hours, findings);
    return;
  }
  const Replacement replacement = find_replacement(e164, input);
  if (replacement.e164) replaced_by.insert(*replacement.e164);
  findings.push_back(phone_missing(fact, e164, input, observed_hours, replacement));
}

void add_new_phones(const SourceDiffInput& input, const std::set<std::string>& known,
                    std::vector<core::Finding>& findings) {
  const core::Observation& previous = *input.previous;
  std::set<std::string> reported;
  for (const auto& phone : input.current.phones) {
    // A fax is not a number to call: one that appears is news only if the dataset lists it
    // (and then it is no news at all).
    if (phone.type == "fax" || find_phone(previous.phones, phone.e164) || known.count(phone.e164) ||
        !reported.insert(phone.e164).second)
      continue;
    findings.push_back(
        build_finding(input, {.kind = core::FindingKind::phone_new,
                              .severity = core::Severity::warning,
                              .observed = phone.e164,
                              .message = fmt::format("{} shows a new number {} (\"{}\")",
                                                     input.source.id, phone.e164, phone.raw),
                              .snippet = phone.block}));
  }
}

}  // namespace freshcheck::diff
