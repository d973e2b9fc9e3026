#include "hours/clock.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "util/text.hpp"

namespace freshcheck::hours {
namespace {

// Hours written as words, Portuguese then English: "nove", "dezassete", "five".
const std::array<std::initializer_list<std::string_view>, 21> k_hour_words = {{
    {},
    {"um", "uma", "one"},
    {"dois", "duas", "two"},
    {"tres", "three"},
    {"quatro", "four"},
    {"cinco", "five"},
    {"seis", "six"},
    {"sete", "seven"},
    {"oito", "eight"},
    {"nove", "nine"},
    {"dez", "ten"},
    {"onze", "eleven"},
    {"doze", "twelve"},
    {"treze"},
    {"catorze", "quatorze"},
    {"quinze"},
    {"dezasseis", "dezesseis"},
    {"dezassete", "dezessete"},
    {"dezoito"},
    {"dezanove", "dezenove"},
    {"vinte"},
}};
// Clock times with a name: "meio-dia", "meia-noite", "noon", "midnight".
const std::initializer_list<std::string_view> k_half_words = {"meio", "meia"};
const std::initializer_list<std::string_view> k_noon_words = {"noon", "midday", "mediodia", "midi"};
const std::initializer_list<std::string_view> k_midnight_words = {"midnight", "medianoche",
                                                                  "minuit"};
// The h of "9h", "9 hrs".
const std::initializer_list<std::string_view> k_h_words = {"h", "hr", "hrs", "hs"};
// "9 horas", "9 hours".
const std::initializer_list<std::string_view> k_hour_unit_words = {"horas", "hora",   "hours",
                                                                   "hour",  "heures", "heure"};
// The half of the day: "am", "a.m." (its "m"), "da manhã", "da tarde", "in the morning",
// "in the afternoon", "o'clock" (its "clock").
const std::initializer_list<std::string_view> k_am_pm_words = {"am", "pm"};
const std::initializer_list<std::string_view> k_morning_words = {"manha", "madrugada"};
const std::initializer_list<std::string_view> k_evening_words = {"tarde", "noite"};
const std::initializer_list<std::string_view> k_english_morning_words = {"morning"};
const std::initializer_list<std::string_view> k_english_evening_words = {"afternoon", "evening"};

std::optional<std::pair<int, std::size_t>> word_hour(const TokenView& t, std::size_t i) {
  for (int value = 1; value <= 20; ++value) {
    if (!t.word_at(i, k_hour_words[value])) continue;
    // "vinte e uma", "vinte e três"
    if (value == 20 && t.word_at(i + 1, {"e"}))
      for (int unit = 1; unit <= 3; ++unit)
        if (t.word_at(i + 2, k_hour_words[unit])) return std::pair{20 + unit, i + 3};
    return std::pair{value, i + 1};
  }
  return std::nullopt;
}

std::optional<Clock> named_clock(const TokenView& t, std::size_t i) {
  if (t.word_at(i, k_half_words)) {
    const std::size_t last = t.symbol_at(i + 1, {"-"}) ? i + 2 : i + 1;
    if (!t.word_at(last, {"dia", "noite"})) return std::nullopt;
    Clock clock{t.at(last)->text == "dia" ? 12 * 60 : 0, 2, 0, last + 1};
    if (t.word_at(clock.next, {"e"}) && t.word_at(clock.next + 1, {"meia"})) {
      clock.minutes += 30;
      clock.next += 2;
    }
    return clock;
  }
  if (t.word_at(i, k_noon_words)) return Clock{12 * 60, 2, 0, i + 1};
  if (t.word_at(i, k_midnight_words)) return Clock{0, 2, 0, i + 1};
  return std::nullopt;
}

// The minutes written after the hour, and how surely the whole is a clock time.
struct Minutes {
  int minutes = 0;
  int strength = 0;
  std::size_t next = 0;
};

// "9h", "9h30", "13h00h", "9h30m", "8 h 30": the letter h, then the minutes.
std::optional<Minutes> h_minutes(const TokenView& t, std::size_t i) {
  if (!t.word_at(i, k_h_words)) return std::nullopt;
  Minutes out{0, 2, i + 1};
  // Spaced minutes only when the h is spaced too ("8 h 30", not "17h 30 dias").
  if (t.number_in(out.next, 0, 59) && (t.glued(out.next) || !t.glued(i)) &&
      t.at(out.next)->text.size() == 2) {
    out.minutes = t.at(out.next)->value;
    ++out.next;
    if (t.word_at(out.next, {"m", "min", "mn", "h"}) && t.glued(out.next)) ++out.next;
  }
  return out;
}

// "09:00", "9.30", "9:00h", "13:00 h"; not the day and month of "15.01.2023" or "15/01".
std::optional<Minutes> colon_minutes(const TokenView& t, std::size_t i) {
  if (!t.symbol_at(i, {":", "."}) || !t.glued(i) || !t.number_at(i + 1) || !t.glued(i + 1) ||
      t.at(i + 1)->text.size() != 2)
    return std::nullopt;
  if (t.symbol_at(i + 2, {".", "/"}) && t.glued(i + 2) && t.number_at(i + 3)) return std::nullopt;
  Minutes out{t.at(i + 1)->value, 2, i + 2};
  if (t.word_at(out.next, {"h", "hrs", "hs", "horas"})) ++out.next;
  return out;
}

// "9 horas", "8 horas e 30 minutos", "9 hours", "nove e meia".
std::optional<Minutes> word_minutes(const TokenView& t, std::size_t i) {
  Minutes out{0, 0, i};
  if (t.word_at(i, k_hour_unit_words)) {
    out = {0, 1, i + 1};
    if (t.word_at(out.next, {"e"}) && t.number_in(out.next + 1, 0, 59) &&
        t.word_at(out.next + 2, {"minutos", "minuto", "min"})) {
      return Minutes{t.at(out.next + 1)->value, 2, out.next + 3};
    }
  }
  if (t.word_at(out.next, {"e"}) && t.word_at(out.next + 1, {"meia"}))
    return Minutes{30, std::max(out.strength, 1), out.next + 2};
  if (out.next == i) return std::nullopt;
  return out;
}

// "am", "a.m.", "da manhã", "da tarde", "in the morning", "o'clock".
std::optional<std::pair<int, std::size_t>> meridiem(const TokenView& t, std::size_t i) {
  if (t.word_at(i, k_am_pm_words)) return std::pair{t.at(i)->text == "am" ? 1 : 2, i + 1};
  if (t.word_at(i, {"a", "p"}) && t.symbol_at(i + 1, {"."}) && t.word_at(i + 2, {"m"}))
    return std::pair{t.at(i)->text == "a" ? 1 : 2, t.symbol_at(i + 3, {"."}) ? i + 4 : i + 3};
  if (t.word_at(i, {"da"}) && t.word_at(i + 1, k_morning_words)) return std::pair{1, i + 2};
  if (t.word_at(i, {"da"}) && t.word_at(i + 1, k_evening_words)) return std::pair{2, i + 2};
  if (t.word_at(i, {"in"}) && t.word_at(i + 1, {"the"}) &&
      t.word_at(i + 2, k_english_morning_words))
    return std::pair{1, i + 3};
  if (t.word_at(i, {"in"}) && t.word_at(i + 1, {"the"}) &&
      t.word_at(i + 2, k_english_evening_words))
    return std::pair{2, i + 3};
  if (t.word_at(i, {"o"}) && t.symbol_at(i + 1, {"'", "\xE2\x80\x99"}) &&
      t.word_at(i + 2, {"clock"}))
    return std::pair{0, i + 3};
  return std::nullopt;
}

}  // namespace

const ClockWords& ClockWords::table() {
  static const ClockWords k_table;
  return k_table;
}

ClockWords::ClockWords() {
  const auto add_all = [&](std::initializer_list<std::string_view> words, bool starts, bool marks) {
    for (const std::string_view word : words) add(word, starts, marks);
  };
  for (const auto& words : k_hour_words) add_all(words, true, false);
  for (const auto& words : {k_half_words, k_noon_words, k_midnight_words})
    add_all(words, true, true);
  for (const auto& words : {k_h_words, k_hour_unit_words, k_am_pm_words, k_morning_words,
                            k_evening_words, k_english_morning_words, k_english_evening_words})
    add_all(words, false, true);
  add_all({"m", "clock"}, false, true);  // "a.m.", "o'clock"
  // Each word's entry among those of its length and first letter, which look_up reads alone.
  std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
    return std::pair(a.word.size(), a.word[0]) < std::pair(b.word.size(), b.word[0]);
  });
  for (std::size_t i = m_entries.size(); i-- > 0;) {
    Range& range = m_ranges[bucket(m_entries[i].word)];
    range.begin = static_cast<std::uint8_t>(i);
    range.end = std::max(range.end, static_cast<std::uint8_t>(i + 1));
  }
}

