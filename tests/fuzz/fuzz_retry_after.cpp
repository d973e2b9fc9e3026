// Retry-After values as servers send them: seconds, HTTP-dates, nonsense. Never negative.
#include <chrono>
#include <cstdlib>

#include "http/retry_after.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck::http;
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'795'000'000));
  const auto wait = parse_retry_after(value, now);
  if (wait && wait->count() < 0) std::abort();
  return 0;
}
