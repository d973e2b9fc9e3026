// Free-text opening hours -> statements -> canonical OSM, which must read back as the same
// schedule; each statement's raw text is the slice of the input its offsets name.
#include <cstdlib>

#include "hours/parser.hpp"
#include "hours/schedule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck::hours;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)says_same_hours(text);
  (void)says_closed_on_holidays(text);
  (void)parse_days(text);
  // The prefilter may only rule out texts that state no hours.
  const std::vector<HoursStatement> statements = parse_hours_unfiltered(text);
  if (!may_state_hours(text) && !statements.empty()) std::abort();
  for (const HoursStatement& statement : statements) {
    if (statement.begin > statement.end || statement.end > text.size() ||
        text.substr(statement.begin, statement.end - statement.begin) != statement.raw)
      std::abort();
    const std::string osm = statement.schedule.to_osm();
    const auto again = parse_osm(osm);
    if (!again || !(*again == statement.schedule)) std::abort();
  }
  return 0;
}
