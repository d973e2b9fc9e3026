#pragma once
// Clock times and time ranges as people write them: "9h", "09:00", "9:00h", "13h00h",
// "8 horas e 30 minutos", "nove da manhã", "meio-dia", "9 a.m.", "noon", and ranges between
// them: "das 9h às 17h", "9h-17h", "entre as 9h e as 18h", "from 9am to 5pm".

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hours/schedule.hpp"
#include "hours/tokens.hpp"
#include "util/text.hpp"

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
// No clock word is longer: a reader may skip longer words without asking.
inline constexpr std::size_t k_longest_clock_word = 16;

// The clock words and their roles, built once from the lists the clock readers use, so that
// the two cannot disagree. A reader that asks of every word of a page (may_state_hours) keeps
// the table at hand: most words are ruled out inline by their length and first letter.
class ClockWords {
 public:
  static const ClockWords& table();

  // `word`: a folded word, whose ASCII letters may also be upper case (a reader that looks at
  // text before folding it need not copy each word to lower it first).
  ClockWordRole role(std::string_view word) const {
    if (word.empty() || word.size() > k_longest_clock_word || !util::is_ascii_letter(word[0]))
      return {};
    const Range range = m_ranges[bucket(word)];
    return range.begin == range.end ? ClockWordRole{} : look_up(word, range);
  }

 private:
  struct Entry {
    std::string_view word;  // lower case
    ClockWordRole role;
  };

  struct Range {
    std::uint8_t begin = 0;
    std::uint8_t end = 0;
  };

  ClockWords();
  void add(std::string_view word, bool starts, bool marks);
  ClockWordRole look_up(std::string_view word, Range range) const;
  // By length and first letter, in any case (a word of 1-16 letters).
  static std::size_t bucket(std::string_view word) {
    return word.size() * 26 + static_cast<std::size_t>(util::ascii_lower(word[0]) - 'a');
  }

  std::vector<Entry> m_entries;  // by length, then first letter
  // The entries of each length and first letter; empty for most words of a page.
  std::array<Range, (k_longest_clock_word + 1) * 26> m_ranges{};
};

struct RangeMatch {
  TimeRange range;
  std::size_t next = 0;  // token after it
};

// A time range starting at token i, opener included ("das", "entre as", "from"). Overnight
// ranges end past midnight; a range that ends at 0:00 ends at 24:00.
std::optional<RangeMatch> read_time_range(const TokenView& tokens, std::size_t i);

}  // namespace freshcheck::hours
