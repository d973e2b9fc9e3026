#pragma once
// Opening hours in free text, read as a person would: "dias úteis, das 8h00 às 20h00",
// "2.ª a 6.ª feira, 09:00-17:30", "Monday to Friday, 9am-5pm", "24 horas por dia, 7 dias
// por semana", "exceto feriados". Portuguese and English first; Spanish and French day
// names and connectors too.

#include <optional>
#include <string>
#include <string_view>

#include "hours/schedule.hpp"

namespace freshcheck::hours {

struct HoursStatement {
  Schedule schedule;
  std::string raw;  // the part of the text that states the hours, as written
};

// The schedule one line of text states, if it states one. A statement needs a time range
// ("9h-17h") or an always-open phrase ("24/7", "24 horas"); days alone ("dias úteis"), a
// single time ("às 10h30") or numbers that are not clock times ("20 minutos", "prazo de 90
// dias", "Decreto-Lei de 2023") are not opening hours.
std::optional<HoursStatement> parse_hours(std::string_view text);

// True when the text says its hours are those of the line before ("mesmo horário",
// "same hours").
bool says_same_hours(std::string_view text);

}  // namespace freshcheck::hours
