#include "hours/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "util/text.hpp"

namespace freshcheck::hours {
namespace {

constexpr std::array<const char*, k_days_per_week> k_codes = {"Mo", "Tu", "We", "Th",
                                                              "Fr", "Sa", "Su"};

// Sorts and merges overlapping or touching ranges.
std::vector<TimeRange> normalised(std::vector<TimeRange> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<TimeRange> merged;
  for (const TimeRange& range : ranges) {
    if (!merged.empty() && range.start <= merged.back().end)
      merged.back().end = std::max(merged.back().end, range.end);
    else
      merged.push_back(range);
  }
  return merged;
}

// An overnight range's end (stored past midnight) as the clock shows it.
std::string format_end(int end) {
  return format_minutes(end > k_minutes_per_day ? end - k_minutes_per_day : end);
}

// A range as OSM writes it: the end as the clock shows it, unless the range
// lasts a day or more (two overlapping overnight ranges merged): the clock would then read
// as a short daytime range, so the end is written in OSM's extended hours ("09:00-41:00").
std::string format_range(const TimeRange& range) {
  const bool clock_end =
      range.end <= k_minutes_per_day || range.end - range.start < k_minutes_per_day;
  const int end =
      clock_end && range.end > k_minutes_per_day ? range.end - k_minutes_per_day : range.end;
  return format_minutes(range.start) + "-" + format_minutes(end);
}

std::string format_ranges(const std::vector<TimeRange>& ranges) {
  std::string out;
  for (const TimeRange& range : ranges) {
    if (!out.empty()) out += ',';
    out += format_range(range);
  }
  return out;
}

// "Mo-Fr", "Sa,Su", "Mo,We,Fr", "Mo-We,Fr": runs of three or more days become ranges.
std::string format_days(const DaySet& days) {
  std::string out;
  for (int day = 0; day < k_days_per_week;) {
    if (!days[day]) {
      ++day;
      continue;
    }
    int last = day;
    while (last + 1 < k_days_per_week && days[last + 1]) ++last;
    if (!out.empty()) out += ',';
    if (last - day >= 2) {
      out += fmt::format("{}-{}", k_codes[day], k_codes[last]);
    } else {
      for (int d = day; d <= last; ++d) out += (d == day ? "" : ",") + std::string(k_codes[d]);
    }
    day = last + 1;
  }
  return out;
}

bool all_days(const DaySet& days) {
  return std::all_of(days.begin(), days.end(), [](bool open) { return open; });
}

}  // namespace

DaySet every_day() {
  DaySet days{};
  days.fill(true);
  return days;
}

DaySet only_day(int day) {
  DaySet days{};
  days[day] = true;
  return days;
}

DaySet days_between(int first, int last) {
  DaySet days{};
  for (int day = first;; day = (day + 1) % k_days_per_week) {
    days[day] = true;
    if (day == last) break;
  }
  return days;
}

std::string format_minutes(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

const char* weekday_code(int day) {
  return k_codes[day];
}

void Schedule::add(const DaySet& days, const std::vector<TimeRange>& ranges) {
  for (int day = 0; day < k_days_per_week; ++day) {
    if (!days[day]) continue;
    auto combined = m_days[day];
    combined.insert(combined.end(), ranges.begin(), ranges.end());
    m_days[day] = normalised(std::move(combined));
  }
}

void Schedule::close(const DaySet& days) {
  for (int day = 0; day < k_days_per_week; ++day)
    if (days[day]) m_days[day].clear();
}

void Schedule::remove(const TimeRange& pause) {
  // What is left of an overnight range after a pause that ends past midnight opens on the
  // next day (found by fuzz_hours: "14:00-06:00" less "09:00-05:00" left "29:00-06:00",
  // which no OSM rule can state).
  std::array<std::vector<TimeRange>, k_days_per_week> next_morning;
  for (int day = 0; day < k_days_per_week; ++day) {
    std::vector<TimeRange> kept;
    for (const TimeRange& range : m_days[day]) {
      if (pause.end <= range.start || range.end <= pause.start) {
        kept.push_back(range);
        continue;
      }
      if (range.start < pause.start) kept.push_back({range.start, pause.start});
      if (pause.end >= range.end) continue;
      if (pause.end >= k_minutes_per_day)
        next_morning[(day + 1) % k_days_per_week].push_back(
            {pause.end - k_minutes_per_day, range.end - k_minutes_per_day});
      else
        kept.push_back({pause.end, range.end});
    }
    m_days[day] = std::move(kept);
  }
  for (int day = 0; day < k_days_per_week; ++day)
    if (!next_morning[day].empty()) add(only_day(day), next_morning[day]);
}

bool Schedule::empty() const {
  return std::all_of(m_days.begin(), m_days.end(),
                     [](const auto& ranges) { return ranges.empty(); });
}

std::string Schedule::to_osm() const {
  const std::vector<TimeRange> whole_day = {{0, k_minutes_per_day}};
  // "24/7; PH off" reads as contradictory to OSM's validator; spell the days out then.
  if (std::all_of(m_days.begin(), m_days.end(), [&](const auto& r) { return r == whole_day; }))
    return m_holidays_off ? "Mo-Su 00:00-24:00; PH off" : "24/7";

  // Group days with identical hours, in order of each group's first day.
  std::vector<std::pair<DaySet, std::vector<TimeRange>>> groups;
  for (int day = 0; day < k_days_per_week; ++day) {
    if (m_days[day].empty()) continue;
    auto found = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& group) { return group.second == m_days[day]; });
    if (found == groups.end()) {
      groups.push_back({DaySet{}, m_days[day]});
      found = groups.end() - 1;
    }
    found->first[day] = true;
  }
  std::string out;
  for (const auto& [days, ranges] : groups) {
    if (!out.empty()) out += "; ";
    if (!all_days(days)) out += format_days(days) + " ";
    out += format_ranges(ranges);
  }
  if (m_holidays_off) out += out.empty() ? "PH off" : "; PH off";
  return out;
}

