#pragma once
// Rules (the sources to watch) and the dataset (the published facts), loaded from
// `rules/*.json` and `dataset/*.json` and checked against each other. Every problem is
// reported with file:line:col; loading goes on after the first error so that one run of
// `freshcheck validate` lists them all.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/located_json.hpp"

namespace freshcheck::config {

inline constexpr const char* k_default_region = "PT";

// How to fetch a site's pages: the rules file's "fetch" object. Unset values take the
// run's defaults (a few connections per host, 30 s, 2 retries, 5 MiB).
struct FetchSettings {
  std::optional<int> max_per_host;
  std::optional<int> delay_ms;  // between two requests to the same host
  std::optional<int> timeout_seconds;
  std::optional<int> retries;
  std::optional<long long> max_body_bytes;
  std::optional<std::string>
      user_agent;  // e.g. "freshcheck/0.1 (+https://your-guide.example/contact)"
};

struct Source {
  std::string id;
  std::string url;
  std::string scope;   // CSS-like selector; empty means the whole page
  std::string region;  // ISO 3166 region for phone numbers
  bool allow_private = false;
  bool robots = true;                          // honour robots.txt
  bool verify_tls = true;                      // only a rule may turn certificate checks off
  std::map<std::string, std::string> headers;  // extra request headers
  std::vector<long> accept_status;             // non-2xx codes that still carry the page
  std::vector<std::string>
      noise;             // RE2 patterns: text that changes without meaning (dates, counters)
  int confirm_runs = 1;  // runs in a row a change must be seen before it alerts
  std::string render;    // "chromium": load the page in headless Chromium; empty: static HTML
  int render_timeout_seconds = 20;
  FetchSettings fetch;
  std::string site;  // the rules file's "site"
  std::string file;  // where it was defined, for messages
  Location where;
};

enum class FactKind { phone, email, link, hours, phrase };

const char* to_string(FactKind kind);
std::optional<FactKind> fact_kind_from_string(std::string_view text);
const std::vector<std::string>& fact_kind_names();

struct Fact {
  std::string id;
  FactKind kind = FactKind::phone;
  std::string value;
  std::string hours;  // opening hours, OpenStreetMap syntax, for phone facts
  std::vector<std::string> verify_at;
  std::string note;
  std::string file;
  Location where;
};

// "guide": {"links": {"scope": "main", "exclude": [...]}}: the guide's own links are checked
// on every full run by the links engine, within the scope (so its navigation is left out).
struct GuideLinks {
  bool check = false;
  std::string scope;                 // a selector for HTML guides; empty: the whole page
  std::vector<std::string> exclude;  // RE2 patterns of URLs not to check
};

struct Guide {
  GuideLinks links;
  std::string id;
  std::string title;
  std::string checked;
  std::string url;   // the published guide, checked against the dataset when set
  std::string file;  // or a local copy of it (HTML, Markdown or text)
};

struct Dataset {
  Guide guide;
  std::vector<Fact> facts;
  std::string file;
};

struct Config {
  std::vector<Source> sources;
  std::vector<Dataset> datasets;
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return diagnostics.empty(); }
  const Source* find_source(std::string_view id) const;
};

// Parses one rules file's text; sources are appended to `config`, problems to its
// diagnostics.
void load_rules_text(Config& config, const std::string& file, std::string_view text);
void load_dataset_text(Config& config, const std::string& file, std::string_view text);

// Checks what no single file can: every `verify_at` names a defined source, and phone
// values parse in the region of the sources that verify them. Call after loading all files.
void cross_check(Config& config);

// Loads every *.json in the two folders (sorted by name, so messages come in a stable
// order) and cross-checks them. A missing folder is a diagnostic, not an exception.
Config load(const std::filesystem::path& rules_dir, const std::filesystem::path& dataset_dir);

}  // namespace freshcheck::config
