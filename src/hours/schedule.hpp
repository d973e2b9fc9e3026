#pragma once
// Opening hours as a value: which days, which time ranges, and whether public holidays are
// excluded. Written out in the OpenStreetMap `opening_hours` syntax, compared by meaning:
// "Mo-Fr 08:00-20:00" and "Mo,Tu,We,Th,Fr 08:00-20:00" are the same schedule.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace freshcheck::hours {

inline constexpr int k_minutes_per_day = 24 * 60;

// [start, end) in minutes after midnight. An overnight range ends past midnight: 22:00-02:00
// is stored as start 1320, end 1560, and written back as 22:00-02:00.
struct TimeRange {
  int start = 0;
  int end = 0;
  bool operator==(const TimeRange&) const = default;
  auto operator<=>(const TimeRange&) const = default;
};

enum Weekday { monday, tuesday, wednesday, thursday, friday, saturday, sunday };
inline constexpr int k_days_per_week = 7;

using DaySet = std::array<bool, k_days_per_week>;

DaySet every_day();
DaySet only_day(int day);
// From `first` to `last`, wrapping past Sunday ("Fr-Mo").
DaySet days_between(int first, int last);

class Schedule {
 public:
  // Opens `days` during `ranges`, adding to what is already open.
  void add(const DaySet& days, const std::vector<TimeRange>& ranges);
  void close(const DaySet& days);
  // Takes `range` out of every day it falls in: a lunch break given apart from the hours.
  void remove(const TimeRange& range);
  void set_holidays_off(bool off) { m_holidays_off = off; }

  bool empty() const;
  bool holidays_off() const { return m_holidays_off; }
  const std::vector<TimeRange>& ranges_on(int day) const { return m_days[day]; }

  // Canonical OSM text: days in week order, days with identical hours grouped ("Mo-Fr",
  // "Sa,Su", "Mo,We,Fr"), ranges sorted and merged, "24/7" for always open (but
  // "Mo-Su 00:00-24:00; PH off" when holidays are excluded), "; PH off" last.
  std::string to_osm() const;

  bool operator==(const Schedule& other) const = default;

 private:
  std::array<std::vector<TimeRange>, k_days_per_week> m_days;
  bool m_holidays_off = false;
};

// Reads the OSM subset freshcheck writes and datasets use: rules separated by ";", each
// "24/7", "PH off", or weekdays ("Mo-Fr", "Sa,Su") followed by ranges ("09:00-13:00,14:00-17:00")
// or "off"; ranges without days mean every day.
core::Result<Schedule> parse_osm(std::string_view text);

// How `observed` differs from `published`, in words a maintainer reads in one glance:
// "Mo-Fr: closes at 18:00 instead of 20:00; Sa: no longer open (was 09:00-13:00)".
// Empty when they are the same schedule.
std::string describe_difference(const Schedule& published, const Schedule& observed);

std::string format_minutes(int minutes);
const char* weekday_code(int day);

}  // namespace freshcheck::hours
