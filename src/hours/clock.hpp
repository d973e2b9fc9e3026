#pragma once
// Clock times and time ranges as people write them: "9h", "09:00", "9:00h", "13h00h",
// "8 horas e 30 minutos", "nove da manhã", "meio-dia", "9 a.m.", "noon", and ranges between
// them: "das 9h às 17h", "9h-17h", "entre as 9h e as 18h", "from 9am to 5pm".

#include <cstddef>
#include <optional>
#include <string_view>

#include "hours/schedule.hpp"
#include "hours/tokens.hpp"

namespace freshcheck::hours {

struct Clock {
  int minutes = 0;
  // How surely this is a clock time: 0 a bare number ("9"), 1 a number of hours ("9 horas",
  // which is also how durations are written), 2 a clock ("9h", "09:00", "9am", "meio-dia").
  int strength = 0;
  int meridiem = 0;      // 0 none, 1 before noon, 2 after noon
  std::size_t next = 0;  // token after it
};

std::optional<Clock> read_clock(const TokenView& tokens, std::size_t i);

// What a folded word can be in a clock time: its start ("nove", "meio", "noon"; any number
// can start one too), or a mark that makes the numbers near it a clock time rather than a
// count ("h", "horas", "meia", "pm", "tarde", "clock"). A time range needs a mark, or a
// clock written with a colon ("9:30"): read_time_range drops two bare numbers.
struct ClockWordRole {
  bool starts = false;
  bool marks = false;
};
// `word`: a folded word, whose ASCII letters may also be upper case (a reader that looks at
// text before folding it need not copy each word to lower it first).
ClockWordRole clock_word_role(std::string_view word);
// No clock word is longer: a reader may skip longer words without asking.
inline constexpr std::size_t k_longest_clock_word = 16;

struct RangeMatch {
  TimeRange range;
  std::size_t next = 0;  // token after it
};

// A time range starting at token i, opener included ("das", "entre as", "from"). Overnight
// ranges end past midnight; a range that ends at 0:00 ends at 24:00.
std::optional<RangeMatch> read_time_range(const TokenView& tokens, std::size_t i);

}  // namespace freshcheck::hours
