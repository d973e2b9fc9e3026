#include "diff/differ.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "hours/schedule.hpp"
#include "phone/phone_number.hpp"
#include "url/url.hpp"
#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::diff {
namespace {

core::Finding make(std::string kind, core::Severity severity, const SourceDiffInput& input,
                   std::string fact, std::optional<std::string> published,
                   std::optional<std::string> observed, std::string message, std::string snippet,
                   std::string before = {}, std::string detail = {}) {
  core::Finding finding;
  finding.kind = std::move(kind);
  finding.severity = severity;
  finding.source = input.source.id;
  finding.fact = std::move(fact);
  finding.published = std::move(published);
  finding.observed = std::move(observed);
  finding.message = std::move(message);
  finding.evidence.url =
      input.current.final_url.empty() ? input.current.url : input.current.final_url;
  finding.evidence.snippet = std::move(snippet);
  finding.evidence.before = std::move(before);
  finding.evidence.fetched_at = input.current.fetched_at;
  finding.evidence.detail = std::move(detail);
  finding.id = core::fingerprint(finding);
  return finding;
}

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

// In a PDF, the evidence names the page, and its URL opens the document there.
void point_at_page(core::Finding& finding, const core::ObservedPhone& phone) {
  if (phone.location.rfind("page ", 0) != 0) return;
  finding.message += fmt::format(" ({} of the PDF)", phone.location);
  finding.evidence.url += "#page=" + phone.location.substr(5);
}

const core::ObservedPhone* find_phone(const std::vector<core::ObservedPhone>& phones,
                                      const std::string& e164) {
  const auto found =
      std::find_if(phones.begin(), phones.end(), [&](const auto& p) { return p.e164 == e164; });
  return found == phones.end() ? nullptr : &*found;
}

// Every place a number stands in scope: an intro sentence and a table row are two
// occurrences, each with the hours tied to it there (or none).
std::vector<const core::ObservedPhone*> occurrences(const std::vector<core::ObservedPhone>& phones,
                                                    const std::string& e164) {
  std::vector<const core::ObservedPhone*> out;
  for (const auto& phone : phones)
    if (phone.e164 == e164) out.push_back(&phone);
  return out;
}

// The hours a page ties to a number, wherever it stands: canonical OSM -> the first
// occurrence that gives them. Occurrences without hours say nothing about them.
struct HoursSeen {
  std::string osm;
  hours::Schedule schedule;
  const core::ObservedPhone* where = nullptr;
};
std::vector<HoursSeen> hours_seen(const std::vector<const core::ObservedPhone*>& places) {
  std::vector<HoursSeen> out;
  for (const auto* place : places) {
    if (place->hours.empty()) continue;
    auto schedule = hours::parse_osm(place->hours);
    if (!schedule) continue;
    if (std::none_of(out.begin(), out.end(),
                     [&](const HoursSeen& h) { return h.schedule == *schedule; }))
      out.push_back({schedule->to_osm(), *schedule, place});
  }
  return out;
}

bool has_email(const std::vector<core::ObservedEmail>& emails, const std::string& address) {
  return std::any_of(emails.begin(), emails.end(), [&](const auto& e) {
    return util::ascii_lower(e.address) == util::ascii_lower(address);
  });
}

// A block's words with the rule's noise (compiled once per source) removed first.
std::string comparison_key(std::string_view block, const std::vector<std::unique_ptr<RE2>>& noise) {
  std::string text(block);
  for (const auto& pattern : noise) RE2::GlobalReplace(&text, *pattern, " ");
  return block_key(text);
}

// How alike two blocks' words are: twice the shared words over all words (Dice), 0..1.
double word_likeness(const std::string& a_key, const std::string& b_key) {
  if (a_key.empty() || b_key.empty()) return 0;
  const auto a = util::split(a_key, ' ');
  const auto b = util::split(b_key, ' ');
  if (a.empty() || b.empty()) return 0;
  std::multiset<std::string_view> rest(b.begin(), b.end());
  std::size_t shared = 0;
  for (const auto word : a)
    if (const auto found = rest.find(word); found != rest.end()) {
      rest.erase(found);
      ++shared;
    }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(a.size() + b.size());
}

// The blocks that disappeared and appeared, by their words (so a reordered page changes
// nothing), with each removed block paired to the added block that reads most like it: one
// edited sentence is one change, not a removal and an addition.
std::vector<core::BlockChange> block_changes(const std::vector<std::string>& before,
                                             const std::vector<std::string>& after,
                                             const std::vector<std::string>& noise_patterns) {
  constexpr double k_same_block = 0.5;  // at least half the words shared: an edit
  std::vector<std::unique_ptr<RE2>> noise;
  for (const auto& pattern : noise_patterns) {
    auto compiled = std::make_unique<RE2>(pattern, util::regex_options());
    if (compiled->ok()) noise.push_back(std::move(compiled));  // validate reports bad ones
  }
  const auto keys_of = [&](const std::vector<std::string>& blocks) {
    std::vector<std::string> keys;
    for (const auto& block : blocks) keys.push_back(comparison_key(block, noise));
    return keys;
  };
  const auto before_keys = keys_of(before);
  const auto after_keys = keys_of(after);
  const std::multiset<std::string> before_set(before_keys.begin(), before_keys.end());
  const std::multiset<std::string> after_set(after_keys.begin(), after_keys.end());
  std::vector<std::size_t> added;
  for (std::size_t j = 0; j < after.size(); ++j)
    if (before_set.count(after_keys[j]) == 0) added.push_back(j);
  std::vector<bool> paired(added.size(), false);
  std::vector<core::BlockChange> changes;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (after_set.count(before_keys[i]) > 0) continue;
    std::optional<std::size_t> best;
    double best_likeness = k_same_block;
    for (std::size_t k = 0; k < added.size(); ++k) {
      const double likeness = paired[k] ? 0 : word_likeness(before_keys[i], after_keys[added[k]]);
      if (likeness >= best_likeness && (!best || likeness > best_likeness)) {
        best = k;
        best_likeness = likeness;
      }
    }
    if (best) paired[*best] = true;
    changes.push_back({before[i], best ? after[added[*best]] : std::string()});
  }
  for (std::size_t k = 0; k < added.size(); ++k)
    if (!paired[k]) changes.push_back({std::string(), after[added[k]]});
  return changes;
}

