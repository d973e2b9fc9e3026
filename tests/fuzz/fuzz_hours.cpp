// Free-text opening hours -> schedule -> canonical OSM, which must read back as the same
// schedule.
#include <cstdlib>

#include "hours/parser.hpp"
#include "hours/schedule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck::hours;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)says_same_hours(text);
  const auto statement = parse_hours(text);
  if (!statement) return 0;
  const std::string osm = statement->schedule.to_osm();
  const auto again = parse_osm(osm);
  if (!again || !(*again == statement->schedule)) std::abort();
  return 0;
}
