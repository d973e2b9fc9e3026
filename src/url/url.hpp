#pragma once
// URL parsing and resolution through libcurl's URL API (curl_url). No network: fetch/
// and alert/ are the only stages that transfer anything.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/text.hpp"

namespace freshcheck::url {

// Resolves `reference` (an href as written) against the absolute `base`, RFC 3986 style,
// and returns the normalised absolute URL. Empty when either cannot be parsed.
std::optional<std::string> resolve(std::string_view base, std::string_view reference);

// A base URL parsed once, for resolving many references against it (a page's links): the
// same answers as resolve(base, reference), without parsing the base again for each one.
class BaseUrl {
 public:
  explicit BaseUrl(std::string_view base);
  ~BaseUrl();
  BaseUrl(BaseUrl&&) noexcept;
  BaseUrl& operator=(BaseUrl&&) noexcept;

  std::optional<std::string> resolve(std::string_view reference) const;

 private:
  struct Parsed;
  std::unique_ptr<Parsed> m_parsed;  // none when the base cannot be parsed
};

// The lower-case scheme of an absolute URL ("https"), empty if it has none.
std::string scheme_of(std::string_view url);

// Whether `url`'s scheme is `scheme` (given in lower case), written in any case: scheme_of(url)
// == scheme, without building the scheme, for a question asked of every link of a page.
inline bool has_scheme(std::string_view url, std::string_view scheme) {
  return url.size() > scheme.size() && url[scheme.size()] == ':' &&
         util::ascii_iequals(url.substr(0, scheme.size()), scheme);
}

// True for an absolute http:// or https:// URL with a host: the only kinds freshcheck
// fetches.
bool is_http_url(std::string_view url);

struct UrlParts {
  std::string scheme;          // lower case
  std::string host;            // lower case, without brackets for IPv6
  int port = 0;                // the scheme's default when the URL names none
  std::string path_and_query;  // "/pt/contactos?x=1"; "/" when empty
};

// The parts of an absolute URL, or nothing when curl cannot parse it.
std::optional<UrlParts> split(std::string_view url);

// Whether two URLs name the same page: scheme and host case, a trailing slash, and an
// http-to-https upgrade on the same host and path do not count as a move.
bool same_page(std::string_view published, std::string_view final_url);

// Percent-encodes everything but RFC 3986's unreserved characters, for one path segment or
// query value ("needs review" -> "needs%20review").
std::string encode_component(std::string_view text);

// A file:// URL for a local path, so that relative links in a saved page resolve to
// something a reader can recognise.
std::string from_file_path(std::string_view path);

}  // namespace freshcheck::url
