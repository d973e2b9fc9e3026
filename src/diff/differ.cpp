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
  finding.evidence = {input.current.final_url.empty() ? input.current.url : input.current.final_url,
                      std::move(snippet), std::move(before), input.current.fetched_at,
                      std::move(detail)};
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

// A unified-style listing of the blocks that appeared and disappeared, by their words.
std::string block_changes(const std::vector<std::string>& before,
                          const std::vector<std::string>& after,
                          const std::vector<std::string>& noise_patterns) {
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
  std::string out;
  for (std::size_t i = 0; i < before.size(); ++i)
    if (after_set.count(before_keys[i]) == 0) out += "- " + before[i] + "\n";
  for (std::size_t i = 0; i < after.size(); ++i)
    if (before_set.count(after_keys[i]) == 0) out += "+ " + after[i] + "\n";
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
        const core::ObservedPhone* seen = find_phone(current.phones, parsed->e164);
        if (!seen) {
          // A new number in a block that otherwise reads like the one that held the old
          // number is one likely replacement, not two unrelated findings.
          std::optional<std::string> replacement;
          std::string before;
          if (previous) {
            if (const auto* old = find_phone(previous->phones, parsed->e164)) {
              before = old->block;
              for (const auto& candidate : current.phones)
                if (candidate.type != "fax" && !find_phone(previous->phones, candidate.e164) &&
                    block_key(candidate.block) == block_key(old->block))
                  replacement = candidate.e164;
            }
          }
          if (replacement) replaced_by.insert(*replacement);
          out.findings.push_back(make(
              "phone_missing", core::Severity::critical, input, fact->id, parsed->e164, replacement,
              replacement ? fmt::format("{} no longer shows {} ({}); it now shows {} in its place",
                                        input.source.id, fact->value, parsed->e164, *replacement)
                          : fmt::format("{} no longer shows {} ({})", input.source.id, fact->value,
                                        parsed->e164),
              replacement ? find_phone(current.phones, *replacement)->block : std::string(),
              before));
          if (replacement)
            point_at_page(out.findings.back(), *find_phone(current.phones, *replacement));
          break;
        }
        if (!fact->hours.empty() && !seen->hours.empty()) {
          auto published = hours::parse_osm(fact->hours);
          auto observed = hours::parse_osm(seen->hours);
          if (published && observed && !(*published == *observed))
            out.findings.push_back(
                make("hours_changed", core::Severity::warning, input, fact->id, published->to_osm(),
                     observed->to_osm(),
                     fmt::format("hours of {} changed: {}", fact->value,
                                 hours::describe_difference(*published, *observed)),
                     seen->block));
        }
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

  for (const auto& phone : current.phones) {
    // A fax is not a number to call: one that appears is news only if the dataset lists it
    // (and then it is no news at all).
    if (phone.type == "fax" || find_phone(previous->phones, phone.e164) ||
        dataset_phones.count(phone.e164) || replaced_by.count(phone.e164))
      continue;
    out.findings.push_back(make(
        "phone_new", core::Severity::warning, input, "", std::nullopt, phone.e164,
        fmt::format("{} shows a new number {} (\"{}\")", input.source.id, phone.e164, phone.raw),
        phone.block));
  }
  for (const auto& email : current.emails) {
    if (has_email(previous->emails, email.address) ||
        dataset_emails.count(util::ascii_lower(email.address)))
      continue;
    out.findings.push_back(
        make("email_new", core::Severity::info, input, "", std::nullopt, email.address,
             fmt::format("{} shows a new e-mail address {}", input.source.id, email.address),
             email.block));
  }
  const std::string changes = block_changes(previous->blocks, current.blocks, input.source.noise);
  if (!changes.empty()) {
    std::size_t lines = std::count(changes.begin(), changes.end(), '\n');
    out.findings.push_back(
        make("content_changed", core::Severity::info, input, "", std::nullopt, std::nullopt,
             fmt::format("{}: {} text blocks changed in scope", input.source.id, lines), "", "",
             changes));
  }
  return out;
}

bool same_page(std::string_view published, std::string_view final_url) {
  const auto key = [](std::string_view text) {
    const auto parts = url::split(text);
    if (!parts) return std::string(text);
    std::string path = parts->path_and_query;
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return parts->host + path;  // scheme left out: http -> https is an upgrade, not a move
  };
  return key(published) == key(final_url);
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
