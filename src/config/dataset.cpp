#include "config/dataset.hpp"

#include <fmt/format.h>

#include "config/json_reader.hpp"
#include "config/value_checks.hpp"
#include "hours/schedule.hpp"

namespace freshcheck::config {

using json = nlohmann::json;
using pointer = json::json_pointer;

const char* to_string(FactKind kind) {
  return core::name_in(k_fact_kinds, kind).data();  // the table's names are literals
}

std::optional<FactKind> fact_kind_from_string(std::string_view text) {
  return core::value_in(k_fact_kinds, text);
}

const std::vector<std::string>& fact_kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [kind, name] : k_fact_kinds) out.emplace_back(name);
    return out;
  }();
  return names;
}

namespace {

const std::vector<std::string> k_dataset_keys = {"guide", "facts"};
const std::vector<std::string> k_guide_keys = {"id", "title", "checked", "url", "file", "links"};
const std::vector<std::string> k_guide_links_keys = {"scope", "exclude"};
const std::vector<std::string> k_fact_keys = {"id", "kind", "value", "hours", "verify_at", "note"};

GuideLinks read_guide_links(ObjectReader reader) {
  GuideLinks links;
  if (!reader.ok()) return links;
  links.check = true;
  links.scope = read_scope(reader, "guide links");
  links.exclude =
      read_patterns(reader, "exclude",
                    "guide links: exclude entries must be regular expressions (RE2 syntax)", false);
  return links;
}

Guide read_guide(ObjectReader reader) {
  Guide guide;
  if (!reader.ok()) return guide;
  guide.id = reader.string("id", true).value_or("");
  guide.title = reader.string("title", false).value_or("");
  guide.checked = reader.string("checked", false).value_or("");
  if (auto value = reader.string("url", false)) {
    guide.url = *value;
    check_http_url(reader, "url", *value, "guide", k_published_credentials_advice);
  }
  guide.file = reader.string("file", false).value_or("");
  if (reader.has("links"))
    guide.links =
        read_guide_links(reader.nested(reader.at() / "links", "guide links", k_guide_links_keys));
  return guide;
}

// The fact's kind, or nothing (after an error with the closest kind) when it names none.
std::optional<FactKind> read_fact_kind(ObjectReader& reader, const std::string& what) {
  const auto text = reader.string("kind", true);
  if (!text) return std::nullopt;
  const auto kind = fact_kind_from_string(*text);
  if (!kind)
    reader.error(reader.at() / "kind",
                 unknown_name_message(fmt::format("{}: unknown kind \"{}\"", what, *text), *text,
                                      fact_kind_names(), "kinds"));
  return kind;
}

// Reads a phone fact's hours into its schedule, or says why they do not read.
void read_fact_hours(ObjectReader& reader, Fact& fact, const std::string& what) {
  if (fact.hours.empty()) return;
  if (fact.kind != FactKind::phone)
    reader.error(reader.at() / "hours",
                 fmt::format("{}: \"hours\" belongs on phone facts only", what));
  auto schedule = hours::parse_osm(fact.hours);
  if (schedule)
    fact.schedule = std::move(*schedule);
  else
    reader.error(reader.at() / "hours",
                 fmt::format("{}: hours \"{}\" are not OpenStreetMap opening_hours: {}; "
                             "write them like \"Mo-Fr 08:00-20:00; PH off\"",
                             what, fact.hours, schedule.error().message));
}

// A link must be a plain http(s) URL, an e-mail must look like an address.
void check_fact_value(ObjectReader& reader, const Fact& fact, const std::string& what) {
  if (fact.value.empty()) return;
  if (fact.kind == FactKind::link)
    check_http_url(reader, "value", fact.value, what, k_published_credentials_advice);
  if (fact.kind != FactKind::email) return;
  const auto at_sign = fact.value.find('@');
  const bool plausible = at_sign != std::string::npos && at_sign > 0 &&
                         fact.value.find('.', at_sign) != std::string::npos &&
                         fact.value.find_first_of(" \t<>") == std::string::npos;
  if (!plausible)
    reader.error(reader.at() / "value",
                 fmt::format("{}: \"{}\" is not an e-mail address", what, fact.value));
}

std::vector<std::string> read_verify_at(ObjectReader& reader, const std::string& what) {
  std::vector<std::string> ids;
  reader.each_entry("verify_at", [&](const json& id, const pointer& at) {
    if (id.is_string())
      ids.push_back(id.get<std::string>());
    else
      reader.error(at, fmt::format("{}: verify_at entries must be source ids (strings), got {}",
                                   what, type_name(id)));
  });
  return ids;
}

// A fact of unknown kind is reported and left out: checking it as some other kind would
// only add misleading errors.
std::optional<Fact> read_fact(ObjectReader& reader, const std::string& file) {
  Fact fact;
  fact.id = reader.string("id", true).value_or("");
  fact.file = file;
  fact.where = reader.document().value_at(reader.at() / "id");
  const std::string what = fmt::format("fact \"{}\"", fact.id);
  check_plain_id(reader, fact.id, what);
  const auto kind = read_fact_kind(reader, what);
  if (kind) fact.kind = *kind;
  fact.value = reader.string("value", true).value_or("");
  fact.hours = reader.string("hours", false).value_or("");
  fact.note = reader.string("note", false).value_or("");
  read_fact_hours(reader, fact, what);
  if (kind) check_fact_value(reader, fact, what);
  fact.verify_at = read_verify_at(reader, what);
  if (!kind) return std::nullopt;
  return fact;
}

}  // namespace

std::optional<Dataset> read_dataset_text(const std::string& file, std::string_view text,
                                         std::vector<Diagnostic>& diagnostics) {
  const auto document = parse_document(file, text, diagnostics);
  if (!document) return std::nullopt;
  ObjectReader root(*document, pointer(), "dataset file", k_dataset_keys, diagnostics);
  if (!root.ok()) return std::nullopt;
  Dataset dataset;
  dataset.file = file;
  if (root.has("guide"))
    dataset.guide = read_guide(root.nested(pointer("/guide"), "guide", k_guide_keys));
  else
    root.error(pointer(), "dataset file is missing the required key \"guide\"");
  const json* facts = root.array("facts", true);
  for (std::size_t i = 0; facts && i < facts->size(); ++i) {
    ObjectReader reader = root.nested(pointer("/facts") / i, "fact", k_fact_keys);
    if (!reader.ok()) continue;
    if (auto fact = read_fact(reader, file)) dataset.facts.push_back(std::move(*fact));
  }
  return dataset;
}

}  // namespace freshcheck::config