// The changes as a unified-style listing: "- old" and "+ new", an edit's two lines together.
std::string unified(const std::vector<core::BlockChange>& changes) {
  std::string out;
  for (const auto& change : changes) {
    if (!change.before.empty()) out += "- " + change.before + "\n";
    if (!change.after.empty()) out += "+ " + change.after + "\n";
  }
  return out;
}

}  // namespace

std::string block_key(std::string_view block) {
  const std::string folded = util::fold_for_search(block);
  std::string words;
  bool pending_space = false;
  for (char c : folded) {
    const bool letter = (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    if (!letter) {
      pending_space = !words.empty();
      continue;
    }
    if (pending_space) words += ' ';
    pending_space = false;
    words += c;
  }
  return words;
}

namespace {

// hours_changed when the hours tied to the number anywhere in scope differ from the fact's;
// occurrences that disagree with each other are reported as such, for a person to settle.
void compare_hours(const config::Fact& fact, const std::vector<const core::ObservedPhone*>& places,
                   const SourceDiffInput& input, std::vector<core::Finding>& findings) {
  if (fact.hours.empty()) return;
  const auto published = hours::parse_osm(fact.hours);
  if (!published) return;  // validate reports it
  const auto seen = hours_seen(places);
  if (seen.empty() || std::all_of(seen.begin(), seen.end(),
                                  [&](const HoursSeen& h) { return h.schedule == *published; }))
    return;
  if (seen.size() == 1) {
    findings.push_back(make("hours_changed", core::Severity::warning, input, fact.id,
                            published->to_osm(), seen[0].osm,
                            fmt::format("hours of {} changed: {}", fact.value,
                                        hours::describe_difference(*published, seen[0].schedule)),
                            seen[0].where->block));
    return;
  }
  std::string observed, places_text, snippets;
  for (const auto& h : seen) {
    observed += (observed.empty() ? "" : " | ") + h.osm;
    places_text += fmt::format("{}{} in \"{}\"", places_text.empty() ? "" : "; ", h.osm,
                               util::ellipsize(h.where->block, 120));
    snippets += (snippets.empty() ? "" : "\n") + h.where->block;
  }
  findings.push_back(make(
      "hours_changed", core::Severity::warning, input, fact.id, published->to_osm(), observed,
      fmt::format("the page gives {} different hours in different places ({}); the guide says {}: "
                  "check which is right",
                  fact.value, places_text, published->to_osm()),
      snippets));
}

// What a replacement number's hours say about the fact's: nothing to add, the same hours, or
// new hours (returned, to be accepted with the number).
std::optional<std::string> replacement_hours(const config::Fact& fact,
                                             const std::vector<const core::ObservedPhone*>& places,
                                             std::string& message) {
  if (fact.hours.empty()) return std::nullopt;
  const auto published = hours::parse_osm(fact.hours);
  if (!published) return std::nullopt;
  const auto seen = hours_seen(places);
  if (seen.empty()) {
    message += fmt::format("; no hours are tied to it (the guide says {})", published->to_osm());
  } else if (seen.size() > 1) {
    message += "; the page gives it different hours in different places: check them by hand";
  } else if (seen[0].schedule == *published) {
    message += fmt::format("; its hours still match ({})", published->to_osm());
  } else {
    message += fmt::format("; its hours differ: {} ({})",
                           hours::describe_difference(*published, seen[0].schedule), seen[0].osm);
    return seen[0].osm;
  }
  return std::nullopt;
}

// A published number: missing (with its likely replacement and that one's hours), or found,
// then its hours compared wherever it stands.
void compare_phone(const config::Fact& fact, const std::string& e164, const SourceDiffInput& input,
                   std::set<std::string>& replaced_by, std::vector<core::Finding>& findings) {
  const auto& current = input.current;
  const auto places = occurrences(current.phones, e164);
  if (!places.empty()) {
    compare_hours(fact, places, input, findings);
    return;
  }
  // A new number in a block that otherwise reads like one that held the old number is one
  // likely replacement, not two unrelated findings.
  std::optional<std::string> replacement;
  std::string before;
  if (input.previous) {
    for (const auto* old : occurrences(input.previous->phones, e164)) {
      if (before.empty()) before = old->block;
      for (const auto& candidate : current.phones)
        if (!replacement && candidate.type != "fax" &&
            !find_phone(input.previous->phones, candidate.e164) &&
            block_key(candidate.block) == block_key(old->block)) {
          replacement = candidate.e164;
          before = old->block;
        }
    }
  }
  std::string message =
      fmt::format("{} no longer shows {} ({})", input.source.id, fact.value, e164);
  std::optional<std::string> new_hours;
  if (replacement) {
    replaced_by.insert(*replacement);
    message += fmt::format("; it now shows {} in its place", *replacement);
    new_hours = replacement_hours(fact, occurrences(current.phones, *replacement), message);
  }
  auto finding =
      make("phone_missing", core::Severity::critical, input, fact.id, e164, replacement,
           std::move(message),
           replacement ? find_phone(current.phones, *replacement)->block : std::string(), before);
  finding.observed_hours = std::move(new_hours);
  if (replacement) point_at_page(finding, *find_phone(current.phones, *replacement));
  findings.push_back(std::move(finding));
}

// What the page shows now that the last snapshot did not: new numbers and e-mails (each
// once, wherever it stands) and the text blocks that changed.
void compare_with_snapshot(const SourceDiffInput& input, const std::set<std::string>& known_phones,
                           const std::set<std::string>& known_emails,
                           std::vector<core::Finding>& findings) {
  const core::Observation& current = input.current;
  const core::Observation& previous = *input.previous;
  std::set<std::string> reported;
  for (const auto& phone : current.phones) {
    // A fax is not a number to call: one that appears is news only if the dataset lists it
    // (and then it is no news at all).
    if (phone.type == "fax" || find_phone(previous.phones, phone.e164) ||
        known_phones.count(phone.e164) || !reported.insert(phone.e164).second)
      continue;
    findings.push_back(make(
        "phone_new", core::Severity::warning, input, "", std::nullopt, phone.e164,
        fmt::format("{} shows a new number {} (\"{}\")", input.source.id, phone.e164, phone.raw),
        phone.block));
  }
  for (const auto& email : current.emails) {
    const std::string address = util::ascii_lower(email.address);
    if (has_email(previous.emails, email.address) || known_emails.count(address) ||
        !reported.insert(address).second)
      continue;
    findings.push_back(
        make("email_new", core::Severity::info, input, "", std::nullopt, email.address,
             fmt::format("{} shows a new e-mail address {}", input.source.id, email.address),
             email.block));
  }
  auto changes = block_changes(previous.blocks, current.blocks, input.source.noise);
  if (changes.empty()) return;
  std::size_t edited = 0, added = 0, removed = 0;
  for (const auto& change : changes)
    ++(change.before.empty() ? added : change.after.empty() ? removed : edited);
  auto finding =
      make("content_changed", core::Severity::info, input, "", std::nullopt, std::nullopt,
           fmt::format("{}: {} text block{} changed in scope ({} edited, {} added, {} removed)",
                       input.source.id, changes.size(), changes.size() == 1 ? "" : "s", edited,
                       added, removed),
           "", "", unified(changes));
  finding.evidence.changes = std::move(changes);
  findings.push_back(std::move(finding));
}

}  // namespace

SourceDiff diff_source(const SourceDiffInput& input) {
  SourceDiff out;
  const core::Observation& current = input.current;
  const auto& previous = input.previous;

  const bool expects_facts =
      std::any_of(input.facts.begin(), input.facts.end(), [](const config::Fact* f) {
        return f->kind == config::FactKind::phone || f->kind == config::FactKind::email;
      });
  if (!current.has_facts() && ((previous && previous->has_facts()) || expects_facts)) {
    out.extraction_empty = true;
    out.findings.push_back(make(
        "extraction_empty", core::Severity::critical, input, "", std::nullopt, std::nullopt,
        fmt::format("{} yields no phone numbers or e-mails in scope \"{}\" where it used to: the "
                    "page layout "
                    "changed or the rule's scope is wrong; check the rule before the guide{}",
                    input.source.id,
                    input.source.scope.empty() ? "(whole page)" : input.source.scope,
                    javascript_shell_hint(input.source, current)),
        util::ellipsize(fmt::format("{} blocks; first: {}", current.blocks.size(),
                                    current.blocks.empty() ? "(none)" : current.blocks.front()),
                        300)));
    return out;
  }

  std::set<std::string> dataset_phones, dataset_emails, replaced_by;
  for (const config::Fact* fact : input.facts) {
    switch (fact->kind) {
      case config::FactKind::phone: {
        auto parsed = phone::parse(fact->value, input.source.region);
        if (!parsed) break;  // validate reports it
        dataset_phones.insert(parsed->e164);
        compare_phone(*fact, parsed->e164, input, replaced_by, out.findings);
        break;
      }
      case config::FactKind::email:
        dataset_emails.insert(util::ascii_lower(fact->value));
        if (!has_email(current.emails, fact->value))
          out.findings.push_back(make(
              "email_missing", core::Severity::critical, input, fact->id, fact->value, std::nullopt,
              fmt::format("{} no longer shows {}", input.source.id, fact->value), ""));
        break;
      case config::FactKind::phrase:
        if (std::find(input.phrases_found.begin(), input.phrases_found.end(), fact->id) ==
            input.phrases_found.end())
          out.findings.push_back(make(
              "phrase_missing", core::Severity::warning, input, fact->id, fact->value, std::nullopt,
              fmt::format("{} no longer says \"{}\"", input.source.id, fact->value), ""));
        break;
      default:
        break;
    }
  }

  if (!previous) return out;  // the first good fetch is the baseline
  dataset_phones.insert(replaced_by.begin(), replaced_by.end());
  compare_with_snapshot(input, dataset_phones, dataset_emails, out.findings);
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
      return std::any_of(observation.phones.begin(), observation.phones.end(), [&](const auto& p) {
        const auto seen = hours::parse_osm(p.hours);
        return !p.hours.empty() && seen && *seen == *wanted;
      });
    }
    case config::FactKind::phrase:
      return in_text(fact.value);
    case config::FactKind::link:
      return std::any_of(observation.links.begin(), observation.links.end(),
                         [&](const auto& l) { return same_page(fact.value, l.url); });
  }
  return false;
}

