#include "extract/extraction.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/name_table.hpp"
#include "extract/email.hpp"
#include "extract/evidence_window.hpp"
#include "extract/phone.hpp"
#include "extract/phrase.hpp"
#include "hours/parser.hpp"
#include "phone/phone_number.hpp"
#include "url/url.hpp"
#include "util/json_writer.hpp"
#include "util/text.hpp"

namespace freshcheck::extract {
namespace {

// Headings and DOM paths are copied into every item: a hostile page's 80 KB heading or
// 1,000-deep path must not be copied 8,000 times.
constexpr std::size_t k_max_heading_code_points = 300;
constexpr std::size_t k_max_location_code_points = 500;

Evidence evidence_for(const html::Document& document, std::size_t index) {
  const html::TextBlock& block = document.blocks[index];
  std::string heading;
  std::size_t joined = 0;
  for (const std::string& part : block.heading_path) joined += part.size() + 3;
  heading.reserve(std::min(joined, 4 * k_max_heading_code_points + 1));
  for (const std::string& part : block.heading_path) {
    if (!heading.empty()) heading += " > ";
    heading += part;
    if (heading.size() > 4 * k_max_heading_code_points) break;
  }
  // A text of no more bytes than the limit has no more code points: the heading built here
  // is moved as it is rather than copied by ellipsize.
  if (heading.size() > k_max_heading_code_points)
    heading = util::ellipsize(heading, k_max_heading_code_points);
  return Evidence{index, std::move(heading),
                  util::ellipsize(block.dom_path, k_max_location_code_points)};
}

constexpr core::NameTable<Origin, 4> k_origin_names = {{
    {Origin::text, "text"},
    {Origin::tel_link, "tel_link"},
    {Origin::mailto, "mailto"},
    {Origin::cloudflare, "cloudflare"},
}};

void extract_phones(const html::Document& document, std::size_t index, std::string_view region,
                    std::vector<ExtractedPhone>& out) {
  const html::TextBlock& block = document.blocks[index];
  std::set<std::string> seen;
  std::vector<PhoneMatch> matches;
  if (may_hold_phone_numbers(block.text))
    matches = find_phones(block.text, region, labelled_spans(document, index));
  for (PhoneMatch& match : matches) {
    if (!seen.insert(match.e164).second) continue;
    out.push_back({match.e164,
                   std::move(match.raw),
                   match.type,
                   Origin::text,
                   evidence_for(document, index),
                   match.offset,
                   {}});
  }
  for (const html::Link& link : block.links) {
    if (!url::has_scheme(link.url, "tel")) continue;
    auto parsed = phone::parse(link.url, region);
    if (!parsed || !seen.insert(parsed->e164).second) continue;
    out.push_back({parsed->e164,
                   link.url,
                   parsed->type,
                   Origin::tel_link,
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
                   cloudflare ? Origin::cloudflare : Origin::text, evidence_for(document, index)});
  }
  for (const html::Link& link : block.links) {
    for (const std::string& address : addresses_in_mailto(link.url)) {
      if (!seen.insert(util::ascii_lower(address)).second) continue;
      out.push_back({address, link.obfuscated ? link.text : link.url, link.obfuscated,
                     link.obfuscated ? Origin::cloudflare : Origin::mailto,
                     evidence_for(document, index)});
    }
  }
}

void extract_links(const html::Document& document, std::size_t index,
                   std::vector<ExtractedLink>& out) {
  const std::size_t first = out.size();
  for (const html::Link& link : document.blocks[index].links) {
    if (url::has_scheme(link.url, "mailto") || url::has_scheme(link.url, "tel")) continue;
    out.push_back({link.url, link.text, {}});
  }
  if (out.size() == first) return;
  // The same evidence for every link of the block: copied to all but the last, which takes it.
  Evidence evidence = evidence_for(document, index);
  for (std::size_t i = first; i + 1 < out.size(); ++i) out[i].evidence = evidence;
  out.back().evidence = std::move(evidence);
}

struct FoundHours {
  std::size_t block;
  std::size_t first_line;  // the lines of the block the statement spans
  std::size_t last_line;
  hours::HoursStatement statement;
  std::size_t last_block = block;  // past `block` when sibling blocks were joined to it
};

std::size_t line_of(std::string_view text, std::size_t offset) {
  if (offset == std::string::npos) return std::string::npos;
  return static_cast<std::size_t>(
      std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

// Where each line of `text` starts, and where the text ends.
std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts = {0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  starts.push_back(text.size() + 1);
  return starts;
}

// The statements of one block. Days and times may sit on different lines ("Segunda a
// sexta<br>9h-17h"), so the block is read whole, except that a line with a phone number
// starts a new part: each number's line keeps the hours written next to it.
void read_block_hours(const html::Document& document, std::size_t index,
                      const std::set<std::size_t>& phone_lines, std::vector<FoundHours>& found) {
  const std::string_view text = document.blocks[index].text;
  // Most blocks state no hours: asked of the whole block first, the question costs one pass,
  // and a block that may state some is then read part by part.
  if (!hours::may_state_hours(text)) return;
  const std::vector<std::size_t> starts = line_starts(text);
  std::size_t part_begin = 0;
  for (std::size_t line = 1; line < starts.size(); ++line) {
    const bool last = line + 1 == starts.size();
    if (!last && !phone_lines.count(line)) continue;
    const std::size_t part_end = std::min(starts[line] - 1, text.size());
    for (auto& statement : hours::parse_hours(text.substr(part_begin, part_end - part_begin))) {
      statement.begin += part_begin;
      statement.end += part_begin;
      const std::size_t first = line_of(text, statement.begin);
      const std::size_t last = line_of(text, statement.end);
      found.push_back({index, first, last, std::move(statement), index});
    }
    part_begin = std::min(starts[line], text.size());
  }
}

// The day of each column of a timetable's header row ("Serviço | Segunda | Terça | ..."),
// or nothing when fewer than two cells name days.
std::optional<std::vector<std::optional<hours::DaySet>>> day_columns(const html::TextBlock& row) {
  if (row.kind != html::BlockKind::table_row) return std::nullopt;
  std::vector<std::optional<hours::DaySet>> columns;
  std::size_t days = 0;
  const std::vector<std::string_view> cells = util::split(row.text, '|');
  for (std::size_t i = 0; i < cells.size(); ++i) {
    columns.push_back(hours::parse_days(cells[i]));
    if (columns.back()) ++days;
    if (days + (cells.size() - i - 1) < 2) return std::nullopt;  // too few cells left
  }
  if (days < 2) return std::nullopt;
  return columns;
}

// The table a row belongs to: its DOM path without the row and the row group.
std::string table_path(const std::string& row_path) {
  std::string path = row_path.substr(0, std::min(row_path.rfind('>'), row_path.size()));
  const auto last = path.rfind('>');
  const std::string group = path.substr(last == std::string::npos ? 0 : last + 1);
  if (group.starts_with("tbody") || group.starts_with("thead") || group.starts_with("tfoot"))
    path.resize(last == std::string::npos ? 0 : last);
  return path;
}

// One row of a timetable with a column per weekday: one schedule for the row, each cell's
// hours on its column's days ("Atendimento geral | 9h-17h | 9h-17h | ... | Encerrado").
std::optional<hours::HoursStatement> read_timetable_row(
    std::string_view text, const std::vector<std::optional<hours::DaySet>>& columns) {
  const std::vector<std::string_view> cells = util::split(text, '|');
  // The block model leaves empty cells out: a header whose corner cell is empty has one
  // cell fewer than its rows, and then the rows' cells line up from the right.
  const std::size_t shift = !columns.empty() && columns[0] && cells.size() > columns.size()
                                ? cells.size() - columns.size()
                                : 0;
  hours::Schedule schedule;
  for (std::size_t column = 0; column < std::min(cells.size() - shift, columns.size()); ++column) {
    if (!columns[column]) continue;
    for (const auto& statement : hours::parse_hours(cells[column + shift]))
      for (int day = 0; day < hours::k_days_per_week; ++day)
        if ((*columns[column])[day])
          schedule.add(hours::only_day(day), statement.schedule.ranges_on(day));
  }
  if (schedule.empty()) return std::nullopt;
  return hours::HoursStatement{schedule, std::string(text), 0, text.size(), false};
}

std::string parent_path(const std::string& path) {
  return path.substr(0, std::min(path.rfind('>'), path.size()));
}

bool open_on_any_common_day(const hours::Schedule& a, const hours::Schedule& b) {
  for (int day = 0; day < hours::k_days_per_week; ++day)
    if (!a.ranges_on(day).empty() && !b.ranges_on(day).empty()) return true;
  return false;
}

// Rows, list items or paragraphs side by side that each give one day group's hours and
// nothing else ("Segunda a sexta | 8h30-19h30", then "Sábado | 9h30-15h") are one schedule,
// as a reader takes them; a sibling that only closes on holidays belongs to it too.
class DayRowJoiner {
 public:
  DayRowJoiner(const html::Document& document, const std::vector<bool>& block_has_phones)
      : m_document(document), m_block_has_phones(block_has_phones) {}

  std::vector<FoundHours> join(std::vector<FoundHours> found) const {
    std::map<std::size_t, int> per_block;
    for (const FoundHours& item : found) ++per_block[item.block];
    std::vector<FoundHours> out;
    for (FoundHours& item : found) {
      const bool alone = per_block[item.block] == 1;
      if (!out.empty() && alone && can_join(out.back(), item)) {
        append(out.back(), item);
        continue;
      }
      out.push_back(std::move(item));
    }
    for (FoundHours& item : out) take_holiday_closure(item);
    return out;
  }

 private:
  bool joinable(std::size_t block) const {
    const html::TextBlock& b = m_document.blocks[block];
    return !m_block_has_phones[block] &&
           (b.kind == html::BlockKind::table_row || b.kind == html::BlockKind::list_item ||
            b.kind == html::BlockKind::paragraph);
  }

  bool siblings(std::size_t a, std::size_t b) const {
    const auto& blocks = m_document.blocks;
    return b == a + 1 && b < blocks.size() && blocks[a].kind == blocks[b].kind &&
           parent_path(blocks[a].dom_path) == parent_path(blocks[b].dom_path);
  }

  bool can_join(const FoundHours& previous, const FoundHours& item) const {
    return item.statement.starts_with_days && previous.statement.starts_with_days &&
           joinable(item.block) && joinable(previous.last_block) &&
           siblings(previous.last_block, item.block) &&
           !open_on_any_common_day(previous.statement.schedule, item.statement.schedule);
  }

  static void append(FoundHours& previous, const FoundHours& item) {
    for (int day = 0; day < hours::k_days_per_week; ++day)
      previous.statement.schedule.add(hours::only_day(day), item.statement.schedule.ranges_on(day));
    if (item.statement.schedule.holidays_off()) previous.statement.schedule.set_holidays_off(true);
    previous.statement.raw += "; " + item.statement.raw;
    previous.last_block = item.block;
  }

  void take_holiday_closure(FoundHours& item) const {
    const std::size_t next = item.last_block + 1;
    if (!item.statement.starts_with_days || !joinable(item.last_block) ||
        !siblings(item.last_block, next) || !joinable(next) ||
        !hours::says_closed_on_holidays(m_document.blocks[next].text))
      return;
    item.statement.schedule.set_holidays_off(true);
    item.statement.raw += "; " + m_document.blocks[next].text;
    item.last_block = next;
  }

  const html::Document& m_document;
  const std::vector<bool>& m_block_has_phones;
};

// A schedule that names no days (the same hours every day) put on the days a term names:
// "<dt>Segunda a sexta-feira</dt><dd>9h00 - 17h00</dd>".
hours::Schedule on_days(const hours::Schedule& schedule, const hours::DaySet& days) {
  for (int day = 1; day < hours::k_days_per_week; ++day)
    if (schedule.ranges_on(day) != schedule.ranges_on(0)) return schedule;
  hours::Schedule out;
  out.add(days, schedule.ranges_on(0));
  out.set_holidays_off(schedule.holidays_off());
  return out;
}

std::vector<FoundHours> find_hours(const html::Document& document,
                                   const std::vector<ExtractedPhone>& phones,
                                   const std::vector<bool>& block_has_phones) {
  std::vector<std::set<std::size_t>> phone_lines(document.blocks.size());
  for (const ExtractedPhone& phone : phones)
    if (phone.offset != std::string::npos)
      phone_lines[phone.evidence.block_index].insert(
          line_of(document.blocks[phone.evidence.block_index].text, phone.offset));
  std::vector<FoundHours> found;
  std::optional<std::vector<std::optional<hours::DaySet>>> header;
  std::string header_table;
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    const html::TextBlock& block = document.blocks[i];
    if (auto columns = day_columns(block)) {
      header = std::move(columns);
      header_table = table_path(block.dom_path);
      continue;
    }
    if (header && block.kind == html::BlockKind::table_row &&
        table_path(block.dom_path) == header_table) {
      if (auto statement = read_timetable_row(block.text, *header))
        found.push_back({i, 0, line_of(block.text, block.text.size()), std::move(*statement), i});
      continue;
    }
    const std::size_t before = found.size();
    read_block_hours(document, i, phone_lines[i], found);
    if (i > 0 && block.kind == html::BlockKind::definition &&
        document.blocks[i - 1].kind == html::BlockKind::term)
      if (const auto days = hours::parse_days(document.blocks[i - 1].text))
        for (std::size_t k = before; k < found.size(); ++k)
          found[k].statement.schedule = on_days(found[k].statement.schedule, *days);
  }
  return DayRowJoiner(document, block_has_phones).join(std::move(found));
}

bool is_prefix(const html::HeadingPath& prefix, const html::HeadingPath& path) {
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
    if (found[i].first_line <= line && line <= found[i].last_line) return i;
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
  std::vector<bool> block_has_phones(document.blocks.size(), false);
  for (const ExtractedPhone& phone : extraction.phones)
    block_has_phones[phone.evidence.block_index] = true;

  const std::vector<FoundHours> found = find_hours(document, extraction.phones, block_has_phones);
  for (const FoundHours& item : found)
    extraction.hours.push_back({item.statement.schedule,
                                item.statement.raw,
                                evidence_for(document, item.block),
                                {},
                                std::nullopt});

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
        extraction.hours.push_back({source.schedule,
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
    phone.hours = extraction.hours[*statement].schedule;
    previous_statement = statement;
  }
  std::stable_sort(extraction.hours.begin(), extraction.hours.end(),
                   [](const ExtractedHours& a, const ExtractedHours& b) {
                     return a.evidence.block_index < b.evidence.block_index;
                   });
}

}  // namespace

const std::string& block_text(const html::Document& document, const Evidence& evidence) {
  return document.blocks.at(evidence.block_index).text;
}

std::string block_window(const html::Document& document, const ExtractedPhone& phone) {
  const std::string& text = block_text(document, phone.evidence);
  if (phone.offset != std::string::npos)
    return evidence_window(text, phone.offset, phone.raw.size());
  return evidence_window_around(text, phone.raw);
}

std::string block_window(const html::Document& document, const ExtractedHours& hours) {
  return evidence_window_around(block_text(document, hours.evidence), hours.raw);
}

std::string block_window(const html::Document& document, const ExtractedEmail& email) {
  const std::string& text = block_text(document, email.evidence);
  return evidence_window_around(
      text, text.find(email.raw) != std::string::npos ? email.raw : email.address);
}

std::string block_window(const html::Document& document, const ExtractedLink& link) {
  return evidence_window_around(block_text(document, link.evidence), link.text);
}

std::string block_window(const html::Document& document, const Evidence& evidence) {
  return evidence_window(block_text(document, evidence), 0, 0);
}

Extraction extract_all(const html::Document& document, const ExtractOptions& options) {
  Extraction extraction;
  std::size_t links = 0;  // an upper bound: mailto: and tel: links are not kept
  for (const html::TextBlock& block : document.blocks) links += block.links.size();
  extraction.links.reserve(links);
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

std::string_view to_string(Origin origin) {
  return core::name_in(k_origin_names, origin);
}

namespace {

// The JSON of an item's evidence, kept while items of the same block follow one another:
// a block's links repeat its text, heading and location, most of the bytes of `extract
// --json`. block() comes first in every item, and refreshes what heading() and location()
// write.
class EvidenceJson {
 public:
  template <class Item>
  void block(util::JsonWriter& json, const html::Document& document, const Evidence& evidence,
             const Item& item) {
    if (evidence.block_index != m_block_index || evidence.heading != m_heading ||
        evidence.location != m_location)
      refresh(document, evidence);
    // A block longer than the window shows the part around each item: nothing to keep.
    if (m_block_json.empty())
      json.member("block", block_window(document, item));
    else
      json.key("block").raw_value(m_block_json);
    json.member("block_index", evidence.block_index);
  }
  void heading(util::JsonWriter& json) const { json.key("heading").raw_value(m_heading_json); }
  void location(util::JsonWriter& json) const { json.key("location").raw_value(m_location_json); }

 private:
  // Only what changed is escaped again: blocks one after another often share their heading.
  // The strings are written over, not replaced: their memory serves the whole list.
  void refresh(const html::Document& document, const Evidence& evidence) {
    if (evidence.heading != m_heading) {
      m_heading = evidence.heading;
      quote(m_heading_json, evidence.heading);
    }
    if (evidence.location != m_location) {
      m_location = evidence.location;
      quote(m_location_json, evidence.location);
    }
    if (evidence.block_index != m_block_index) {
      m_block_index = evidence.block_index;
      const std::string& text = block_text(document, evidence);
      m_block_json.clear();
      if (text.size() <= k_evidence_window_bytes) quote(m_block_json, text);
    }
  }

  static void quote(std::string& json, std::string_view text) {
    json.clear();
    util::JsonWriter(json).value(text);
  }

  std::size_t m_block_index = std::string::npos;
  std::string m_heading, m_location;  // as given, to tell a change
  std::string m_block_json;
  std::string m_heading_json = "\"\"";  // the JSON of m_heading and m_location, empty at first
  std::string m_location_json = "\"\"";
};

void write_strings(util::JsonWriter& json, util::JsonName name,
                   const std::vector<std::string>& values) {
  json.key(name).begin_array();
  for (const std::string& value : values) json.value(value);
  json.end_array();
}

// The members of each item of the form, in name order, as nlohmann's trees (and this form
// before them) wrote them; the evidence's four members fall among the item's own.
void write_members(util::JsonWriter& json, const html::Document& document,
                   const ExtractedEmail& email, EvidenceJson& evidence) {
  json.member("address", email.address);
  evidence.block(json, document, email.evidence, email);
  json.member("from", to_string(email.from));
  evidence.heading(json);
  evidence.location(json);
  json.member("obfuscated", email.obfuscated).member("raw", email.raw);
}

void write_members(util::JsonWriter& json, const html::Document& document,
                   const ExtractedHours& statement, EvidenceJson& evidence) {
  evidence.block(json, document, statement.evidence, statement);
  evidence.heading(json);
  if (statement.inherited_from) json.member("inherited_from", *statement.inherited_from);
  evidence.location(json);
  json.member("osm", statement.osm());
  write_strings(json, "phones", statement.phones);
  json.member("raw", statement.raw);
}

void write_members(util::JsonWriter& json, const html::Document& document,
                   const ExtractedLink& link, EvidenceJson& evidence) {
  evidence.block(json, document, link.evidence, link);
  evidence.heading(json);
  evidence.location(json);
  json.member("text", link.text).member("url", link.url);
}

void write_members(util::JsonWriter& json, const html::Document& document,
                   const ExtractedPhone& phone, EvidenceJson& evidence) {
  evidence.block(json, document, phone.evidence, phone);
  json.member("e164", phone.e164).member("from", to_string(phone.from));
  evidence.heading(json);
  json.key("hours");
  if (phone.hours)
    json.value(phone.hours->to_osm());
  else
    json.null();
  evidence.location(json);
  json.member("raw", phone.raw).member("type", phone.type);
}

void write_members(util::JsonWriter& json, const html::Document& document,
                   const ExtractedPhrase& phrase, EvidenceJson& evidence) {
  if (phrase.evidence) evidence.block(json, document, *phrase.evidence, *phrase.evidence);
  json.member("found", phrase.found);
  if (phrase.evidence) {
    evidence.heading(json);
    evidence.location(json);
  }
  json.member("text", phrase.text);
}

template <class Item>
void write_items(util::JsonWriter& json, util::JsonName name, const std::vector<Item>& items,
                 const html::Document& document) {
  json.key(name).begin_array();
  EvidenceJson evidence;
  for (const Item& item : items) {
    json.begin_object();
    write_members(json, document, item, evidence);
    json.end_object();
  }
  json.end_array();
}

}  // namespace

void write_json(const Extraction& extraction, const html::Document& document, std::string& out,
                const JsonForm& form) {
  util::JsonWriter json(out, form.indent);
  json.begin_object();
  json.key("document")
      .begin_object()
      .member("blocks", document.blocks.size())
      .member("charset", document.charset)
      .member("title", document.title)
      .member("truncated", document.truncated)
      .member("url", document.url);
  write_strings(json, "warnings", document.warnings);
  json.end_object();
  write_items(json, "emails", extraction.emails, document);
  write_items(json, "hours", extraction.hours, document);
  if (form.input) json.member("input", *form.input);
  write_items(json, "links", extraction.links, document);
  write_items(json, "phones", extraction.phones, document);
  write_items(json, "phrases", extraction.phrases, document);
  json.end_object();
}

nlohmann::json to_json(const Extraction& extraction, const html::Document& document) {
  std::string out;
  write_json(extraction, document, out, {});
  return nlohmann::json::parse(out);
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
    out += fmt::format("  {:<36} \"{}\"{}\n", statement.osm(), util::ellipsize(statement.raw, 50),
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
