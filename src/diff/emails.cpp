// Published e-mail addresses against the page, and addresses the page shows that are new.

#include <fmt/format.h>

#include <algorithm>

#include "diff/comparisons.hpp"
#include "diff/finding_builder.hpp"
#include "util/text.hpp"

namespace freshcheck::diff {

bool has_email(const std::vector<core::ObservedEmail>& emails, const std::string& address) {
  return std::any_of(emails.begin(), emails.end(), [&](const auto& e) {
    return util::ascii_lower(e.address) == util::ascii_lower(address);
  });
}

void compare_email(const config::Fact& fact, const SourceDiffInput& input,
                   std::vector<core::Finding>& findings) {
  if (has_email(input.current.emails, fact.value)) return;
  findings.push_back(build_finding(
      input, {.kind = core::FindingKind::email_missing,
              .severity = core::Severity::critical,
              .fact = fact.id,
              .published = fact.value,
              .message = fmt::format("{} no longer shows {}", input.source.id, fact.value)}));
}

void add_new_emails(const SourceDiffInput& input, const std::set<std::string>& known,
                    std::vector<core::Finding>& findings) {
  std::set<std::string> reported;
  for (const auto& email : input.current.emails) {
    const std::string address = util::ascii_lower(email.address);
    if (has_email(input.previous->emails, email.address) || known.count(address) ||
        !reported.insert(address).second)
      continue;
    findings.push_back(build_finding(
        input,
        {.kind = core::FindingKind::email_new,
         .severity = core::Severity::info,
         .observed = email.address,
         .message = fmt::format("{} shows a new e-mail address {}", input.source.id, email.address),
         .snippet = email.block}));
  }
}

}  // namespace freshcheck::diff
