#include "pipeline/sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "extract/extraction.hpp"
#include "html/charset.hpp"
#include "http/headers.hpp"
#include "reader/reader.hpp"
#include "render/chromium.hpp"
#include "url/url.hpp"
#include "util/base64.hpp"
#include "util/text.hpp"

namespace freshcheck::pipeline {

fetch::FetchRequest request_for(const config::Source& source, bool allow_private) {
  fetch::FetchRequest request;
  request.id = source.id;
  request.url = source.url;
  request.allow_private = source.allow_private || allow_private;
  request.respect_robots = source.robots;
  request.verify_tls = source.verify_tls;
  request.headers = source.headers;
  request.accepted_statuses = source.accept_status;
  const config::FetchSettings& settings = source.fetch;
  request.max_per_host = settings.max_per_host;
  if (settings.delay_ms) request.per_host_delay = fetch::Milliseconds{*settings.delay_ms};
  if (settings.timeout_seconds)
    request.total_timeout = fetch::Milliseconds{*settings.timeout_seconds * 1000LL};
  request.max_retries = settings.retries;
  if (settings.max_body_bytes)
    request.max_body_bytes = static_cast<std::size_t>(*settings.max_body_bytes);
  request.user_agent = settings.user_agent;
  return request;
}

namespace {

using reader::media_type;

// A PDF's bytes are kept in a snapshot as base64 after this mark, so that the JSON stays
// text and --offline and a 304 read the document again.
constexpr std::string_view k_stored_pdf = "freshcheck-pdf-base64:";

// Types read as pages; a missing type is judged by the bytes. text/plain reads as a page
// without markup.
bool is_page_type(std::string_view type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml" ||
         type == "text/plain";
}

// What the first bytes say a body is, when they name a format that is not text; "" else.
std::string_view binary_format(std::string_view body) {
  struct Signature {
    std::string_view magic;
    std::string_view name;
  };
  static constexpr Signature k_signatures[] = {
      {"\x89PNG\r\n\x1A\n", "a PNG image"},
      {"%PDF-", "a PDF document"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"GIF87a", "a GIF image"},
      {"GIF89a", "a GIF image"},
      {"PK\x03\x04", "a ZIP archive (or an Office document)"},
      {"\x1F\x8B", "gzip data"},
  };
  for (const auto& signature : k_signatures)
    if (body.substr(0, signature.magic.size()) == signature.magic) return signature.name;
  return {};
}

// Why `result` is not a page to read, or nothing when it is one.
std::optional<std::string> not_a_page(const fetch::FetchResult& result, std::string_view type) {
  const std::string said = type.empty() ? "no Content-Type" : util::ellipsize(type, 100);
  if (util::trim(result.body).empty())
    return fmt::format(
        "{} answered HTTP {} with an empty body ({}, {} bytes): there is no page to read, and the "
        "snapshot keeps the last page read",
        result.final_url, result.http_status, said, result.body.size());
  const std::string_view format = binary_format(result.body);
  if (is_page_type(type) && format.empty()) return std::nullopt;
  // A page type whose bytes say otherwise is named by both.
  const bool mislabelled = is_page_type(type) && !format.empty();
  return fmt::format(
      "{} answered HTTP {} with {}{}{} ({} bytes), not an HTML page: nothing was read, and the "
      "snapshot keeps the last page read",
      result.final_url, result.http_status, said, mislabelled ? " whose bytes are " : "",
      mislabelled ? format : "", result.body.size());
}

core::Result<ReadPage, ReadFailure> decode_and_parse(const fetch::FetchResult& result,
                                                     const std::string& scope,
                                                     std::string_view charset) {
  auto decoded = html::decode_to_utf8(result.body, charset);
  if (!decoded)
    return core::fail(
        ReadFailure{fetch::ErrorKind::unreadable,
                    fmt::format("{}: {}", result.final_url, decoded.error().message)});
  ReadPage page;
  page.text = std::move(decoded->utf8);
  if (auto warning = html::undecodable_warning(*decoded); !warning.empty())
    page.warnings.push_back(std::move(warning));
  html::ParseOptions options;
  options.page_url = result.final_url;
  options.scope = scope;
  options.http_charset = "utf-8";  // decoded above
  auto document = html::parse_document(page.text, options);
  if (!document)
    return core::fail(ReadFailure{
        fetch::ErrorKind::unreadable,
        fmt::format("{} could not be parsed: {}", result.final_url, document.error().message)});
  page.document = std::move(document).value();
  page.warnings.insert(page.warnings.end(), page.document.warnings.begin(),
                       page.document.warnings.end());
  return page;
}

// The bytes of a PDF answer (by its type or its first bytes, or a snapshot's copy of one),
// nothing for any other answer.
std::optional<std::string> pdf_bytes(const fetch::FetchResult& result, std::string_view type,
                                     bool stored) {
  const std::string_view body = result.body;
  if (stored && body.starts_with(k_stored_pdf))
    return util::base64_decode(body.substr(k_stored_pdf.size())).value_or(std::string());
  if (util::trim(body).empty()) return std::nullopt;
  if (type == "application/pdf" || body.starts_with("%PDF-")) return std::string(body);
  return std::nullopt;
}

core::Result<ReadPage, ReadFailure> read_pdf_page(const fetch::FetchResult& result,
                                                  std::string bytes, const std::string& scope) {
  reader::ReadOptions options;
  options.url = result.final_url;
  auto document = reader::read_document(bytes, reader::Format::pdf, options);
  if (!document)
    return core::fail(
        ReadFailure{fetch::ErrorKind::unreadable,
                    fmt::format("{} is a PDF that could not be read: {} ({} bytes)",
                                result.final_url, document.error().message, bytes.size())});
  ReadPage page;
  page.text = std::string(k_stored_pdf) + util::base64_encode(bytes);
  page.document = std::move(document).value();
  page.warnings = page.document.warnings;
  if (!scope.empty())
    page.warnings.push_back(fmt::format(
        "the scope \"{}\" does not apply to a PDF: the whole document was read", scope));
  return page;
}

}  // namespace

core::Result<ReadPage, ReadFailure> read_page(const fetch::FetchResult& result,
                                              const std::string& scope, bool stored) {
  const std::string content_type = http::header_value(result.headers, "content-type");
  try {
    if (auto pdf = pdf_bytes(result, media_type(content_type), stored))
      return read_pdf_page(result, std::move(*pdf), scope);
  } catch (const std::exception& error) {
    return core::fail(ReadFailure{fetch::ErrorKind::unreadable,
                                  fmt::format("{} could not be read as a PDF: {}", result.final_url,
                                              util::to_valid_utf8(error.what()))});
  }
  if (auto reason = not_a_page(result, media_type(content_type)))
    return core::fail(ReadFailure{fetch::ErrorKind::not_html, std::move(*reason)});
  try {
    return decode_and_parse(result, scope,
                            stored ? "utf-8" : html::charset_from_content_type(content_type));
  } catch (const std::exception& error) {
    return core::fail(ReadFailure{fetch::ErrorKind::unreadable,
                                  fmt::format("{} could not be read: {}", result.final_url,
                                              util::to_valid_utf8(error.what()))});
  }
}

const config::Source* site_of_link(const config::Config& config, const config::Fact& link) {
  const auto target = url::split(link.value);
  if (!target) return nullptr;
  const config::Source* best = nullptr;
  int best_score = 0;
  for (const auto& source : config.sources) {
    const auto parts = url::split(source.url);
    if (!parts || parts->host != target->host) continue;
    const bool verifies =
        std::find(link.verify_at.begin(), link.verify_at.end(), source.id) != link.verify_at.end();
    const int score = 1 + (parts->port == target->port ? 2 : 0) + (verifies ? 1 : 0);
    if (score > best_score) {
      best = &source;
      best_score = score;
    }
  }
  return best;
}

fetch::FetchRequest request_for_link(const config::Config& config, const config::Fact& link,
                                     bool allow_private) {
  fetch::FetchRequest request;
  if (const config::Source* site = site_of_link(config, link)) {
    request = request_for(*site, allow_private);
    request.accepted_statuses.clear();  // a page's own quirk, not its site's
  } else {
    // No source on that host: the sources that verify the link may still allow private
    // addresses (a local site's links to a sibling host).
    request.allow_private =
        allow_private ||
        std::any_of(link.verify_at.begin(), link.verify_at.end(), [&](const std::string& id) {
          const auto* source = config.find_source(id);
          return source && source->allow_private;
        });
  }
  request.id = "link:" + link.id;
  request.url = link.value;
  return request;
}

std::vector<SourcePage> read_sources(const config::Config& config, bool allow_private,
                                     std::vector<std::string>& warnings) {
  std::vector<fetch::FetchRequest> requests;
  for (const auto& source : config.sources) requests.push_back(request_for(source, allow_private));
  auto results = fetch::fetch_all(requests, {});
  std::vector<SourcePage> pages;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const config::Source& source = config.sources[i];
    if (results[i].outcome != fetch::Outcome::ok) {
      warnings.push_back(fmt::format("{}: {}", source.id, results[i].message));
      continue;
    }
    auto read = read_page(results[i], source.scope, /*stored=*/false);
    if (!read) {
      warnings.push_back(fmt::format("{}: {}", source.id, read.error().message));
      continue;
    }
    extract::ExtractOptions options;
    options.region = source.region;
    const auto extraction = extract::extract_all(read->document, options);
    SourcePage page{&source, observe(source, results[i], extraction, *read, "")};
    pages.push_back(std::move(page));
  }
  return pages;
}

