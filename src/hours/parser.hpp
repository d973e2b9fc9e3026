#pragma once
// Opening hours in free text, read as a person would: "dias úteis, das 8h00 às 20h00",
// "2.ª a 6.ª feira, 09:00-17:30", "Monday to Friday, 9am-5pm", "24 horas por dia, 7 dias
// por semana", "exceto feriados", "entre as nove da manhã e as seis da tarde". Portuguese
// and English first; Spanish and French day names and connectors too.
//
// The text is read as tokens (hours/tokens.hpp), then as items: days, time ranges
// (hours/clock.hpp), closures, lunch breaks, dates, service labels and clause breaks
// (";", "|", a line break, the end of a sentence). Items are then assembled into
// statements.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hours/schedule.hpp"

namespace freshcheck::hours {

struct HoursStatement {
  Schedule schedule;
  std::string raw;        // the part of the text that states the hours, as written
  std::size_t begin = 0;  // byte offsets of `raw` in the text
  std::size_t end = 0;
  bool starts_with_days = false;  // "Sábado: 9h-13h", not "Balcão: 9h-13h" or "9h-13h"
};

// Every schedule the text states, in text order. A statement needs a time range ("9h-17h")
// or an always-open phrase ("24/7", "24 horas por dia"); days alone ("dias úteis"), a
// single time ("às 10h30") or numbers that are not clock times ("20 minutos", "jejum de 8
// a 12 horas", "Decreto-Lei de 2023") are not opening hours.
//
// Several statements come out of one text when it names another service ("atendimento
// personalizado: dias úteis, 9h-18h; serviço automático: 24 horas por dia") or gives hours
// that overlap the ones already given for the same days. A clause that carries a date
// ("de 1 a 15 de agosto: 9h30-17h", "no dia 24 de dezembro, até às 13h") or a duration
// ("duração: 1h30 a 2h") states no weekly hours and is left out. Days given after the
// times ("9h-17h, de segunda a sexta") apply to them; times with no days apply every day.
// A closure ("encerra aos domingos e feriados") and a lunch break given apart ("encerra
// das 13h às 14h") apply to the statement they are part of.
std::vector<HoursStatement> parse_hours(std::string_view text);

// False when the text cannot state hours, told from one pass over it: it has no number 24,
// and fewer than two tokens that may start a clock time ("9", "nove", "meio-dia") or
// nothing that marks one as a clock time ("h", "horas", ":30", "pm", "da tarde"). Most
// blocks of a page are ruled out this way; parse_hours asks it first.
bool may_state_hours(std::string_view text);

// parse_hours without may_state_hours: for the tests that hold the two to the same result.
std::vector<HoursStatement> parse_hours_unfiltered(std::string_view text);

// The days a text names when it names nothing else: "Segunda", "Seg.", "2.ª a 6.ª feira",
// "Dias úteis". For the header cells of a timetable.
std::optional<DaySet> parse_days(std::string_view text);

// True when the text closes on public holidays without stating hours of its own
// ("Domingos e feriados: encerrado", "Encerrado aos feriados").
bool says_closed_on_holidays(std::string_view text);

// True when the text says its hours are those of the line before ("mesmo horário",
// "same hours").
bool says_same_hours(std::string_view text);

}  // namespace freshcheck::hours
