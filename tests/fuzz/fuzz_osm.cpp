// The OSM opening_hours reader: whatever it accepts writes back to a canonical form that
// reads as the same schedule and is a fixed point; differences are described between any
// two schedules without failing.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "hours/schedule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const auto fields = fuzz::split_input(data, size, 2);
  const auto first = hours::parse_osm(fields[0]);
  if (!first) return 0;
  const std::string canonical = first->to_osm();
  const auto again = hours::parse_osm(canonical);
  if (!again || !(*again == *first) || again->to_osm() != canonical) std::abort();
  if (const auto second = hours::parse_osm(fields[1]))
    (void)hours::describe_difference(*first, *second);
  return 0;
}
