#include "extract/extraction.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "extract/email.hpp"
#include "extract/phone.hpp"
#include "extract/phrase.hpp"
#include "hours/parser.hpp"
#include "phone/phone_number.hpp"
#include "url/url.hpp"
#include "util/text.hpp"

namespace freshcheck::extract {
namespace {

Evidence evidence_for(const html::Document& document, std::size_t index) {
  const html::TextBlock& block = document.blocks[index];
  std::string heading;
  for (const std::string& part : block.heading_path) {
    if (!heading.empty()) heading += " > ";
    heading += part;
  }
  return Evidence{index, block.text, heading, block.dom_path};
}

void extract_phones(const html::Document& document, std::size_t index, std::string_view region,
                    std::vector<ExtractedPhone>& out) {
  const html::TextBlock& block = document.blocks[index];
  std::set<std::string> seen;
  for (PhoneMatch& match : find_phones(block.text, region, labelled_spans(document, index))) {
    if (!seen.insert(match.e164).second) continue;
    out.push_back({match.e164,
                   std::move(match.raw),
                   match.type,
                   "text",
                   evidence_for(document, index),
                   match.offset,
                   {}});
  }
  for (const html::Link& link : block.links) {
    if (url::scheme_of(link.url) != "tel") continue;
    auto parsed = phone::parse(link.url, region);
    if (!parsed || !seen.insert(parsed->e164).second) continue;
    out.push_back({parsed->e164,
                   link.url,
                   parsed->type,
                   "tel_link",
                   evidence_for(document, index),
                   std::string::npos,
                   {}});
  }
}

void extract_emails(const html::Document& document, std::size_t index,
                    std::vector<ExtractedEmail>& out) {
  const html::TextBlock& block = document.blocks[index];
  std::set<std::string> seen;
  std::set<std::string> protected_addresses;
  for (const std::string& address : block.protected_emails)
    protected_addresses.insert(normalise_address(address));
  for (EmailMatch& match : find_emails(block.text)) {
    if (!seen.insert(util::ascii_lower(match.address)).second) continue;
    const bool cloudflare = protected_addresses.count(match.address) > 0;
    out.push_back({match.address, std::move(match.raw), match.obfuscated || cloudflare,
                   cloudflare ? "cloudflare" : "text", evidence_for(document, index)});
  }
  for (const html::Link& link : block.links) {
    for (const std::string& address : addresses_in_mailto(link.url)) {
      if (!seen.insert(util::ascii_lower(address)).second) continue;
      out.push_back({address, link.obfuscated ? link.text : link.url, link.obfuscated,
                     link.obfuscated ? "cloudflare" : "mailto", evidence_for(document, index)});
    }
  }
}

void extract_links(const html::Document& document, std::size_t index,
                   std::vector<ExtractedLink>& out) {
  for (const html::Link& link : document.blocks[index].links) {
    const std::string scheme = url::scheme_of(link.url);
    if (scheme == "mailto" || scheme == "tel") continue;
    out.push_back({link.url, link.text, evidence_for(document, index)});
  }
}

struct FoundHours {
  std::size_t block;
  std::size_t line;
  hours::HoursStatement statement;
};

std::size_t line_of(std::string_view text, std::size_t offset) {
  if (offset == std::string::npos) return std::string::npos;
  return static_cast<std::size_t>(
      std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

std::vector<FoundHours> find_hours(const html::Document& document) {
  std::vector<FoundHours> found;
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    const std::string_view text = document.blocks[i].text;
    std::size_t line = 0;
    for (std::size_t start = 0; start <= text.size(); ++line) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (auto statement = hours::parse_hours(text.substr(start, end - start)))
        found.push_back({i, line, std::move(*statement)});
      start = end + 1;
    }
  }
  return found;
}

bool is_prefix(const std::vector<std::string>& prefix, const std::vector<std::string>& path) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

// Which statement applies to a phone, most specific first: one on the same line, one in the
// same block (table row, list item, paragraph), then a statement with no phones of its own
// in the same heading section (the nearest before the phone, else the nearest after).
std::optional<std::size_t> hours_for_phone(const html::Document& document,
                                           const std::vector<FoundHours>& found,
                                           const std::vector<bool>& block_has_phones,
                                           const ExtractedPhone& phone) {
  const std::size_t block = phone.evidence.block_index;
  const std::size_t line = line_of(document.blocks[block].text, phone.offset);
  std::optional<std::size_t> same_block;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].block != block) continue;
    if (found[i].line == line) return i;
    if (!same_block) same_block = i;
  }
  if (same_block) return same_block;

  std::optional<std::size_t> before, after;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (block_has_phones[found[i].block]) continue;
    if (!is_prefix(document.blocks[found[i].block].heading_path,
                   document.blocks[block].heading_path))
      continue;
    if (found[i].block < block)
      before = i;
    else if (!after)
      after = i;
  }
  return before ? before : after;
}

