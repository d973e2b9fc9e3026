#include "config/config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "hours/schedule.hpp"
#include "html/selector.hpp"
#include "phone/phone_number.hpp"
#include "url/url.hpp"
#include "util/file.hpp"
#include "util/regex.hpp"
#include "util/spelling.hpp"
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
const std::vector<std::string> k_dataset_keys = {"guide", "facts"};
const std::vector<std::string> k_guide_keys = {"id", "title", "checked", "url", "file", "links"};
const std::vector<std::string> k_guide_links_keys = {"scope", "exclude"};
const std::vector<std::string> k_fact_keys = {"id", "kind", "value", "hours", "verify_at", "note"};

const char* type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "true/false";
    case json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

// Ids appear in file names, fingerprints and URLs of reports: keep them plain.
bool is_plain_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

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

// Reads one JSON object against a list of known keys, reporting each problem with the
// position of the offending key or value.
class ObjectReader {
 public:
  ObjectReader(const LocatedJson& document, pointer at, std::string what,
               const std::vector<std::string>& known_keys, std::vector<Diagnostic>& diagnostics)
      : m_document(document),
        m_at(std::move(at)),
        m_what(std::move(what)),
        m_diagnostics(diagnostics) {
    const json& value = m_document.value()[m_at];
    if (!value.is_object()) {
      error(m_at, fmt::format("{} must be an object, got {}", m_what, type_name(value)));
      return;
    }
    m_object = &value;
    for (const auto& [key, member] : value.items()) {
      if (std::find(known_keys.begin(), known_keys.end(), key) != known_keys.end()) continue;
      std::string message = fmt::format("unknown key \"{}\" in {}", key, m_what);
      if (const auto suggestion = util::closest_match(key, known_keys))
        message += fmt::format("; did you mean \"{}\"?", *suggestion);
      message += fmt::format(" (known keys: {})", fmt::join(known_keys, ", "));
      m_diagnostics.push_back(m_document.error_at_key(m_at / key, std::move(message)));
    }
  }

  bool ok() const { return m_object != nullptr; }
  const pointer& at() const { return m_at; }

  std::optional<std::string> string(const std::string& key, bool required) {
    const json* value = member(key, required);
    if (!value) return std::nullopt;
    if (!value->is_string()) {
      error(m_at / key,
            fmt::format("\"{}\" in {} must be a string, got {}", key, m_what, type_name(*value)));
      return std::nullopt;
    }
    if (required && util::trim(value->get_ref<const std::string&>()).empty()) {
      error(m_at / key, fmt::format("\"{}\" in {} must not be empty", key, m_what));
      return std::nullopt;
    }
    return value->get<std::string>();
  }

  std::optional<bool> boolean(const std::string& key) {
    const json* value = member(key, false);
    if (!value) return std::nullopt;
    if (!value->is_boolean()) {
      error(m_at / key, fmt::format("\"{}\" in {} must be true or false, got {}", key, m_what,
                                    type_name(*value)));
      return std::nullopt;
    }
    return value->get<bool>();
  }

  std::optional<long long> integer(const std::string& key, long long minimum, long long maximum) {
    const json* value = member(key, false);
    if (!value) return std::nullopt;
    if (!value->is_number_integer() || value->get<long long>() < minimum ||
        value->get<long long>() > maximum) {
      error(m_at / key, fmt::format("\"{}\" in {} must be a whole number from {} to {}", key,
                                    m_what, minimum, maximum));
      return std::nullopt;
    }
    return value->get<long long>();
  }

  // An object whose values are all strings ("headers").
  std::map<std::string, std::string> string_map(const std::string& key) {
    std::map<std::string, std::string> out;
    const json* value = member(key, false);
    if (!value) return out;
    if (!value->is_object()) {
      error(m_at / key, fmt::format("\"{}\" in {} must be an object of strings, got {}", key,
                                    m_what, type_name(*value)));
      return out;
    }
    for (const auto& [name, item] : value->items()) {
      if (item.is_string())
        out[name] = item.get<std::string>();
      else
        error(m_at / key / name,
              fmt::format("\"{}\" in {} must map names to strings", key, m_what));
    }
    return out;
  }

  const json* array(const std::string& key, bool required) {
    const json* value = member(key, required);
    if (!value) return nullptr;
    if (!value->is_array()) {
      error(m_at / key,
            fmt::format("\"{}\" in {} must be an array, got {}", key, m_what, type_name(*value)));
      return nullptr;
    }
    return value;
  }

