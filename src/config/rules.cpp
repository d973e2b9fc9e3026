#include "config/rules.hpp"

#include <fmt/format.h>

#include "config/json_reader.hpp"
#include "config/value_checks.hpp"
#include "phone/phone_number.hpp"
#include "util/text.hpp"

namespace freshcheck::config {

using json = nlohmann::json;
using pointer = json::json_pointer;

namespace {

const std::vector<std::string> k_rules_keys = {"site",         "region", "allow_private",
                                               "confirm_runs", "fetch",  "sources"};
const std::vector<std::string> k_fetch_keys = {"max_per_host", "delay_ms",       "timeout_seconds",
                                               "retries",      "max_body_bytes", "user_agent"};
const std::vector<std::string> k_source_keys = {"id",
                                                "url",
                                                "scope",
                                                "region",
                                                "allow_private",
                                                "robots",
                                                "verify_tls",
                                                "headers",
                                                "accept_status",
                                                "noise",
                                                "note",
                                                "render",
                                                "render_timeout_seconds"};

// A source's id names its snapshot file ("<id>.json", with ".<id>.json.tmp-<pid>" and
// "<id>.json.corrupt-<n>" beside it), so it must make a file name on every system: short
// enough for the longest of those within 255 bytes, and not hidden or "." / "..", which
// also keeps it apart from the temporary files and the lock that a run cleans up or holds.
constexpr std::size_t k_max_source_id_length = 100;

std::optional<std::string> source_id_problem(std::string_view id) {
  if (id.size() > k_max_source_id_length)
    return fmt::format(
        "an id names the source's snapshot file, so it may be at most {} "
        "characters long; this one has {}",
        k_max_source_id_length, id.size());
  if (id.front() == '.')
    return std::string(
        "an id names the source's snapshot file, so it may not start with '.' "
        "(\".\", \"..\" and hidden files)");
  return std::nullopt;
}

// What the rules file sets for all of its sources.
struct RulesDefaults {
  std::string site;
  std::string region;
  bool allow_private = false;
  int confirm_runs = 1;
  FetchSettings fetch;
};

std::optional<std::string> read_region(ObjectReader& reader, const std::string& what) {
  auto region = reader.string("region", false);
  if (region && !phone::is_supported_region(*region)) {
    reader.error(reader.at() / "region",
                 fmt::format("{}: region \"{}\" is not a region libphonenumber knows; use an "
                             "ISO 3166 code such as \"PT\"",
                             what, *region));
    return std::nullopt;
  }
  return region;
}

FetchSettings read_fetch_settings(ObjectReader reader) {
  const auto as_int = [](std::optional<long long> value) {
    return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
  };
  FetchSettings fetch;
  fetch.max_per_host = as_int(reader.integer("max_per_host", 1, 64));
  fetch.delay_ms = as_int(reader.integer("delay_ms", 0, 600'000));
  fetch.timeout_seconds = as_int(reader.integer("timeout_seconds", 1, 600));
  fetch.retries = as_int(reader.integer("retries", 0, 10));
  fetch.max_body_bytes = reader.integer("max_body_bytes", 1024, 1LL << 30);
  fetch.user_agent = reader.string("user_agent", false);
  return fetch;
}

RulesDefaults read_defaults(ObjectReader& rules) {
  RulesDefaults defaults;
  defaults.site = rules.string("site", true).value_or("");
  defaults.region = read_region(rules, "rules file").value_or(k_default_region);
  defaults.allow_private = rules.boolean("allow_private").value_or(false);
  defaults.confirm_runs = static_cast<int>(rules.integer("confirm_runs", 1, 30).value_or(1));
  if (rules.has("fetch"))
    defaults.fetch =
        read_fetch_settings(rules.nested(pointer("/fetch"), "fetch settings", k_fetch_keys));
  return defaults;
}

void read_source_id(ObjectReader& reader, Source& source) {
  source.id = reader.string("id", true).value_or("");
  source.where = reader.document().value_at(reader.at() / "id");
  if (!check_plain_id(reader, source.id, fmt::format("source \"{}\"", source.id))) return;
  if (const auto problem = source.id.empty() ? std::nullopt : source_id_problem(source.id))
    reader.error(reader.at() / "id",
                 fmt::format("source \"{}\": {}", util::ellipsize(source.id, 40), *problem));
}

// Where the page is and which part of it counts: "url" and "scope".
void read_source_page(ObjectReader& reader, Source& source, const std::string& what) {
  if (auto value = reader.string("url", true)) {
    source.url = *value;
    check_http_url(reader, "url", source.url, what, k_source_credentials_advice);
  }
  source.scope = read_scope(reader, what);
}

void read_source_render(ObjectReader& reader, Source& source, const std::string& what) {
  if (auto render = reader.string("render", false)) {
    source.render = *render;
    if (source.render != "chromium")
      reader.error(reader.at() / "render",
                   fmt::format("{}: render must be \"chromium\" (headless Chromium runs the "
                               "page's scripts); leave it out for a static page",
                               what));
  }
  source.render_timeout_seconds =
      static_cast<int>(reader.integer("render_timeout_seconds", 1, 300).value_or(20));
}

std::vector<long> read_accept_status(ObjectReader& reader, const std::string& what) {
  std::vector<long> codes;
  reader.each_entry("accept_status", [&](const json& code, const pointer& at) {
    if (code.is_number_integer() && code.get<long>() >= 100 && code.get<long>() <= 999)
      codes.push_back(code.get<long>());
    else
      reader.error(at, fmt::format("{}: accept_status entries must be HTTP status codes", what));
  });
  return codes;
}

// The keys are read in a fixed order, so that messages come in a stable one.
Source read_source(ObjectReader& reader, const RulesDefaults& defaults, const std::string& file) {
  Source source;
  source.site = defaults.site;
  source.file = file;
  read_source_id(reader, source);
  const std::string what = fmt::format("source \"{}\"", source.id);
  read_source_page(reader, source, what);
  source.region = read_region(reader, what).value_or(defaults.region);
  source.allow_private = reader.boolean("allow_private").value_or(defaults.allow_private);
  source.robots = reader.boolean("robots").value_or(true);
  source.verify_tls = reader.boolean("verify_tls").value_or(true);
  read_source_render(reader, source, what);
  source.headers = reader.string_map("headers");
  source.accept_status = read_accept_status(reader, what);
  source.noise = read_patterns(
      reader, "noise",
      fmt::format("{}: noise entries must be regular expressions (RE2 syntax)", what), true);
  source.confirm_runs = defaults.confirm_runs;
  source.fetch = defaults.fetch;
  reader.string("note", false);
  return source;
}

}  // namespace

void read_rules_text(const std::string& file, std::string_view text, std::vector<Source>& sources,
                     std::vector<Diagnostic>& diagnostics) {
  const auto document = parse_document(file, text, diagnostics);
  if (!document) return;
  ObjectReader rules(*document, pointer(), "rules file", k_rules_keys, diagnostics);
  if (!rules.ok()) return;
  const RulesDefaults defaults = read_defaults(rules);
  const json* entries = rules.array("sources", true);
  if (!entries) return;
  if (entries->empty())
    rules.error(pointer("/sources"), "\"sources\" is empty; add at least one source");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    ObjectReader reader = rules.nested(pointer("/sources") / i, "source", k_source_keys);
    if (reader.ok()) sources.push_back(read_source(reader, defaults, file));
  }
}

}  // namespace freshcheck::config
