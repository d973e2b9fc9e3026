#pragma once
// The pieces of an opening-hours statement, in text order: days ("segunda a sexta"), time
// ranges ("das 9h às 17h"), closures ("encerra aos domingos", "exceto feriados"), lunch
// breaks ("encerra das 13h às 14h"), and what tells a statement apart from its neighbours:
// dates ("24 de dezembro"), durations ("duração"), service labels ("Balcão:") and clause
// breaks (";", "|", a line break, the end of a sentence).

#include <cstddef>
#include <vector>

#include "hours/schedule.hpp"
#include "hours/tokens.hpp"

namespace freshcheck::hours {

struct Item {
  enum class Kind {
    days,
    times,
    always,        // "24/7"
    closed,        // "encerra aos domingos": days closed
    closed_word,   // "encerrado" alone: closes the days just named
    holidays_off,  // "exceto feriados"
    lunch,         // "encerra das 13h às 14h": ranges taken out of the day
    date,          // "24 de dezembro", "em agosto", "Natal"
    duration,      // "duração", "demora", "prazo"
    label,         // "Serviço automático:" (the colon after words that are nothing else)
    separator,     // ";", "|", line break, end of sentence
  } kind;
  DaySet days{};
  std::vector<TimeRange> ranges;
  bool holidays = false;  // days followed by "e feriados"
  std::size_t begin = 0;  // token indexes
  std::size_t end = 0;
};

struct ItemOptions {
  // Take "Seg." or "Sat" alone as a day; in running text they are taken only in a range, a
  // list, or before a colon or a time ("sex", "we", "sun" are ordinary words too).
  bool lone_abbreviations = false;
};

std::vector<Item> read_items(const std::vector<Token>& tokens, ItemOptions options = {});

// Whether a day expression ("segunda a sexta", "dias úteis", "Sat") starts at token i. Only
// that reader makes items of kind days, so a text whose first item is days starts with one:
// a check of one place instead of reading every item of the text.
bool days_start_at(const std::vector<Token>& tokens, std::size_t i, ItemOptions options = {});

}  // namespace freshcheck::hours
