#include "pipeline/sources.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "extract/extraction.hpp"
#include "html/charset.hpp"
#include "url/url.hpp"

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
    auto document = document_from(results[i], source.scope);
    if (!document) {
      warnings.push_back(fmt::format("{}: {}", source.id, document.error().message));
      continue;
    }
    extract::ExtractOptions options;
    options.region = source.region;
    const auto extraction = extract::extract_all(*document, options);
    SourcePage page{&source, {}};
    page.observation.source_id = source.id;
    page.observation.url = source.url;
    page.observation.final_url = results[i].final_url;
    for (const auto& block : document->blocks) page.observation.blocks.push_back(block.text);
    for (const auto& phone : extraction.phones)
      page.observation.phones.push_back({phone.e164, phone.raw, phone.evidence.block, phone.hours});
    for (const auto& email : extraction.emails)
      page.observation.emails.push_back({email.address, email.evidence.block});
    for (const auto& link : extraction.links)
      page.observation.links.push_back({link.url, link.text});
    pages.push_back(std::move(page));
  }
  return pages;
}

core::Result<html::Document> document_from(const fetch::FetchResult& result,
                                           const std::string& scope) {
  html::ParseOptions options;
  options.page_url = result.final_url;
  options.scope = scope;
  if (const auto type = result.headers.find("content-type"); type != result.headers.end())
    options.http_charset = html::charset_from_content_type(type->second);
  return html::parse_document(result.body, options);
}

}  // namespace freshcheck::pipeline
