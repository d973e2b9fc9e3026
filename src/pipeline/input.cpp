#include "pipeline/input.hpp"

#include <fmt/format.h>

#include "http/headers.hpp"
#include "pipeline/sources.hpp"
#include "url/url.hpp"
#include "util/file.hpp"

namespace freshcheck::pipeline {

namespace {

// Fetches `request` and renders the answer when `page` asks for it.
core::Result<Input, InputFailure> fetch_input(const fetch::FetchRequest& request,
                                              const config::Source& page,
                                              const InputOptions& options) {
  auto results = fetch::fetch_all({request}, options.fetch);
  fetch::FetchResult& fetched = results[0];
  if (fetched.outcome != fetch::Outcome::ok)
    return core::fail(
        InputFailure{InputFailure::Kind::fetch, fetched.error, std::move(fetched.message)});
  render_page(page, fetched, options.allow_private);
  if (fetched.outcome != fetch::Outcome::ok)
    return core::fail(
        InputFailure{InputFailure::Kind::render, fetched.error, std::move(fetched.message)});
  Input input;
  input.bytes = std::move(fetched.body);
  input.content_type = http::header_value(fetched.headers, "content-type");
  input.final_url = std::move(fetched.final_url);
  return input;
}

core::Result<Input, InputFailure> read_input_file(const std::string& path) {
  auto bytes = util::read_file(path);
  if (!bytes)
    return core::fail(
        InputFailure{InputFailure::Kind::file, fetch::ErrorKind::none,
                     fmt::format("cannot read {}: no such file or no permission", path)});
  Input input;
  input.bytes = std::move(*bytes);
  input.final_url = url::from_file_path(path);
  return input;
}

}  // namespace

core::Result<Input, InputFailure> load_input(const std::string& location,
                                             const InputOptions& options) {
  if (!url::is_http_url(location)) return read_input_file(location);
  fetch::FetchRequest request;
  request.id = options.request_id.empty() ? location : options.request_id;
  request.url = location;
  request.allow_private = options.allow_private;
  request.respect_robots = options.respect_robots;
  config::Source page;  // not configured: only what rendering needs to know
  page.url = location;
  page.render = options.render;
  return fetch_input(request, page, options);
}

core::Result<Input, InputFailure> load_input(const config::Source& source,
                                             const InputOptions& options) {
  fetch::FetchRequest request = request_for(source, options.allow_private);
  if (!options.request_id.empty()) request.id = options.request_id;
  if (!options.respect_robots) request.respect_robots = false;
  config::Source page = source;
  if (!options.render.empty()) page.render = options.render;
  return fetch_input(request, page, options);
}

}  // namespace freshcheck::pipeline