std::optional<core::Finding> check_link(const config::Fact& fact, const LinkFetch& fetched) {
  core::Finding finding;
  finding.fact = fact.id;
  finding.published = fact.value;
  finding.evidence.url = fact.value;
  finding.evidence.fetched_at = fetched.fetched_at;
  std::string chain;
  for (const auto& [hop, status] : fetched.hops) chain += fmt::format("{} {} -> ", status, hop);
  if (fetched.ok) {
    if (same_page(fact.value, fetched.final_url)) return std::nullopt;
    finding.kind = "link_redirected";
    finding.severity = core::Severity::warning;
    finding.observed = fetched.final_url;
    finding.message = fmt::format("{} now leads to {}", fact.value, fetched.final_url);
    finding.evidence.detail = chain + fetched.final_url;
  } else if (fetched.permanent_failure) {
    finding.kind = "link_broken";
    finding.severity = core::Severity::critical;
    finding.observed = fetched.http_status
                           ? std::optional(fmt::format("HTTP {}", fetched.http_status))
                           : std::nullopt;
    finding.message = fmt::format("{} is broken: {}", fact.value, fetched.message);
    finding.evidence.detail = chain.empty() ? fetched.message : chain + fetched.message;
  } else {
    return std::nullopt;
  }
  finding.source = "dataset";  // the link itself was fetched, not a source page
  finding.id = core::fingerprint(finding);
  return finding;
}

core::Finding unreachable_finding(const config::Source& source, const std::string& message,
                                  bool blocked, int consecutive_failures, int escalate_after) {
  core::Finding finding;
  finding.kind = blocked ? "source_blocked" : "source_unreachable";
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