core::Observation observe(const config::Source& source, const fetch::FetchResult& fetched,
                          const extract::Extraction& extraction, const ReadPage& page,
                          const std::string& fetched_at) {
  core::Observation observation;
  observation.source_id = source.id;
  observation.url = source.url;
  observation.final_url = fetched.final_url;
  observation.fetched_at = fetched_at;
  observation.http_status = fetched.http_status;
  observation.etag = http::header_value(fetched.headers, "etag");
  observation.last_modified = http::header_value(fetched.headers, "last-modified");
  observation.content_type = http::header_value(fetched.headers, "content-type");
  for (const auto& block : page.document.blocks) observation.blocks.push_back(block.text);
  for (const auto& phone : extraction.phones)
    observation.phones.push_back({phone.e164, phone.raw,
                                  extract::block_window(page.document, phone), phone.hours_osm(),
                                  phone.type, phone.evidence.location});
  for (const auto& email : extraction.emails)
    observation.emails.push_back({email.address, extract::block_window(page.document, email)});
  for (const auto& link : extraction.links) observation.links.push_back({link.url, link.text});
  observation.body = page.text;  // UTF-8: replays and 304s read it as such
  return observation;
}

void render_page(const config::Source& source, fetch::FetchResult& result, bool allow_private) {
  if (source.render.empty()) return;
  render::RenderRequest request;
  request.url = result.final_url.empty() ? source.url : result.final_url;
  request.allow_private = source.allow_private || allow_private;
  request.timeout = std::chrono::seconds(source.render_timeout_seconds);
  auto dom = render::render_dom(request);
  if (!dom) {
    result.outcome = fetch::Outcome::failed;
    result.error = dom.error().kind;
    result.message = dom.error().message;
    result.body.clear();
    return;
  }
  result.body = std::move(dom).value();
  // A browser serializes its DOM as UTF-8, whatever the page was sent in.
  result.headers["content-type"] = "text/html; charset=utf-8";
}

}  // namespace freshcheck::pipeline
