#include "diff/differ.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diff/comparisons.hpp"
#include "diff/finding_builder.hpp"
#include "phone/phone_number.hpp"
#include "util/text.hpp"

namespace freshcheck::diff {
namespace {

// A page with scripts and (almost) no text in scope is built in the browser: a static
// fetch sees only its shell.
std::string javascript_shell_hint(const config::Source& source, const core::Observation& current) {
  std::size_t text = 0;
  for (const auto& block : current.blocks) text += block.size();
  if (!source.render.empty() || text > 200 ||
      util::ascii_lower(current.body).find("<script") == std::string::npos)
    return "";
  return fmt::format(
      ". The page has scripts and {} text: it looks built by JavaScript in the browser; add "
      "\"render\": \"chromium\" to the source to read the page a browser shows",
      text == 0 ? "no" : "hardly any");
}

// No phone number or e-mail in scope where there used to be, or where the dataset expects
// some: the rule needs fixing, and nothing else can be said about the page.
bool extraction_is_empty(const SourceDiffInput& input) {
  const bool expects_facts =
      std::any_of(input.facts.begin(), input.facts.end(), [](const config::Fact* f) {
        return f->kind == config::FactKind::phone || f->kind == config::FactKind::email;
      });
  return !input.current.has_facts() &&
         ((input.previous && input.previous->has_facts()) || expects_facts);
}

core::Finding extraction_empty(const SourceDiffInput& input) {
  const core::Observation& current = input.current;
  return build_finding(
      input,
      {.kind = core::FindingKind::extraction_empty,
       .severity = core::Severity::critical,
       .message = fmt::format(
           "{} yields no phone numbers or e-mails in scope \"{}\" where it used to: the page "
           "layout changed or the rule's scope is wrong; check the rule before the guide{}",
           input.source.id, input.source.scope.empty() ? "(whole page)" : input.source.scope,
           javascript_shell_hint(input.source, current)),
       .snippet =
           util::ellipsize(fmt::format("{} blocks; first: {}", current.blocks.size(),
                                       current.blocks.empty() ? "(none)" : current.blocks.front()),
                           300)});
}

// The values the dataset lists at this source, which are not news when the page shows them.
struct KnownValues {
  std::set<std::string> phones;  // E.164, with the replacements already reported
  std::set<std::string> emails;  // lower case
};

// Each dataset fact verified here against the page, in the dataset's order.
KnownValues compare_facts(const SourceDiffInput& input, const ObservedHours& observed_hours,
                          std::vector<core::Finding>& findings) {
  KnownValues known;
  std::set<std::string> replaced_by;
  for (const config::Fact* fact : input.facts) {
    switch (fact->kind) {
      case config::FactKind::phone: {
        const auto parsed = phone::parse(fact->value, input.source.region);
        if (!parsed) break;  // validate reports it
        known.phones.insert(parsed->e164);
        compare_phone(*fact, parsed->e164, input, observed_hours, replaced_by, findings);
        break;
      }
      case config::FactKind::email:
        known.emails.insert(util::ascii_lower(fact->value));
        compare_email(*fact, input, findings);
        break;
      case config::FactKind::phrase:
        compare_phrase(*fact, input, findings);
        break;
      default:  // hours belong to phone facts; links are fetched themselves (check_link)
        break;
    }
  }
  known.phones.insert(replaced_by.begin(), replaced_by.end());
  return known;
}

}  // namespace

SourceDiff diff_source(const SourceDiffInput& input) {
  SourceDiff out;
  if (extraction_is_empty(input)) {
    out.extraction_empty = true;
    out.findings.push_back(extraction_empty(input));
    return out;
  }
  const ObservedHours observed_hours =
      input.current_hours.empty() ? ObservedHours(input.current.phones)
                                  : ObservedHours(input.current.phones, input.current_hours);
  const KnownValues known = compare_facts(input, observed_hours, out.findings);
  if (!input.previous) return out;  // the first good fetch is the baseline
  // What the page shows now that the last snapshot did not.
  add_new_phones(input, known.phones, out.findings);
  add_new_emails(input, known.emails, out.findings);
  add_content_change(input, out.findings);
  return out;
}

bool observation_shows(const config::Fact& fact, const core::Observation& observation,
                       std::string_view region) {
  const auto in_text = [&](std::string_view text) {
    const std::string wanted = util::fold_for_search(text);
    return !wanted.empty() &&
           std::any_of(observation.blocks.begin(), observation.blocks.end(), [&](const auto& b) {
             return util::fold_for_search(b).find(wanted) != std::string::npos;
           });
  };
  switch (fact.kind) {
    case config::FactKind::phone: {
      const auto parsed = phone::parse(fact.value, region);
      return parsed && find_phone(observation.phones, parsed->e164);
    }
    case config::FactKind::email:
      return has_email(observation.emails, fact.value);
    case config::FactKind::hours: {
      const auto wanted = hours::parse_osm(fact.value);
      if (!wanted) return in_text(fact.value);
      const ObservedHours observed_hours(observation.phones);
      return std::any_of(observation.phones.begin(), observation.phones.end(), [&](const auto& p) {
        const ReadHours* seen = observed_hours.of(p);
        return seen && seen->schedule == *wanted;
      });
    }
    case config::FactKind::phrase:
      return in_text(fact.value);
    case config::FactKind::link:
      return std::any_of(observation.links.begin(), observation.links.end(),
                         [&](const auto& l) { return url::same_page(fact.value, l.url); });
  }
  return false;
}

core::Finding unreachable_finding(const config::Source& source, const std::string& message,
                                  bool blocked, int consecutive_failures, int escalate_after) {
  core::Finding finding;
  finding.kind =
      blocked ? core::FindingKind::source_blocked : core::FindingKind::source_unreachable;
  finding.severity =
      consecutive_failures >= escalate_after ? core::Severity::critical : core::Severity::warning;
  finding.source = source.id;
  finding.message =
      fmt::format("{} could not be checked ({} run{} in a row): {}", source.id,
                  consecutive_failures, consecutive_failures == 1 ? "" : "s", message);
  finding.evidence.url = source.url;
  finding.id = core::fingerprint(finding);
  return finding;
}

}  // namespace freshcheck::diff
