#pragma once
// Fetch settings for tests against servers on 127.0.0.1: short delays and timeouts and a
// fixed jitter, so that retries and back-offs take milliseconds and come out the same.

#include <chrono>
#include <string>

#include "fetch/fetcher.hpp"

namespace freshcheck::testing {

inline fetch::FetchOptions fast_fetch_options(
    std::chrono::milliseconds total_timeout = std::chrono::milliseconds(5000)) {
  using namespace std::chrono_literals;
  fetch::FetchOptions options;
  options.retry.base_delay = 10ms;
  options.retry.max_delay = 50ms;
  options.retry.retry_after_cap = 3000ms;
  options.connect_timeout = 2000ms;
  options.total_timeout = total_timeout;
  options.jitter = [] { return 0.5; };
  return options;
}

// A request to a local test server: private addresses allowed, robots.txt not read.
inline fetch::FetchRequest local_request(const std::string& url) {
  fetch::FetchRequest request;
  request.id = url;
  request.url = url;
  request.allow_private = true;
  request.respect_robots = false;
  return request;
}

}  // namespace freshcheck::testing
