#pragma once
// "A file or a URL", read the one way every command reads it (check's guides, extract,
// import-guide): the bytes, the type the server declared, and the address they came from.

#include <string>

#include "config/config.hpp"
#include "core/result.hpp"
#include "fetch/fetcher.hpp"

namespace freshcheck::pipeline {

struct Input {
  std::string bytes;         // as served (or rendered); a file's as stored
  std::string content_type;  // as the server declared it; empty for a file
  std::string final_url;     // after redirects; a file's file:// URL
};

// Why there is no input: a file that cannot be read, a fetch that failed, or a page that
// could not be rendered. `message` says what happened and names the file or the URL.
struct InputFailure {
  enum class Kind { file, fetch, render };
  Kind kind = Kind::fetch;
  fetch::ErrorKind error = fetch::ErrorKind::none;  // for fetch and render failures
  std::string message;
};

struct InputOptions {
  std::string request_id;      // the fetch request's id (progress lines); the URL when empty
  bool allow_private = false;  // the run's --allow-private: widens what a rule allows
  bool respect_robots = true;  // false: robots.txt is not read, even where a rule asks for it
  std::string render;         // "chromium": render the fetched page (a source: its rule's if empty)
  fetch::FetchOptions fetch;  // timeouts, progress callback
};

// The bytes at `location`: an http(s) URL is fetched (and rendered when `options.render`
// asks); anything else is a file. A file's failure says "cannot read FILE: no such file or
// no permission"; a fetch's is the fetcher's message.
core::Result<Input, InputFailure> load_input(const std::string& location,
                                             const InputOptions& options);

// A configured source's page: fetched with its rule's settings (request_for) and rendered
// when its rule, or `options.render`, asks.
core::Result<Input, InputFailure> load_input(const config::Source& source,
                                             const InputOptions& options);

}  // namespace freshcheck::pipeline