void associate_hours(const html::Document& document, Extraction& extraction) {
  const std::vector<FoundHours> found = find_hours(document);
  for (const FoundHours& item : found)
    extraction.hours.push_back({item.statement.schedule.to_osm(),
                                item.statement.raw,
                                evidence_for(document, item.block),
                                {},
                                std::nullopt});

  std::vector<bool> block_has_phones(document.blocks.size(), false);
  for (const ExtractedPhone& phone : extraction.phones)
    block_has_phones[phone.evidence.block_index] = true;

  std::optional<std::size_t> previous_statement;  // of the last phone that had hours
  for (ExtractedPhone& phone : extraction.phones) {
    const std::size_t block = phone.evidence.block_index;
    std::optional<std::size_t> statement;
    bool inherited = false;
    const bool has_own = std::any_of(found.begin(), found.end(),
                                     [&](const FoundHours& f) { return f.block == block; });
    if (!has_own && previous_statement && hours::says_same_hours(document.blocks[block].text)) {
      statement = previous_statement;
      inherited = true;
    } else {
      statement = hours_for_phone(document, found, block_has_phones, phone);
    }
    if (!statement) continue;
    if (inherited) {
      // One entry per "same hours" block, pointing at the statement it repeats.
      auto entry = std::find_if(extraction.hours.begin(), extraction.hours.end(),
                                [&](const ExtractedHours& h) {
                                  return h.inherited_from && h.evidence.block_index == block;
                                });
      if (entry == extraction.hours.end()) {
        const ExtractedHours& source = extraction.hours[*statement];
        extraction.hours.push_back({source.osm,
                                    document.blocks[block].text,
                                    evidence_for(document, block),
                                    {},
                                    source.evidence.block_index});
        entry = extraction.hours.end() - 1;
      }
      entry->phones.push_back(phone.e164);
    } else {
      extraction.hours[*statement].phones.push_back(phone.e164);
    }
    phone.hours = extraction.hours[*statement].osm;
    previous_statement = statement;
  }
  std::stable_sort(extraction.hours.begin(), extraction.hours.end(),
                   [](const ExtractedHours& a, const ExtractedHours& b) {
                     return a.evidence.block_index < b.evidence.block_index;
                   });
}

nlohmann::json evidence_json(const Evidence& evidence) {
  return {{"block", evidence.block},
          {"block_index", evidence.block_index},
          {"heading", evidence.heading},
          {"location", evidence.location}};
}

}  // namespace

Extraction extract_all(const html::Document& document, const ExtractOptions& options) {
  Extraction extraction;
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    extract_phones(document, i, options.region, extraction.phones);
    extract_emails(document, i, extraction.emails);
    extract_links(document, i, extraction.links);
  }
  associate_hours(document, extraction);
  if (!options.phrases.empty()) {
    std::vector<std::string> folded;
    folded.reserve(document.blocks.size());
    for (const html::TextBlock& block : document.blocks)
      folded.push_back(util::fold_for_search(block.text));
    for (const std::string& phrase : options.phrases) {
      ExtractedPhrase result{phrase, false, std::nullopt};
      if (const auto index = find_phrase(phrase, folded)) {
        result.found = true;
        result.evidence = evidence_for(document, *index);
      }
      extraction.phrases.push_back(std::move(result));
    }
  }
  return extraction;
}

