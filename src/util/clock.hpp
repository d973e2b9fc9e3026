#pragma once
// The wall clock as a value: a run takes one, so that tests can fix the time it sees.

#include <chrono>
#include <functional>
#include <string>

namespace freshcheck::util {

using Clock = std::function<std::chrono::system_clock::time_point()>;

inline std::chrono::system_clock::time_point system_now() {
  return std::chrono::system_clock::now();
}

// ISO 8601 in UTC to the second, as reports and evidence write times: 2026-12-01T03:00:00Z.
std::string iso_utc(std::chrono::system_clock::time_point time);

}  // namespace freshcheck::util
