#pragma once
// One HTTP request to an API (GitHub, a chat webhook), through libcurl. No redirects are
// followed: a redirect would carry credentials to wherever it points. Nothing is logged
// here, and curl's verbose mode, which prints request headers, is never switched on.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/headers.hpp"

namespace freshcheck::alert {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent when not empty, or for POST/PATCH
};

struct HttpResponse {
  long status = 0;
  http::Headers headers;  // the final response's, names in lower case
  std::string body;
};

struct HttpLimits {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{30'000};
  std::size_t max_body_bytes = 8 * 1024 * 1024;
};

// The response, whatever its status; an error only when no response arrived (connection
// refused, timeout, TLS failure, an oversized body). The error names the request by
// `description`, never by URL: webhook URLs are secrets.
core::Result<HttpResponse> send_request(const HttpRequest& request, const HttpLimits& limits,
                                        const std::string& description);

}  // namespace freshcheck::alert
