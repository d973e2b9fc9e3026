#include "guide/guide.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "diff/differ.hpp"
#include "phone/phone_number.hpp"
#include "reader/reader.hpp"
#include "url/url.hpp"
#include "util/text.hpp"

namespace freshcheck::guide {
namespace {

// "AIMA contact centre (information, status questions) | 217 115 000" -> "aima-contact-centre".
std::string slug_before(std::string_view block, std::string_view raw) {
  const auto at = block.find(raw);
  std::string words = util::fold_for_search(block.substr(0, at == std::string_view::npos ? 0 : at));
  std::string slug;
  int count = 0;
  bool pending = false;
  for (char c : words) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '(' || c == '|' || c == ':' || c == ',') {
      if (!slug.empty()) break;
      continue;
    }
    if (!keep) {
      pending = !slug.empty();
      continue;
    }
    if (pending) {
      if (++count == 4) break;
      slug += '-';
    }
    pending = false;
    slug += c;
  }
  return slug;
}

std::string unique_id(std::string base, std::set<std::string>& used) {
  if (base.empty()) base = "fact";
  std::string id = base;
  for (int n = 2; !used.insert(id).second; ++n) id = fmt::format("{}-{}", base, n);
  return id;
}

}  // namespace

Guide read_guide(std::string_view bytes, std::string_view name, std::string_view region) {
  Guide guide;
  // HTML, Markdown or text (a file name or the first bytes tell), read like any page.
  reader::ReadOptions read;
  read.url = std::string(name);
  auto document = reader::read_document(bytes, std::string_view(), read);
  if (document) guide.document = std::move(document).value();
  extract::ExtractOptions options;
  options.region = std::string(region);
  guide.facts = extract::extract_all(guide.document, options);
  return guide;
}

nlohmann::json draft_dataset(const Guide& guide, std::string_view guide_id) {
  std::set<std::string> used;
  nlohmann::json facts = nlohmann::json::array();
  std::set<std::string> seen;
  for (const auto& phone : guide.facts.phones) {
    // A fax is not a number to call: a guide that lists one is not drafted as a phone fact.
    if (phone.type == "fax" || !seen.insert(phone.e164).second) continue;
    nlohmann::json fact = {
        {"id",
         unique_id(fmt::format(
                       "{}.{}", guide_id,
                       slug_before(extract::block_text(guide.document, phone.evidence), phone.raw)),
                   used)},
        {"kind", "phone"},
        {"value", phone.raw},
        {"verify_at", nlohmann::json::array()}};
    if (phone.hours) fact["hours"] = phone.hours->to_osm();
    facts.push_back(std::move(fact));
  }
  for (const auto& email : guide.facts.emails) {
    if (!seen.insert(util::ascii_lower(email.address)).second) continue;
    facts.push_back({{"id", unique_id(fmt::format("{}.email", guide_id), used)},
                     {"kind", "email"},
                     {"value", email.address},
                     {"verify_at", nlohmann::json::array()}});
  }
  std::vector<std::string> link_urls;
  for (const auto& link : guide.facts.links) {
    if (std::any_of(link_urls.begin(), link_urls.end(),
                    [&](const std::string& u) { return url::same_page(u, link.url); }))
      continue;
    link_urls.push_back(link.url);
    const auto parts = url::split(link.url);
    std::string host = parts ? parts->host : "link";
    std::replace(host.begin(), host.end(), '.', '-');
    facts.push_back({{"id", unique_id(fmt::format("{}.link.{}", guide_id, host), used)},
                     {"kind", "link"},
                     {"value", link.url},
                     {"verify_at", nlohmann::json::array()}});
  }
  return {{"guide", {{"id", guide_id}, {"title", guide.document.title}}}, {"facts", facts}};
}

