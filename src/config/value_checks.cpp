#include "config/value_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "html/selector.hpp"
#include "url/url.hpp"
#include "util/regex.hpp"

namespace freshcheck::config {
namespace {

bool is_plain_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
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

}  // namespace

bool check_plain_id(ObjectReader& reader, const std::string& id, const std::string& what) {
  if (id.empty() || is_plain_id(id)) return true;
  reader.error(reader.at() / "id",
               fmt::format("{}: ids may hold only letters, digits, '-', '_' and '.'", what));
  return false;
}

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

std::string read_scope(ObjectReader& reader, const std::string& what) {
  const auto scope = reader.string("scope", false);
  if (!scope) return {};
  if (auto parsed = html::Selector::parse(*scope); !parsed)
    reader.error(reader.at() / "scope", fmt::format("{}: scope: {}", what, parsed.error().message));
  return *scope;
}

std::vector<std::string> read_patterns(ObjectReader& reader, const std::string& key,
                                       const std::string& problem, bool with_regex_error) {
  std::vector<std::string> patterns;
  reader.each_entry(
      key, [&](const nlohmann::json& pattern, const nlohmann::json::json_pointer& at) {
        if (!pattern.is_string()) {
          reader.error(at, problem);
          return;
        }
        const RE2 compiled(pattern.get<std::string>(), util::regex_options());
        if (compiled.ok())
          patterns.push_back(pattern.get<std::string>());
        else
          reader.error(at, with_regex_error ? problem + ": " + compiled.error() : problem);
      });
  return patterns;
}

}  // namespace freshcheck::config
