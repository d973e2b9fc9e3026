#include "hours/parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

#include "util/text.hpp"

namespace freshcheck::hours {
namespace {

struct Token {
  enum class Kind { number, word, symbol } kind;
  std::string text;
  std::size_t begin = 0;  // byte offsets in the folded text
  std::size_t end = 0;
  bool space_before = false;
  int value = 0;  // for numbers
};

std::vector<Token> tokenize(std::string_view folded) {
  std::vector<Token> tokens;
  bool space = false;
  for (std::size_t i = 0; i < folded.size();) {
    const unsigned char c = static_cast<unsigned char>(folded[i]);
    if (std::isspace(c)) {
      space = true;
      ++i;
      continue;
    }
    Token token;
    token.begin = i;
    token.space_before = space;
    space = false;
    if (std::isdigit(c)) {
      while (i < folded.size() && std::isdigit(static_cast<unsigned char>(folded[i]))) ++i;
      token.kind = Token::Kind::number;
      token.text = std::string(folded.substr(token.begin, i - token.begin));
      token.value = token.text.size() <= 4 ? std::stoi(token.text) : 99999;
    } else if (std::isalpha(c)) {
      while (i < folded.size() && std::isalpha(static_cast<unsigned char>(folded[i]))) ++i;
      token.kind = Token::Kind::word;
      token.text = std::string(folded.substr(token.begin, i - token.begin));
    } else {
      std::size_t next = i;
      util::next_code_point(folded, next);
      token.kind = Token::Kind::symbol;
      token.text = std::string(folded.substr(i, next - i));
      i = next;
    }
    token.end = i;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

bool in(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

DaySet days_between(int first, int last) {
  DaySet days{};
  for (int day = first;; day = (day + 1) % k_days_per_week) {
    days[day] = true;
    if (day == last) break;
  }
  return days;
}

DaySet every_day() {
  DaySet days{};
  days.fill(true);
  return days;
}

struct Clock {
  int minutes = 0;
  bool has_unit = false;  // "9h", "09:00", "9am": not a bare number
  int meridiem = 0;       // 0 none, 1 am, 2 pm
  bool midnight = false;
};

// One recognised piece of a statement, in text order.
struct Item {
  enum class Kind { days, times, closed, holidays_off, always } kind;
  DaySet days{};
  std::vector<TimeRange> ranges;
  std::size_t begin = 0;  // token indexes
  std::size_t end = 0;
};

class StatementReader {
 public:
  explicit StatementReader(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

  std::vector<Item> read_items() {
    std::vector<Item> items;
    for (std::size_t i = 0; i < m_tokens.size();) {
      std::optional<Item> item;
      if (!(item = always(i)) && !(item = holidays_off(i)) && !(item = closed(i)) &&
          !(item = time_range(i)) && !(item = whole_day(i)) && !(item = day_expression(i))) {
        ++i;
        continue;
      }
      i = item->end;
      items.push_back(std::move(*item));
    }
    return items;
  }

 private:
  const Token* at(std::size_t i) const { return i < m_tokens.size() ? &m_tokens[i] : nullptr; }
  bool word_at(std::size_t i, std::initializer_list<std::string_view> words) const {
    const Token* token = at(i);
    return token && token->kind == Token::Kind::word && in(token->text, words);
  }
  bool symbol_at(std::size_t i, std::initializer_list<std::string_view> symbols) const {
    const Token* token = at(i);
    return token && token->kind == Token::Kind::symbol && in(token->text, symbols);
  }
  bool number_at(std::size_t i) const {
    const Token* token = at(i);
    return token && token->kind == Token::Kind::number;
  }
  bool glued(std::size_t i) const { return at(i) && !at(i)->space_before; }

  // "24/7", "7/7 24h" and friends.
  std::optional<Item> always(std::size_t i) const {
    if (number_at(i) && at(i)->value == 24 && symbol_at(i + 1, {"/"}) && number_at(i + 2) &&
        at(i + 2)->value == 7)
      return Item{Item::Kind::always, every_day(), {}, i, i + 3};
    return std::nullopt;
  }

  // "24 horas", "24h", "24 hours" with no clock time after: open all day.
  std::optional<Item> whole_day(std::size_t i) const {
    if (!number_at(i) || at(i)->value != 24) return std::nullopt;
    if (!word_at(i + 1, {"h", "horas", "hours", "hrs", "heures", "hs"})) return std::nullopt;
    return Item{Item::Kind::times, {}, {{0, k_minutes_per_day}}, i, i + 2};
  }

  // "exceto feriados", "except public holidays", "encerra aos fins de semana e feriados",
  // "closed on bank holidays", "domingos e feriados encerrado".
  std::optional<Item> holidays_off(std::size_t i) const {
    const std::initializer_list<std::string_view> k_holidays = {"feriados", "feriado",  "holidays",
                                                                "holiday",  "festivos", "feries"};
    if (word_at(i, k_holidays)) {
      for (std::size_t j = i + 1; j <= i + 2; ++j)
        if (word_at(j, {"encerrado", "encerrada", "encerra", "fechado", "fechada", "closed",
                        "cerrado", "ferme"}))
          return Item{Item::Kind::holidays_off, {}, {}, i, j + 1};
      return std::nullopt;
    }
    if (!word_at(i, {"exceto", "excepto", "except", "excluding", "salvo", "exc", "excepte", "sauf",
                     "encerra", "encerrado", "encerrada", "fechado", "closed", "cerrado"}))
      return std::nullopt;
    for (std::size_t j = i + 1; j <= i + 6 && at(j); ++j) {
      if (word_at(j, k_holidays)) return Item{Item::Kind::holidays_off, {}, {}, i, j + 1};
      if (!word_at(j, {"aos",     "os",       "nos",      "aos",  "aos",  "em",  "aos",
                       "on",      "the",      "public",   "bank", "dias", "de",  "los",
                       "les",     "jours",    "e",        "and",  "fins", "fim", "semana",
                       "sabados", "domingos", "weekends", "y"}) &&
          !symbol_at(j, {","}))
        break;
    }
    return std::nullopt;
  }

  // "encerra aos fins de semana", "closed on Sundays".
  std::optional<Item> closed(std::size_t i) const {
    if (!word_at(i, {"encerra", "encerrado", "encerrada", "encerramos", "fechado", "fechada",
                     "fecha", "closed", "cerrado", "ferme"}))
      return std::nullopt;
    std::size_t j = i + 1;
    while (word_at(j, {"aos", "ao", "nos", "no", "os", "as", "em", "on", "at", "the", "durante",
                       "los", "le", "les"}))
      ++j;
    auto days = day_expression(j);
    if (!days) return std::nullopt;
    return Item{Item::Kind::closed, days->days, {}, i, days->end};
  }

  std::optional<std::pair<Clock, std::size_t>> clock(std::size_t i) const {
    if (word_at(i, {"meio", "meia"}) &&
        (word_at(i + 1, {"dia", "noite"}) ||
         (symbol_at(i + 1, {"-"}) && word_at(i + 2, {"dia", "noite"})))) {
      const std::size_t last = word_at(i + 1, {"dia", "noite"}) ? i + 1 : i + 2;
      const bool night = at(last)->text == "noite";
      return std::pair{Clock{night ? 0 : 720, true, 0, night}, last + 1};
    }
    if (word_at(i, {"noon", "midday", "mediodia", "midi"}))
      return std::pair{Clock{720, true, 0, false}, i + 1};
    if (word_at(i, {"midnight", "medianoche", "minuit"}))
      return std::pair{Clock{0, true, 0, true}, i + 1};
    if (!number_at(i) || at(i)->text.size() > 2 || at(i)->value > 24) return std::nullopt;

    Clock result;
    int hours = at(i)->value;
    int minutes = 0;
    std::size_t next = i + 1;
    if (word_at(next, {"h", "hr", "hrs", "hs"})) {
      result.has_unit = true;
      ++next;
      if (number_at(next) && glued(next) && at(next)->text.size() == 2) {
        minutes = at(next)->value;
        ++next;
        if (word_at(next, {"m", "min", "mn"}) && glued(next)) ++next;
      }
    } else if (word_at(next, {"horas", "hora", "hours", "hour", "heures", "heure"})) {
      result.has_unit = true;
      ++next;
    } else if (symbol_at(next, {":", "."}) && glued(next) && number_at(next + 1) &&
               glued(next + 1) && at(next + 1)->text.size() == 2) {
      // "15.01.2023" and "15/01" are dates, not times.
      if (symbol_at(next + 2, {".", "/"}) && glued(next + 2) && number_at(next + 3))
        return std::nullopt;
      minutes = at(next + 1)->value;
      result.has_unit = true;
      next += 2;
    }
    if (word_at(next, {"am", "pm"})) {
      result.meridiem = at(next)->text == "am" ? 1 : 2;
      ++next;
    } else if (word_at(next, {"a", "p"}) && symbol_at(next + 1, {"."}) &&
               word_at(next + 2, {"m"})) {
      result.meridiem = at(next)->text == "a" ? 1 : 2;
      next += symbol_at(next + 3, {"."}) ? 4 : 3;
    }
    if (result.meridiem != 0) {
      if (hours == 0 || hours > 12) return std::nullopt;
      result.has_unit = true;
      if (result.meridiem == 2 && hours < 12) hours += 12;
      if (result.meridiem == 1 && hours == 12) hours = 0;
    }
    if (minutes > 59 || (hours == 24 && minutes > 0)) return std::nullopt;
    result.minutes = hours * 60 + minutes;
    return std::pair{result, next};
  }

  // "das 9h00 às 17h30", "9h-13h", "entre as 9h e as 18h", "from 9am to 5pm", "09:00–17:30".
  std::optional<Item> time_range(std::size_t i) const {
    std::size_t j = i;
    bool between = false;
    if (word_at(j, {"das", "dos", "de", "from", "desde", "des", "du", "entre", "between"})) {
      between = word_at(j, {"entre", "between"});
      ++j;
      if (word_at(j, {"as", "os", "las", "la", "the"})) ++j;
    }
    const auto first = clock(j);
    if (!first) return std::nullopt;
    j = first->second;
    if (symbol_at(j, {"-", "/"})) {
      ++j;
    } else if (word_at(j, {"a", "as", "ao", "ate", "to", "till", "until", "til", "through", "thru",
                           "hasta", "au", "a"}) ||
               (between && word_at(j, {"e", "and", "y", "et"}))) {
      ++j;
      if (word_at(j, {"as", "os", "las", "la", "a"})) ++j;
    } else {
      return std::nullopt;
    }
    const auto second = clock(j);
    if (!second) return std::nullopt;
    Clock start = first->first;
    Clock end = second->first;
    if (!start.has_unit && !end.has_unit) return std::nullopt;
    // A bare start number must not be the tail of a date or a list ("2023-07-15 às 9h").
    if (!start.has_unit && j > 0 && first->second > 0) {
      const std::size_t number = first->second - 1;
      if (number >= 1 && symbol_at(number - 1, {"-", "/", "."}) && glued(number))
        return std::nullopt;
    }
    // "9-5pm": the bare start takes the end's half of the day unless that would put it after.
    if (!start.has_unit && end.meridiem == 2 && start.minutes < 12 * 60 &&
        start.minutes + 12 * 60 < end.minutes)
      start.minutes += 12 * 60;
    int end_minutes = end.minutes;
    if (end_minutes == 0 && start.minutes > 0) end_minutes = k_minutes_per_day;
    if (end_minutes == start.minutes) return std::nullopt;
    if (end_minutes < start.minutes) end_minutes += k_minutes_per_day;
    return Item{Item::Kind::times, {}, {{start.minutes, end_minutes}}, i, second->second};
  }

  struct Weekday {
    int day;
    bool full_name;    // "segunda", "Monday", "2.ª"; not "seg", "Mon"
    std::size_t next;  // token after it
  };

  // A weekday name, abbreviation or ordinal ("2.ª").
  std::optional<Weekday> weekday(std::size_t i) const {
    static const std::array<std::initializer_list<std::string_view>, k_days_per_week> k_long = {{
        {"segunda", "segundas", "monday", "mondays", "lunes", "lundi", "lundis"},
        {"terca", "tercas", "tuesday", "tuesdays", "martes", "mardi", "mardis"},
        {"quarta", "quartas", "wednesday", "wednesdays", "miercoles", "mercredi", "mercredis"},
        {"quinta", "quintas", "thursday", "thursdays", "jueves", "jeudi", "jeudis"},
        {"sexta", "sextas", "friday", "fridays", "viernes", "vendredi", "vendredis"},
        {"sabado", "sabados", "saturday", "saturdays", "samedi", "samedis"},
        {"domingo", "domingos", "sunday", "sundays", "dimanche", "dimanches"},
    }};
    static const std::array<std::initializer_list<std::string_view>, k_days_per_week> k_short = {{
        {"seg", "mon", "mo"},
        {"ter", "tue", "tues", "tu"},
        {"qua", "wed", "we"},
        {"qui", "thu", "thur", "thurs", "th"},
        {"sex", "fri", "fr"},
        {"sab", "sat", "sa"},
        {"dom", "sun", "su"},
    }};
    std::size_t next = i + 1;
    const auto skip_feira = [&] {
      if (symbol_at(next, {"-"}) && word_at(next + 1, {"feira", "feiras"}))
        next += 2;
      else if (word_at(next, {"feira", "feiras"}))
        ++next;
    };
    if (number_at(i) && at(i)->value >= 2 && at(i)->value <= 7) {
      // "2.ª", "2ª", "2a": an ordinal written right after the digit.
      std::size_t letter = i + 1;
      if (symbol_at(letter, {"."}) && glued(letter)) ++letter;
      if (word_at(letter, {"a"}) && glued(letter)) {
        next = letter + 1;
        if (symbol_at(next, {"."})) ++next;
        skip_feira();
        return Weekday{at(i)->value - 2, true, next};
      }
      return std::nullopt;
    }
    for (int day = 0; day < k_days_per_week; ++day) {
      if (word_at(i, k_long[day])) {
        skip_feira();
        return Weekday{day, true, next};
      }
      if (word_at(i, k_short[day])) {
        if (symbol_at(next, {"."})) ++next;
        return Weekday{day, false, next};
      }
    }
    return std::nullopt;
  }

  std::optional<std::pair<DaySet, std::size_t>> day_group(std::size_t i) const {
    if (word_at(i, {"dias", "dia"}) && word_at(i + 1, {"uteis", "util", "laborables", "habiles"}))
      return std::pair{days_between(monday, friday), i + 2};
    if (word_at(i, {"weekdays", "weekday", "workdays"}) ||
        (word_at(i, {"working", "business", "week"}) && word_at(i + 1, {"days"})))
      return std::pair{days_between(monday, friday),
                       word_at(i, {"working", "business", "week"}) ? i + 2 : i + 1};
    if (word_at(i, {"jours"}) && word_at(i + 1, {"ouvrables", "ouvres"}))
      return std::pair{days_between(monday, friday), i + 2};
    if (word_at(i, {"fins", "fim", "fines", "fin"}) && word_at(i + 1, {"de"}) &&
        word_at(i + 2, {"semana"}))
      return std::pair{days_between(saturday, sunday), i + 3};
    if (word_at(i, {"fim"}) && symbol_at(i + 1, {"-"}) && word_at(i + 2, {"de"}))
      return std::pair{days_between(saturday, sunday), i + 5};
    if (word_at(i, {"weekends", "weekend"}))
      return std::pair{days_between(saturday, sunday), i + 1};
    if (word_at(i, {"todos", "tous"}) && word_at(i + 1, {"os", "los", "les"}) &&
        word_at(i + 2, {"dias", "jours"})) {
      if (word_at(i + 3, {"uteis", "ouvrables", "laborables"}))
        return std::pair{days_between(monday, friday), i + 4};
      return std::pair{every_day(), i + 3};
    }
    if (word_at(i, {"diariamente", "daily", "everyday"})) return std::pair{every_day(), i + 1};
    if (word_at(i, {"every"}) && word_at(i + 1, {"day"})) return std::pair{every_day(), i + 2};
    if ((number_at(i) && at(i)->value == 7) || word_at(i, {"seven", "sete"})) {
      if (word_at(i + 1, {"dias", "days", "jours"}) && word_at(i + 2, {"por", "a", "per", "sur"}) &&
          word_at(i + 3, {"semana", "week", "semaine"}))
        return std::pair{every_day(), i + 4};
      if (symbol_at(i + 1, {"/"}) && number_at(i + 2) && at(i + 2)->value == 7)
        return std::pair{every_day(), i + 3};
    }
    return std::nullopt;
  }

  // Weekday ranges and lists: "segunda a sexta-feira", "2.ª a 6.ª", "Mon-Fri", "Mo-Fr",
  // "segunda, quarta e sexta", "sábados e domingos", or a group ("dias úteis").
  std::optional<Item> day_expression(std::size_t i) const {
    if (const auto group = day_group(i))
      return Item{Item::Kind::days, group->first, {}, i, group->second};
    std::size_t j = i;
    if (word_at(j,
                {"de", "from", "do", "da", "du", "aos", "as", "nos", "on", "every", "los", "le"}))
      ++j;
    DaySet days{};
    int atoms = 0;
    bool all_long = true;
    std::size_t end = j;
    while (true) {
      const auto first = weekday(j);
      if (!first) break;
      ++atoms;
      all_long = all_long && first->full_name;
      int last_day = first->day;
      std::size_t after = first->next;
      const std::size_t k = after;
      if (symbol_at(k, {"-"}) ||
          word_at(k, {"a", "ate", "to", "through", "thru", "till", "until", "au", "al", "hasta"})) {
        std::size_t m = k + 1;
        if (word_at(m, {"as", "os", "la", "o"})) ++m;
        if (const auto second = weekday(m)) {
          last_day = second->day;
          all_long = all_long && second->full_name;
          ++atoms;
          after = second->next;
        }
      }
      const DaySet span = days_between(first->day, last_day);
      for (int d = 0; d < k_days_per_week; ++d) days[d] = days[d] || span[d];
      end = after;
      // A list continues: "segunda, quarta e sexta", "Sat & Sun".
      if ((symbol_at(after, {",", "/", "&"}) || word_at(after, {"e", "and", "y", "et"})) &&
          weekday(after + 1)) {
        j = after + 1;
        continue;
      }
      break;
    }
    if (atoms == 0) return std::nullopt;
    // Abbreviations such as "we", "sun" or "sex" are ordinary words too: take them only in
    // a range or list, or right before a colon or a time.
    if (!all_long && atoms == 1 && !symbol_at(end, {":"}) && !number_at(end) &&
        !word_at(end, {"das", "de", "from", "entre", "between"}))
      return std::nullopt;
    return Item{Item::Kind::days, days, {}, i, end};
  }

  std::vector<Token> m_tokens;
};

// Pairs each run of time ranges with the days it belongs to: the days just before it
// ("segunda a sexta, 9h-17h") or, when none are pending, the days just after it
// ("9h-17h, de segunda a sexta").
std::optional<Schedule> assemble(const std::vector<Item>& items) {
  Schedule schedule;
  bool has_times = false;
  std::optional<DaySet> pending_days;
  std::vector<TimeRange> orphan_times;
  for (const Item& item : items) {
    switch (item.kind) {
      case Item::Kind::always:
        schedule.add(every_day(), {{0, k_minutes_per_day}});
        has_times = true;
        break;
      case Item::Kind::holidays_off:
        schedule.set_holidays_off(true);
        break;
      case Item::Kind::closed:
        schedule.close(item.days);
        break;
      case Item::Kind::days:
        if (!orphan_times.empty()) {
          schedule.add(item.days, orphan_times);
          orphan_times.clear();
          pending_days.reset();
        } else {
          pending_days = item.days;
        }
        break;
      case Item::Kind::times:
        has_times = true;
        if (pending_days) {
          schedule.add(*pending_days, item.ranges);
        } else {
          orphan_times.insert(orphan_times.end(), item.ranges.begin(), item.ranges.end());
        }
        break;
    }
  }
  // Times with no days anywhere apply every day ("Horário: 9h-17h", "Linha 24 horas").
  if (!orphan_times.empty()) schedule.add(every_day(), orphan_times);
  if (!has_times || schedule.empty()) return std::nullopt;
  return schedule;
}

}  // namespace

std::optional<HoursStatement> parse_hours(std::string_view text) {
  const util::FoldedText folded = util::fold_with_origin(text);
  std::vector<Token> tokens = tokenize(folded.text);
  StatementReader reader(tokens);
  const std::vector<Item> items = reader.read_items();
  auto schedule = assemble(items);
  if (!schedule) return std::nullopt;
  // The raw statement runs from the first recognised piece to the last.
  const std::size_t begin = folded.origin[tokens[items.front().begin].begin];
  const std::size_t end = folded.origin[tokens[items.back().end - 1].end];
  std::string raw(util::trim(text.substr(begin, end - begin)));
  return HoursStatement{std::move(*schedule), std::move(raw)};
}

bool says_same_hours(std::string_view text) {
  const std::string folded = util::fold_for_search(text);
  for (std::string_view phrase : {"mesmo horario", "same hours", "same opening hours",
                                  "mismo horario", "memes horaires", "idem"})
    if (folded.find(phrase) != std::string::npos) return true;
  return false;
}

}  // namespace freshcheck::hours