  void error(const pointer& where, std::string message) {
    m_diagnostics.push_back(m_document.error_at(where, std::move(message)));
  }

 private:
  const json* member(const std::string& key, bool required) {
    if (!m_object) return nullptr;
    const auto found = m_object->find(key);
    if (found == m_object->end()) {
      if (required) error(m_at, fmt::format("{} is missing the required key \"{}\"", m_what, key));
      return nullptr;
    }
    return &*found;
  }

  const LocatedJson& m_document;
  pointer m_at;
  std::string m_what;
  std::vector<Diagnostic>& m_diagnostics;
  const json* m_object = nullptr;
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

// Where the user information of "scheme://user:password@host/..." ends (its '@'), if the
// URL has any: the authority runs from the slashes after the scheme to the first '/', '?'
// or '#' (RFC 3986), and an '@' in it separates credentials from the host. curl takes one
// to three slashes (and reads "https:/u:p@host/" as user u), so any number is skipped.
std::optional<std::size_t> userinfo_end(std::string_view value) {
  const std::string scheme = url::scheme_of(value);
  if (scheme.empty()) return std::nullopt;
  std::size_t start = scheme.size() + 1;
  const bool web = scheme == "http" || scheme == "https";
  if (!web && value.compare(start, 2, "//") != 0) return std::nullopt;  // mailto:, tel:
  while (start < value.size() && (value[start] == '/' || value[start] == '\\')) ++start;
  const std::size_t end = std::min(value.find_first_of("/\\?#", start), value.size());
  const auto at = value.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  return start + at;
}

// The URL as messages may show it: credentials replaced, so that an error never repeats them.
std::string without_credentials(std::string_view value) {
  const auto at = userinfo_end(value);
  if (!at) return std::string(value);
  std::size_t start = url::scheme_of(value).size() + 1;
  while (start < value.size() && (value[start] == '/' || value[start] == '\\')) ++start;
  return fmt::format("{}[credentials]{}", value.substr(0, start), value.substr(*at));
}

// Credentials in a URL would be copied into snapshots, reports, logs and issues: refuse
// them. `advice` says where they belong instead.
void check_http_url(ObjectReader& reader, const std::string& key, const std::string& value,
                    const std::string& what, std::string_view advice) {
  if (userinfo_end(value)) {
    reader.error(reader.at() / key,
                 fmt::format("{}: \"{}\" carries a user name or password, which would be "
                             "copied into snapshots, reports and logs; remove it from the URL{}",
                             what, without_credentials(value), advice));
    return;
  }
  if (!url::is_http_url(value))
    reader.error(reader.at() / key,
                 fmt::format("{}: \"{}\" is not an http(s) URL; freshcheck fetches only http:// "
                             "and https:// addresses",
                             what, value));
}

constexpr std::string_view k_source_credentials_advice =
    " and send credentials in the source's \"headers\" (for example \"Authorization\")";
constexpr std::string_view k_published_credentials_advice =
    ": a published address must work without them";

template <class Item>
void report_duplicate_ids(Config& config, const std::vector<Item>& items, const char* what) {
  std::map<std::string, const Item*> first_seen;
  for (const Item& item : items) {
    const auto [found, inserted] = first_seen.emplace(item.id, &item);
    if (inserted) continue;
    const Item& first = *found->second;
    config.diagnostics.push_back(
        {item.file, item.where,
         fmt::format("duplicate {} id \"{}\" (first defined at {}:{}:{})", what, item.id,
                     first.file, first.where.line, first.where.column)});
  }
}

}  // namespace

const char* to_string(FactKind kind) {
  switch (kind) {
    case FactKind::phone:
      return "phone";
    case FactKind::email:
      return "email";
    case FactKind::link:
      return "link";
    case FactKind::hours:
      return "hours";
    case FactKind::phrase:
      return "phrase";
  }
  return "?";
}

const std::vector<std::string>& fact_kind_names() {
  static const std::vector<std::string> names = {"phone", "email", "link", "hours", "phrase"};
  return names;
}

std::optional<FactKind> fact_kind_from_string(std::string_view text) {
  for (FactKind kind :
       {FactKind::phone, FactKind::email, FactKind::link, FactKind::hours, FactKind::phrase})
    if (text == to_string(kind)) return kind;
  return std::nullopt;
}

const Source* Config::find_source(std::string_view id) const {
  for (const Source& source : sources)
    if (source.id == id) return &source;
  return nullptr;
}