namespace {

// "HH:MM" up to `max_hours`:00: 24 for a start, 48 for an end (OSM's extended hours).
std::optional<int> parse_clock(std::string_view text, int max_hours) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > max_hours || minutes > 59 || (hours == max_hours && minutes != 0))
    return std::nullopt;
  return hours * 60 + minutes;
}

std::optional<int> parse_weekday(std::string_view code) {
  for (int day = 0; day < k_days_per_week; ++day)
    if (code == k_codes[day]) return day;
  return std::nullopt;
}

core::Result<DaySet> parse_day_list(std::string_view text) {
  DaySet days{};
  for (const std::string_view item : util::split(text, ',')) {
    const auto dash = item.find('-');
    const auto first = parse_weekday(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : parse_weekday(item.substr(dash + 1));
    if (!first || !last)
      return core::fail(fmt::format(
          "\"{}\" is not a weekday or weekday range (Mo, Tu, We, Th, Fr, Sa, Su)", item));
    for (int day = *first;; day = (day + 1) % k_days_per_week) {
      days[day] = true;
      if (day == *last) break;
    }
  }
  return days;
}

core::Result<std::vector<TimeRange>> parse_range_list(std::string_view text) {
  std::vector<TimeRange> ranges;
  for (const std::string_view item : util::split(text, ',')) {
    const auto dash = item.find('-');
    const auto from = parse_clock(item.substr(0, dash), 24);
    const auto to =
        dash == std::string_view::npos ? std::nullopt : parse_clock(item.substr(dash + 1), 48);
    if (!from || !to || *from == *to || *from == k_minutes_per_day)
      return core::fail(fmt::format("\"{}\" is not a time range such as 09:00-17:30", item));
    ranges.push_back({*from, *to < *from ? *to + k_minutes_per_day : *to});
  }
  return ranges;
}

}  // namespace

core::Result<Schedule> parse_osm(std::string_view text) {
  Schedule schedule;
  if (util::trim(text).empty()) return core::fail(std::string("empty opening hours"));
  for (const std::string_view rule_text : util::split(text, ';')) {
    const std::string rule(rule_text);
    if (rule.empty()) continue;
    DaySet all{};
    all.fill(true);
    if (rule == "24/7") {
      schedule.add(all, {{0, k_minutes_per_day}});
      continue;
    }
    if (rule == "PH off") {
      schedule.set_holidays_off(true);
      continue;
    }
    const auto space = rule.find(' ');
    const bool starts_with_time = !rule.empty() && rule[0] >= '0' && rule[0] <= '9';
    DaySet days = all;
    std::string_view times = rule;
    if (!starts_with_time) {
      if (space == std::string::npos)
        return core::fail(fmt::format("\"{}\" has weekdays but no times", rule));
      auto parsed_days = parse_day_list(std::string_view(rule).substr(0, space));
      if (!parsed_days) return core::fail(std::move(parsed_days).error());
      days = *parsed_days;
      times = util::trim(std::string_view(rule).substr(space + 1));
    }
    if (times == "off" || times == "closed") {
      schedule.close(days);
      continue;
    }
    auto ranges = parse_range_list(times);
    if (!ranges) return core::fail(std::move(ranges).error());
    schedule.add(days, *ranges);
  }
  // Only separators, or only closures: nothing a canonical form could say (found by fuzz_osm).
  if (schedule.to_osm().empty())
    return core::fail(fmt::format("\"{}\" states no opening hours", util::trim(text)));
  return schedule;
}

namespace {

std::string describe_day_change(const std::vector<TimeRange>& before,
                                const std::vector<TimeRange>& after) {
  if (after.empty()) return fmt::format("no longer open (was {})", format_ranges(before));
  if (before.empty()) return fmt::format("now open {}", format_ranges(after));
  if (before.size() == 1 && after.size() == 1) {
    std::vector<std::string> parts;
    if (before[0].start != after[0].start)
      parts.push_back(fmt::format("opens at {} instead of {}", format_minutes(after[0].start),
                                  format_minutes(before[0].start)));
    if (before[0].end != after[0].end)
      parts.push_back(fmt::format("closes at {} instead of {}", format_end(after[0].end),
                                  format_end(before[0].end)));
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : " and ") + part;
    return out;
  }
  return fmt::format("{} instead of {}", format_ranges(after), format_ranges(before));
}

}  // namespace

std::string describe_difference(const Schedule& published, const Schedule& observed) {
  // Days with the same change are described once: "Mo-Fr: closes at 18:00 instead of 20:00".
  std::vector<std::pair<std::string, DaySet>> changes;
  for (int day = 0; day < k_days_per_week; ++day) {
    const auto& before = published.ranges_on(day);
    const auto& after = observed.ranges_on(day);
    if (before == after) continue;
    const std::string change = describe_day_change(before, after);
    auto found = std::find_if(changes.begin(), changes.end(),
                              [&](const auto& entry) { return entry.first == change; });
    if (found == changes.end()) {
      changes.push_back({change, DaySet{}});
      found = changes.end() - 1;
    }
    found->second[day] = true;
  }
  std::string out;
  for (const auto& [change, days] : changes) {
    if (!out.empty()) out += "; ";
    out += (all_days(days) ? std::string("every day") : format_days(days)) + ": " + change;
  }
  if (published.holidays_off() != observed.holidays_off()) {
    if (!out.empty()) out += "; ";
    out += observed.holidays_off() ? "now closed on public holidays"
                                   : "no longer says it closes on public holidays";
  }
  return out;
}

}  // namespace freshcheck::hours
