#include "http/retry_after.hpp"

#include <algorithm>
#include <ctime>
#include <string>

#include "util/text.hpp"

namespace freshcheck::http {

using Milliseconds = std::chrono::milliseconds;

std::optional<Milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  const std::string text(util::trim(value));
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 9) return Milliseconds{999'999'999'000LL};  // absurd: the cap applies
    return Milliseconds{std::stoll(text) * 1000};
  }
  std::tm parts{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  // Compared in whole seconds first: a date centuries away (or ago) does not fit the
  // clock's nanoseconds, and converting it would overflow.
  const long long ahead = static_cast<long long>(timegm(&parts)) -
                          static_cast<long long>(std::chrono::system_clock::to_time_t(now));
  if (ahead < -1) return Milliseconds{0};
  // Two centuries: far past any wait, and still within the clock's range when added to now.
  constexpr long long k_max_ahead = 200LL * 365 * 86400;
  if (ahead > k_max_ahead) return std::chrono::seconds(k_max_ahead);
  const auto when = std::chrono::system_clock::from_time_t(timegm(&parts));
  if (when <= now) return Milliseconds{0};
  return std::chrono::duration_cast<Milliseconds>(when - now);
}

}  // namespace freshcheck::http
