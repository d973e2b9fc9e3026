#pragma once
// The rules schema: a `rules/*.json` file names a site's sources (the pages to watch) and
// how to fetch them. Checks what one file can; config.hpp's cross_check does the rest.

#include <map>
#include <optional>
#include <string>
#include <string_view>
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

// Parses one rules file's text (read from `file`, a name for messages): its sources are
// appended to `sources`, its problems to `diagnostics`. A source with problems is still
// appended, so later checks see its id.
void read_rules_text(const std::string& file, std::string_view text, std::vector<Source>& sources,
                     std::vector<Diagnostic>& diagnostics);

}  // namespace freshcheck::config