void load_rules_text(Config& config, const std::string& file, std::string_view text) {
  const LocatedJson document = LocatedJson::parse(file, text);
  auto& diagnostics = config.diagnostics;
  diagnostics.insert(diagnostics.end(), document.diagnostics().begin(),
                     document.diagnostics().end());
  if (document.value().is_null()) return;

  ObjectReader rules(document, pointer(), "rules file", k_rules_keys, diagnostics);
  if (!rules.ok()) return;
  const std::string site = rules.string("site", true).value_or("");
  const std::string region = read_region(rules, "rules file").value_or(k_default_region);
  const bool allow_private = rules.boolean("allow_private").value_or(false);
  const int confirm_runs = static_cast<int>(rules.integer("confirm_runs", 1, 30).value_or(1));
  FetchSettings fetch;
  if (document.value().contains("fetch")) {
    ObjectReader reader(document, pointer("/fetch"), "fetch settings", k_fetch_keys, diagnostics);
    const auto as_int = [](std::optional<long long> value) {
      return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
    };
    fetch.max_per_host = as_int(reader.integer("max_per_host", 1, 64));
    fetch.delay_ms = as_int(reader.integer("delay_ms", 0, 600'000));
    fetch.timeout_seconds = as_int(reader.integer("timeout_seconds", 1, 600));
    fetch.retries = as_int(reader.integer("retries", 0, 10));
    fetch.max_body_bytes = reader.integer("max_body_bytes", 1024, 1LL << 30);
    fetch.user_agent = reader.string("user_agent", false);
  }
  const json* sources = rules.array("sources", true);
  if (!sources) return;
  if (sources->empty())
    rules.error(pointer("/sources"), "\"sources\" is empty; add at least one source");

  for (std::size_t i = 0; i < sources->size(); ++i) {
    const pointer at = pointer("/sources") / i;
    ObjectReader reader(document, at, "source", k_source_keys, diagnostics);
    if (!reader.ok()) continue;
    Source source;
    source.id = reader.string("id", true).value_or("");
    source.site = site;
    source.file = file;
    source.where = document.value_at(at / "id");
    const std::string what = fmt::format("source \"{}\"", source.id);
    if (!source.id.empty() && !is_plain_id(source.id))
      reader.error(at / "id",
                   fmt::format("{}: ids may hold only letters, digits, '-', '_' and '.'", what));
    else if (const auto problem = source.id.empty() ? std::nullopt : source_id_problem(source.id))
      reader.error(at / "id",
                   fmt::format("source \"{}\": {}", util::ellipsize(source.id, 40), *problem));
    if (auto value = reader.string("url", true)) {
      source.url = *value;
      check_http_url(reader, "url", source.url, what, k_source_credentials_advice);
    }
    if (auto scope = reader.string("scope", false)) {
      source.scope = *scope;
      if (auto parsed = html::Selector::parse(source.scope); !parsed)
        reader.error(at / "scope", fmt::format("{}: scope: {}", what, parsed.error().message));
    }
    source.region = read_region(reader, what).value_or(region);
    source.allow_private = reader.boolean("allow_private").value_or(allow_private);
    source.robots = reader.boolean("robots").value_or(true);
    source.verify_tls = reader.boolean("verify_tls").value_or(true);
    if (auto render = reader.string("render", false)) {
      source.render = *render;
      if (source.render != "chromium")
        reader.error(at / "render",
                     fmt::format("{}: render must be \"chromium\" (headless Chromium runs the "
                                 "page's scripts); leave it out for a static page",
                                 what));
    }
    source.render_timeout_seconds =
        static_cast<int>(reader.integer("render_timeout_seconds", 1, 300).value_or(20));
    source.headers = reader.string_map("headers");
    if (const json* codes = reader.array("accept_status", false)) {
      for (std::size_t j = 0; j < codes->size(); ++j) {
        const json& code = (*codes)[j];
        if (code.is_number_integer() && code.get<long>() >= 100 && code.get<long>() <= 999)
          source.accept_status.push_back(code.get<long>());
        else
          reader.error(at / "accept_status" / j,
                       fmt::format("{}: accept_status entries must be HTTP status codes", what));
      }
    }
    if (const json* noise = reader.array("noise", false)) {
      for (std::size_t j = 0; j < noise->size(); ++j) {
        const json& pattern = (*noise)[j];
        const RE2 compiled(pattern.is_string() ? pattern.get<std::string>() : std::string("("),
                           util::regex_options());
        if (pattern.is_string() && compiled.ok())
          source.noise.push_back(pattern.get<std::string>());
        else
          reader.error(at / "noise" / j,
                       fmt::format("{}: noise entries must be regular expressions (RE2 syntax){}",
                                   what, pattern.is_string() ? ": " + compiled.error() : ""));
      }
    }
    source.confirm_runs = confirm_runs;
    source.fetch = fetch;
    reader.string("note", false);
    config.sources.push_back(std::move(source));
  }
}

static GuideLinks read_guide_links(const LocatedJson& document,
                                   std::vector<Diagnostic>& diagnostics) {
  GuideLinks links;
  const pointer at("/guide/links");
  ObjectReader reader(document, at, "guide links", k_guide_links_keys, diagnostics);
  if (!reader.ok()) return links;
  links.check = true;
  if (auto scope = reader.string("scope", false)) {
    links.scope = *scope;
    if (auto parsed = html::Selector::parse(links.scope); !parsed)
      reader.error(at / "scope", fmt::format("guide links: scope: {}", parsed.error().message));
  }
  if (const json* exclude = reader.array("exclude", false)) {
    for (std::size_t i = 0; i < exclude->size(); ++i) {
      const json& pattern = (*exclude)[i];
      const RE2 compiled(pattern.is_string() ? pattern.get<std::string>() : std::string("("),
                         util::regex_options());
      if (pattern.is_string() && compiled.ok())
        links.exclude.push_back(pattern.get<std::string>());
      else
        reader.error(at / "exclude" / i,
                     "guide links: exclude entries must be regular expressions (RE2 syntax)");
    }
  }
  return links;
}

void load_dataset_text(Config& config, const std::string& file, std::string_view text) {
  const LocatedJson document = LocatedJson::parse(file, text);
  auto& diagnostics = config.diagnostics;
  diagnostics.insert(diagnostics.end(), document.diagnostics().begin(),
                     document.diagnostics().end());
  if (document.value().is_null()) return;

  ObjectReader root(document, pointer(), "dataset file", k_dataset_keys, diagnostics);
  if (!root.ok()) return;
  Dataset dataset;
  dataset.file = file;
  if (document.value().contains("guide")) {
    ObjectReader guide(document, pointer("/guide"), "guide", k_guide_keys, diagnostics);
    if (guide.ok()) {
      dataset.guide.id = guide.string("id", true).value_or("");
      dataset.guide.title = guide.string("title", false).value_or("");
      dataset.guide.checked = guide.string("checked", false).value_or("");
      if (auto value = guide.string("url", false)) {
        dataset.guide.url = *value;
        check_http_url(guide, "url", *value, "guide", k_published_credentials_advice);
      }
      dataset.guide.file = guide.string("file", false).value_or("");
      if (document.value()["guide"].contains("links"))
        dataset.guide.links = read_guide_links(document, diagnostics);
    }
  } else {
    root.error(pointer(), "dataset file is missing the required key \"guide\"");
  }

  const json* facts = root.array("facts", true);
  for (std::size_t i = 0; facts && i < facts->size(); ++i) {
    const pointer at = pointer("/facts") / i;
    ObjectReader reader(document, at, "fact", k_fact_keys, diagnostics);
    if (!reader.ok()) continue;
    Fact fact;
    fact.id = reader.string("id", true).value_or("");
    fact.file = file;
    fact.where = document.value_at(at / "id");
    const std::string what = fmt::format("fact \"{}\"", fact.id);
    if (!fact.id.empty() && !is_plain_id(fact.id))
      reader.error(at / "id",
                   fmt::format("{}: ids may hold only letters, digits, '-', '_' and '.'", what));
    bool kind_known = false;
    if (auto kind_text = reader.string("kind", true)) {
      if (auto kind = fact_kind_from_string(*kind_text)) {
        fact.kind = *kind;
        kind_known = true;
      } else {
        std::string message = fmt::format("{}: unknown kind \"{}\"", what, *kind_text);
        if (auto suggestion = util::closest_match(*kind_text, fact_kind_names()))
          message += fmt::format("; did you mean \"{}\"?", *suggestion);
        message += fmt::format(" (kinds: {})", fmt::join(fact_kind_names(), ", "));
        reader.error(at / "kind", std::move(message));
      }
    }
    fact.value = reader.string("value", true).value_or("");
    fact.hours = reader.string("hours", false).value_or("");
    fact.note = reader.string("note", false).value_or("");
    if (!fact.hours.empty() && fact.kind != FactKind::phone)
      reader.error(at / "hours", fmt::format("{}: \"hours\" belongs on phone facts only", what));
    if (!fact.hours.empty()) {
      if (auto schedule = hours::parse_osm(fact.hours); !schedule)
        reader.error(at / "hours",
                     fmt::format("{}: hours \"{}\" are not OpenStreetMap opening_hours: {}; "
                                 "write them like \"Mo-Fr 08:00-20:00; PH off\"",
                                 what, fact.hours, schedule.error().message));
    }

    if (kind_known && !fact.value.empty()) {
      if (fact.kind == FactKind::link)
        check_http_url(reader, "value", fact.value, what, k_published_credentials_advice);
      if (fact.kind == FactKind::email) {
        const auto at_sign = fact.value.find('@');
        const bool plausible = at_sign != std::string::npos && at_sign > 0 &&
                               fact.value.find('.', at_sign) != std::string::npos &&
                               fact.value.find_first_of(" \t<>") == std::string::npos;
        if (!plausible)
          reader.error(at / "value",
                       fmt::format("{}: \"{}\" is not an e-mail address", what, fact.value));
      }
    }

    if (const json* verify_at = reader.array("verify_at", false)) {
      for (std::size_t j = 0; j < verify_at->size(); ++j) {
        const json& id = (*verify_at)[j];
        if (id.is_string())
          fact.verify_at.push_back(id.get<std::string>());
        else
          reader.error(at / "verify_at" / j,
                       fmt::format("{}: verify_at entries must be source ids (strings), got {}",
                                   what, type_name(id)));
      }
    }
    // A fact of unknown kind is reported above; checking it as some other kind would only
    // add misleading errors.
    if (kind_known) dataset.facts.push_back(std::move(fact));
  }
  config.datasets.push_back(std::move(dataset));
}

void cross_check(Config& config) {
  report_duplicate_ids(config, config.sources, "source");
  std::vector<Fact> all_facts;
  for (const Dataset& dataset : config.datasets)
    all_facts.insert(all_facts.end(), dataset.facts.begin(), dataset.facts.end());
  report_duplicate_ids(config, all_facts, "fact");

  std::vector<std::string> source_ids;
  for (const Source& source : config.sources) source_ids.push_back(source.id);

  for (const Fact& fact : all_facts) {
    std::string region = k_default_region;
    for (const std::string& id : fact.verify_at) {
      if (const Source* source = config.find_source(id)) {
        region = source->region;
        continue;
      }
      std::string message = fmt::format(
          "fact \"{}\": verify_at names source \"{}\", which no rules file defines", fact.id, id);
      if (auto suggestion = util::closest_match(id, source_ids))
        message += fmt::format("; did you mean \"{}\"?", *suggestion);
      config.diagnostics.push_back({fact.file, fact.where, std::move(message)});
    }
    if (fact.kind == FactKind::phone && !fact.value.empty()) {
      if (auto parsed = phone::parse(fact.value, region); !parsed)
        config.diagnostics.push_back(
            {fact.file, fact.where,
             fmt::format("fact \"{}\": {}", fact.id, parsed.error().message)});
    }
  }
}

namespace {

std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& dir,
                                                 std::vector<Diagnostic>& diagnostics,
                                                 const char* what) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    diagnostics.push_back({dir.string(),
                           {0, 0},
                           fmt::format("{} folder not found; create it or pass its path with "
                                       "--{}",
                                       what, what)});
    return files;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty())
    diagnostics.push_back(
        {dir.string(), {0, 0}, fmt::format("no *.json files in the {} folder", what)});
  return files;
}

std::optional<std::string> read_text(const std::filesystem::path& file,
                                     std::vector<Diagnostic>& diagnostics) {
  auto text = util::read_file(file);
  if (!text)
    diagnostics.push_back({file.string(), {0, 0}, "cannot read the file; check its permissions"});
  return text;
}

}  // namespace

Config load(const std::filesystem::path& rules_dir, const std::filesystem::path& dataset_dir) {
  Config config;
  for (const auto& file : json_files_in(rules_dir, config.diagnostics, "rules"))
    if (auto text = read_text(file, config.diagnostics))
      load_rules_text(config, file.string(), *text);
  for (const auto& file : json_files_in(dataset_dir, config.diagnostics, "dataset"))
    if (auto text = read_text(file, config.diagnostics))
      load_dataset_text(config, file.string(), *text);
  cross_check(config);
  return config;
}

}  // namespace freshcheck::config
