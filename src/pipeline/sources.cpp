#include "pipeline/sources.hpp"

#include "html/charset.hpp"

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