void ClockWords::add(std::string_view word, bool starts, bool marks) {
  if (word.empty() || word.size() > k_longest_clock_word ||
      !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    throw std::logic_error("a clock word must be 1-16 letters, in lower case");
  auto found = std::find_if(m_entries.begin(), m_entries.end(),
                            [&](const Entry& entry) { return entry.word == word; });
  if (found == m_entries.end()) {
    if (m_entries.size() >= 255) throw std::logic_error("255 clock words at most");  // Range
    found = m_entries.insert(m_entries.end(), Entry{word, {}});
  }
  found->role.starts = found->role.starts || starts;
  found->role.marks = found->role.marks || marks;
}

// For the few words of a page with a clock word's length and first letter.
ClockWordRole ClockWords::look_up(std::string_view word, Range range) const {
  for (std::size_t i = range.begin; i < range.end; ++i)
    if (util::ascii_iequals(word, m_entries[i].word)) return m_entries[i].role;
  return {};
}

std::optional<Clock> read_clock(const TokenView& t, std::size_t i) {
  if (auto named = named_clock(t, i)) return named;
  int hours = 0;
  std::size_t next = i + 1;
  if (t.number_in(i, 0, 24) && t.at(i)->text.size() <= 2) {
    hours = t.at(i)->value;
  } else if (auto word = word_hour(t, i)) {
    std::tie(hours, next) = *word;
  } else {
    return std::nullopt;
  }
  Minutes minutes{0, 0, next};
  if (auto h = h_minutes(t, next))
    minutes = *h;
  else if (auto colon = colon_minutes(t, next))
    minutes = *colon;
  else if (auto words = word_minutes(t, next))
    minutes = *words;
  Clock clock{0, minutes.strength, 0, minutes.next};
  if (auto half = meridiem(t, clock.next)) {
    // "14:30 PM" says the afternoon twice; "14:30 AM" says nothing a reader can trust.
    if (hours > 12 && half->first != 2) return std::nullopt;
    clock.meridiem = half->first;
    clock.strength = 2;
    clock.next = half->second;
    if (clock.meridiem == 2 && hours < 12) hours += 12;
    if (clock.meridiem == 1 && hours == 12) hours = 0;
  }
  if (minutes.minutes > 59 || (hours == 24 && minutes.minutes > 0)) return std::nullopt;
  clock.minutes = hours * 60 + minutes.minutes;
  return clock;
}

namespace {

struct Opener {
  std::size_t next;
  bool between = false;  // "entre ... e ...": "e" joins the two times
  bool article = false;  // "das", "entre as": Portuguese writes clock hours with an article
};

Opener read_opener(const TokenView& t, std::size_t i) {
  Opener opener{i};
  if (t.word_at(i, {"a"}) && t.word_at(i + 1, {"partir"})) opener.next = i + 2;
  if (t.word_at(opener.next,
                {"das", "dos", "de", "from", "desde", "des", "du", "entre", "between", "the"})) {
    opener.between = t.word_at(opener.next, {"entre", "between"});
    opener.article = t.word_at(opener.next, {"das"});
    ++opener.next;
    if (t.word_at(opener.next, {"as", "os", "las", "la", "the"})) {
      opener.article = true;
      ++opener.next;
    }
  }
  return opener;
}

// The words and symbols between the two times; nullopt when there are none.
std::optional<std::pair<std::size_t, bool>> read_connector(const TokenView& t, std::size_t j,
                                                           bool between) {
  if (t.symbol_at(j, {"-", "/"})) return std::pair{j + 1, false};
  const bool joins = t.word_at(j, {"a", "as", "ao", "ate", "to", "till", "until", "til", "through",
                                   "thru", "hasta", "au"}) ||
                     (between && t.word_at(j, {"e", "and", "y", "et"}));
  if (!joins) return std::nullopt;
  bool article = t.word_at(j, {"as"});
  ++j;
  if (t.word_at(j, {"as", "os", "las", "la", "a"})) {
    article = true;
    ++j;
  }
  return std::pair{j, article};
}

}  // namespace

std::optional<RangeMatch> read_time_range(const TokenView& t, std::size_t i) {
  const Opener opener = read_opener(t, i);
  const auto first = read_clock(t, opener.next);
  if (!first) return std::nullopt;
  const auto connector = read_connector(t, first->next, opener.between);
  if (!connector) return std::nullopt;
  const auto second = read_clock(t, connector->first);
  if (!second) return std::nullopt;
  Clock start = *first;
  const Clock& end = *second;
  // "9 horas" is also a duration ("jejum de 8 a 12 horas"): without a clock mark, only
  // "das 9 às 17 horas" reads as hours.
  const int strength = std::max(start.strength, end.strength);
  if (strength == 0 || (strength == 1 && !opener.article && !connector->second))
    return std::nullopt;
  // A bare start number must not be the tail of a date or a list ("2023-07-15 às 9h").
  if (start.strength == 0 && opener.next >= 2 && t.symbol_at(opener.next - 1, {"-", "/", "."}) &&
      t.glued(opener.next))
    return std::nullopt;
  // "9-5pm": the bare start takes the end's half of the day unless that would put it after.
  if (start.meridiem == 0 && end.meridiem == 2 && start.minutes < 12 * 60 &&
      start.minutes + 12 * 60 < end.minutes)
    start.minutes += 12 * 60;
  // 24:00 ends a day; a range cannot start there (found by fuzz_hours: "24:00-17:00" came out
  // as a schedule its own canonical form could not state).
  if (start.minutes >= k_minutes_per_day) return std::nullopt;
  int end_minutes = end.minutes;
  // "8:00-4:30" on an office's page ends in the afternoon; "22h às 6h" runs overnight.
  if (start.meridiem == 0 && end.meridiem == 0 && end_minutes > 0 && end_minutes < start.minutes &&
      start.minutes < 12 * 60 && end_minutes + 12 * 60 > start.minutes)
    end_minutes += 12 * 60;
  if (end_minutes == 0 && start.minutes > 0) end_minutes = k_minutes_per_day;
  if (end_minutes == start.minutes) return std::nullopt;
  if (end_minutes < start.minutes) end_minutes += k_minutes_per_day;
  return RangeMatch{{start.minutes, end_minutes}, second->next};
}

}  // namespace freshcheck::hours
