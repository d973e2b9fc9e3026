#pragma once
// What a Retry-After header asks for, read the same way by the crawler (fetch/) and the
// alert clients (alert/).

#include <chrono>
#include <optional>
#include <string_view>

namespace freshcheck::http {

// Retry-After as seconds ("120") or an HTTP-date ("Fri, 27 Nov 2026 02:00:00 GMT"),
// relative to `now`. Nonsense and dates in the past give nothing; negative never.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace freshcheck::http
