#include "url/url.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>

#include "util/text.hpp"

namespace freshcheck::url {
namespace {

struct UrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};

// Schemes curl does not know (mailto, tel) still parse; spaces and other bytes a page
// should have escaped are escaped rather than rejected, as browsers do.
constexpr unsigned k_parse_flags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;

std::optional<std::string> get_part(CURLU* handle, CURLUPart part) {
  char* raw = nullptr;
  if (curl_url_get(handle, part, &raw, 0) != CURLUE_OK) return std::nullopt;
  std::unique_ptr<char, CurlStringDeleter> owned(raw);
  return std::string(raw);
}

// `reference` (trimmed) resolved against the parsed `base`. curl 7.88 resolves a reference
// that is only a fragment against the base's directory ("#form" on /pt/contactos gave
// /pt/#form); RFC 3986 (5.2.2) keeps the base's path and query, so the fragment is set on
// the base instead.
std::optional<std::string> resolve_on(CURLU* base, const std::string& reference) {
  UrlHandle handle(curl_url_dup(base));
  if (!handle) return std::nullopt;
  if (!reference.empty()) {
    const CURLUcode set =
        reference.front() == '#'
            ? curl_url_set(handle.get(), CURLUPART_FRAGMENT,
                           reference.size() > 1 ? reference.c_str() + 1 : nullptr, CURLU_URLENCODE)
            : curl_url_set(handle.get(), CURLUPART_URL, reference.c_str(), k_parse_flags);
    if (set != CURLUE_OK) return std::nullopt;
  }
  return get_part(handle.get(), CURLUPART_URL);
}

// An absolute path of unreserved characters with no dot segment ("/page/75037"): curl
// returns the base's origin followed by it as it is, so the join needs no parse.
bool is_plain_absolute_path(std::string_view reference) {
  if (reference.empty() || reference[0] != '/' || reference.starts_with("//")) return false;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const char c = reference[i];
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~' || c == '.';
    if (c == '.' && reference[i - 1] == '/') return false;  // "/./", "/../", "/.x"
    if (!unreserved && c != '/') return false;
  }
  return true;
}

}  // namespace

struct BaseUrl::Parsed {
  UrlHandle handle;
  std::string origin;  // "https://aima.gov.pt" for a web or file base; empty for others
};

BaseUrl::BaseUrl(std::string_view base) {
  UrlHandle handle(curl_url());
  const std::string base_text(util::trim(base));
  if (!handle ||
      curl_url_set(handle.get(), CURLUPART_URL, base_text.c_str(), k_parse_flags) != CURLUE_OK)
    return;
  std::string origin;
  const std::string scheme = get_part(handle.get(), CURLUPART_SCHEME).value_or("");
  // A page holds hundreds of links, most of them plain paths; joining those to the origin
  // through curl took about 7% of extract's CPU on official-style pages.
  if (scheme == "http" || scheme == "https" || scheme == "file")
    if (auto root = resolve_on(handle.get(), "/"); root && root->ends_with('/'))
      origin = root->substr(0, root->size() - 1);
  m_parsed = std::make_unique<Parsed>(Parsed{std::move(handle), std::move(origin)});
}

BaseUrl::~BaseUrl() = default;
BaseUrl::BaseUrl(BaseUrl&&) noexcept = default;
BaseUrl& BaseUrl::operator=(BaseUrl&&) noexcept = default;

std::optional<std::string> BaseUrl::resolve(std::string_view reference) const {
  if (!m_parsed) return std::nullopt;
  const std::string_view trimmed = util::trim(reference);
  if (!m_parsed->origin.empty() && is_plain_absolute_path(trimmed)) {
    std::string joined;  // one allocation, not one for a copy of the path and one for the sum
    joined.reserve(m_parsed->origin.size() + trimmed.size());
    joined.append(m_parsed->origin).append(trimmed);
    return joined;
  }
  return resolve_on(m_parsed->handle.get(), std::string(trimmed));
}

std::optional<std::string> resolve(std::string_view base, std::string_view reference) {
  UrlHandle handle(curl_url());
  if (!handle) return std::nullopt;
  const std::string base_text(util::trim(base));
  if (curl_url_set(handle.get(), CURLUPART_URL, base_text.c_str(), k_parse_flags) != CURLUE_OK)
    return std::nullopt;
  return resolve_on(handle.get(), std::string(util::trim(reference)));
}

std::string scheme_of(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = url[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  return util::ascii_lower(url.substr(0, colon));
}

bool is_http_url(std::string_view url) {
  const std::string scheme = scheme_of(url);
  if (scheme != "http" && scheme != "https") return false;
  UrlHandle handle(curl_url());
  const std::string text(url);
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK)
    return false;
  const auto host = get_part(handle.get(), CURLUPART_HOST);
  return host && !host->empty();
}

std::optional<UrlParts> split(std::string_view url) {
  UrlHandle handle(curl_url());
  const std::string text(util::trim(url));
  if (!handle ||
      curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), k_parse_flags) != CURLUE_OK)
    return std::nullopt;
  UrlParts parts;
  parts.scheme = util::ascii_lower(get_part(handle.get(), CURLUPART_SCHEME).value_or(""));
  parts.host = util::ascii_lower(get_part(handle.get(), CURLUPART_HOST).value_or(""));
  if (parts.host.size() > 2 && parts.host.front() == '[')
    parts.host = parts.host.substr(1, parts.host.size() - 2);
  char* port = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK && port) {
    parts.port = std::atoi(port);
    curl_free(port);
  }
  parts.path_and_query = get_part(handle.get(), CURLUPART_PATH).value_or("/");
  if (parts.path_and_query.empty()) parts.path_and_query = "/";
  if (auto query = get_part(handle.get(), CURLUPART_QUERY)) parts.path_and_query += "?" + *query;
  return parts;
}

bool same_page(std::string_view published, std::string_view final_url) {
  const auto key = [](std::string_view text) {
    const auto parts = split(text);
    if (!parts) return std::string(text);
    std::string path = parts->path_and_query;
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return parts->host + path;  // scheme left out: http -> https is an upgrade, not a move
  };
  return key(published) == key(final_url);
}

std::string encode_component(std::string_view text) {
  // Since curl 7.82 the handle argument is ignored; Debian 12 ships 7.88.
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  if (!escaped) throw std::bad_alloc();
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

std::string from_file_path(std::string_view path) {
  std::error_code error;
  const auto absolute = std::filesystem::absolute(std::filesystem::path(path), error);
  return "file://" + (error ? std::string(path) : absolute.lexically_normal().string());
}

}  // namespace freshcheck::url