std::size_t tie_to_sources(
    nlohmann::json& draft,
    const std::vector<std::pair<const config::Source*, const core::Observation*>>& pages) {
  std::size_t tied = 0;
  for (auto& item : draft.at("facts")) {
    config::Fact fact;
    fact.id = item.value("id", "");
    fact.kind =
        config::fact_kind_from_string(item.value("kind", "")).value_or(config::FactKind::phrase);
    fact.value = item.value("value", "");
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& [source, observation] : pages)
      if (diff::observation_shows(fact, *observation, source->region))
        sources.push_back(source->id);
    if (!sources.empty()) ++tied;
    item["verify_at"] = std::move(sources);
  }
  return tied;
}

std::vector<core::Finding> compare(const Guide& guide, const config::Dataset& dataset,
                                   std::string_view region, const std::string& guide_location) {
  std::vector<core::Finding> findings;
  const auto add = [&](const std::string& fact, std::optional<std::string> published,
                       std::optional<std::string> observed, std::string message,
                       std::string snippet) {
    core::Finding finding;
    finding.kind = core::FindingKind::guide_mismatch;
    finding.severity = core::Severity::warning;
    finding.source = "guide:" + dataset.guide.id;
    finding.fact = fact;
    finding.published = std::move(published);
    finding.observed = std::move(observed);
    finding.message = std::move(message);
    finding.evidence.url = guide_location;
    finding.evidence.snippet = std::move(snippet);
    finding.id = core::fingerprint(finding);
    findings.push_back(std::move(finding));
  };

  std::map<std::string, const config::Fact*> phones, emails;
  std::vector<const config::Fact*> links;
  for (const auto& fact : dataset.facts) {
    if (fact.kind == config::FactKind::phone) {
      if (auto parsed = phone::parse(fact.value, region)) phones[parsed->e164] = &fact;
    } else if (fact.kind == config::FactKind::email) {
      emails[util::ascii_lower(fact.value)] = &fact;
    } else if (fact.kind == config::FactKind::link) {
      links.push_back(&fact);
    }
  }
  // A value the guide shows in several places is one finding: the id is a fingerprint of
  // the value, so two findings for it would share one id.
  std::set<std::string> guide_phones, guide_emails, guide_links;
  for (const auto& phone : guide.facts.phones) {
    if (!guide_phones.insert(phone.e164).second) continue;
    // Faxes are not drafted (draft_dataset), so one the dataset leaves out is no mismatch.
    if (!phones.count(phone.e164) && phone.type != "fax")
      add("", std::nullopt, phone.e164,
          fmt::format("the guide shows {} (\"{}\"), which no dataset fact holds", phone.e164,
                      phone.raw),
          extract::block_window(guide.document, phone));
  }
  for (const auto& email : guide.facts.emails) {
    if (!guide_emails.insert(util::ascii_lower(email.address)).second) continue;
    if (!emails.count(util::ascii_lower(email.address)))
      add("", std::nullopt, email.address,
          fmt::format("the guide shows {}, which no dataset fact holds", email.address),
          extract::block_window(guide.document, email));
  }
  for (const auto& link : guide.facts.links)
    if (guide_links.insert(link.url).second &&
        std::none_of(links.begin(), links.end(),
                     [&](const config::Fact* f) { return url::same_page(f->value, link.url); }))
      add("", std::nullopt, link.url,
          fmt::format("the guide links to {}, which no dataset fact holds", link.url),
          extract::block_window(guide.document, link));
  for (const auto& [e164, fact] : phones)
    if (!guide_phones.count(e164))
      add(fact->id, e164, std::nullopt,
          fmt::format("dataset fact {} ({}) is not in the guide", fact->id, fact->value), "");
  for (const auto& [address, fact] : emails)
    if (!guide_emails.count(address))
      add(fact->id, fact->value, std::nullopt,
          fmt::format("dataset fact {} ({}) is not in the guide", fact->id, fact->value), "");
  for (const config::Fact* fact : links)
    if (std::none_of(
            guide.facts.links.begin(), guide.facts.links.end(),
            [&](const extract::ExtractedLink& l) { return url::same_page(fact->value, l.url); }))
      add(fact->id, fact->value, std::nullopt,
          fmt::format("dataset fact {} ({}) is not in the guide", fact->id, fact->value), "");
  return findings;
}

}  // namespace freshcheck::guide