nlohmann::json to_json(const Extraction& extraction, const html::Document& document) {
  nlohmann::json phones = nlohmann::json::array();
  for (const ExtractedPhone& phone : extraction.phones) {
    nlohmann::json item = {
        {"e164", phone.e164},
        {"raw", phone.raw},
        {"type", phone.type},
        {"from", phone.from},
        {"hours", phone.hours.empty() ? nlohmann::json() : nlohmann::json(phone.hours)}};
    item.update(evidence_json(phone.evidence));
    phones.push_back(std::move(item));
  }
  nlohmann::json hours = nlohmann::json::array();
  for (const ExtractedHours& statement : extraction.hours) {
    nlohmann::json item = {
        {"osm", statement.osm}, {"raw", statement.raw}, {"phones", statement.phones}};
    item.update(evidence_json(statement.evidence));
    if (statement.inherited_from) item["inherited_from"] = *statement.inherited_from;
    hours.push_back(std::move(item));
  }
  nlohmann::json emails = nlohmann::json::array();
  for (const ExtractedEmail& email : extraction.emails) {
    nlohmann::json item = {{"address", email.address},
                           {"raw", email.raw},
                           {"obfuscated", email.obfuscated},
                           {"from", email.from}};
    item.update(evidence_json(email.evidence));
    emails.push_back(std::move(item));
  }
  nlohmann::json links = nlohmann::json::array();
  for (const ExtractedLink& link : extraction.links) {
    nlohmann::json item = {{"url", link.url}, {"text", link.text}};
    item.update(evidence_json(link.evidence));
    links.push_back(std::move(item));
  }
  nlohmann::json phrases = nlohmann::json::array();
  for (const ExtractedPhrase& phrase : extraction.phrases) {
    nlohmann::json item = {{"text", phrase.text}, {"found", phrase.found}};
    if (phrase.evidence) item.update(evidence_json(*phrase.evidence));
    phrases.push_back(std::move(item));
  }
  return {{"phones", phones},
          {"hours", hours},
          {"emails", emails},
          {"links", links},
          {"phrases", phrases},
          {"document",
           {{"url", document.url},
            {"title", document.title},
            {"charset", document.charset},
            {"blocks", document.blocks.size()},
            {"truncated", document.truncated},
            {"warnings", document.warnings}}}};
}

std::string to_text(const Extraction& extraction, const html::Document& document) {
  std::string out;
  const auto where = [](const Evidence& evidence) {
    return evidence.heading.empty() ? std::string() : fmt::format("  [{}]", evidence.heading);
  };
  out += fmt::format("{} ({} blocks, {})\n", document.title.empty() ? document.url : document.title,
                     document.blocks.size(), document.charset);
  for (const std::string& warning : document.warnings) out += fmt::format("warning: {}\n", warning);
  out += fmt::format("\nPhones ({})\n", extraction.phones.size());
  for (const ExtractedPhone& phone : extraction.phones)
    out += fmt::format("  {:<16} {:<20} \"{}\"{}\n", phone.e164, phone.type, phone.raw,
                       where(phone.evidence));
  out += fmt::format("\nOpening hours ({})\n", extraction.hours.size());
  for (const ExtractedHours& statement : extraction.hours)
    out += fmt::format("  {:<36} \"{}\"{}\n", statement.osm, util::ellipsize(statement.raw, 50),
                       statement.phones.empty()
                           ? std::string()
                           : fmt::format("  for {}", fmt::join(statement.phones, ", ")));
  out += fmt::format("\nE-mails ({})\n", extraction.emails.size());
  for (const ExtractedEmail& email : extraction.emails)
    out += fmt::format("  {:<36} {}{}\n", email.address, email.obfuscated ? "(obfuscated)" : "",
                       where(email.evidence));
  out += fmt::format("\nLinks ({})\n", extraction.links.size());
  for (const ExtractedLink& link : extraction.links)
    out += fmt::format("  {}  \"{}\"\n", link.url, util::ellipsize(link.text, 60));
  if (!extraction.phrases.empty()) {
    out += fmt::format("\nPhrases ({})\n", extraction.phrases.size());
    for (const ExtractedPhrase& phrase : extraction.phrases)
      out += fmt::format("  {} \"{}\"\n", phrase.found ? "found    " : "NOT FOUND", phrase.text);
  }
  return out;
}

}  // namespace freshcheck::extract
