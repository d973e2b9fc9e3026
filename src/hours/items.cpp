#include "hours/items.hpp"

#include <array>
#include <optional>
#include <string_view>

#include "hours/clock.hpp"

namespace freshcheck::hours {
namespace {

const std::initializer_list<std::string_view> k_holiday_words = {"feriados", "feriado",  "holidays",
                                                                 "holiday",  "festivos", "feries"};
const std::initializer_list<std::string_view> k_closing_words = {
    "encerra", "encerrado", "encerrada", "encerramos", "encerram", "fechado",
    "fechada", "fecha",     "closed",    "cerrado",    "ferme"};

const std::initializer_list<std::string_view> k_exception_words = {
    "exceto", "excepto", "except", "excluding", "salvo", "exc", "excepte", "sauf"};

constexpr std::size_t k_label_words = 8;

class ItemReader {
 public:
  ItemReader(const std::vector<Token>& tokens, ItemOptions options)
      : m_t(tokens), m_options(options) {}

  bool days_at(std::size_t i) const { return day_expression(i).has_value(); }

  std::vector<Item> read() {
    std::vector<Item> items;
    std::size_t skipped_words = 0;  // words since the last item: a label's words
    std::size_t first_skipped = 0;
    for (std::size_t i = 0; i < m_t.size();) {
      std::optional<Item> item = read_at(i);
      if (!item && skipped_words > 0 && m_t.symbol_at(i, {":"})) {
        // The label is the few words before the colon ("Serviço automático:").
        item = Item{Item::Kind::label,
                    {},
                    {},
                    false,
                    std::max(first_skipped, i - std::min(i, k_label_words)),
                    i + 1};
      }
      if (!item) {
        if (m_t.any_word_at(i) || m_t.number_at(i)) {
          if (skipped_words++ == 0) first_skipped = i;
        }
        ++i;
        continue;
      }
      skipped_words = 0;
      i = item->end;
      items.push_back(std::move(*item));
    }
    return items;
  }

 private:
  std::optional<Item> read_at(std::size_t i) const {
    for (auto reader :
         {&ItemReader::separator, &ItemReader::always, &ItemReader::lunch, &ItemReader::closed,
          &ItemReader::holidays_off, &ItemReader::date, &ItemReader::time_range,
          &ItemReader::whole_day, &ItemReader::day_expression, &ItemReader::closed_word,
          &ItemReader::duration})
      if (auto item = (this->*reader)(i)) return item;
    return std::nullopt;
  }

  static Item make(Item::Kind kind, std::size_t begin, std::size_t end) {
    return Item{kind, {}, {}, false, begin, end};
  }

  // ";", "|", a line break, or a full stop that ends a sentence (not "9.30", "seg.").
  std::optional<Item> separator(std::size_t i) const {
    if (m_t.symbol_at(i, {";", "|", "\n"})) return make(Item::Kind::separator, i, i + 1);
    if (m_t.symbol_at(i, {"."}) && (!m_t.at(i + 1) || !m_t.glued(i + 1)))
      return make(Item::Kind::separator, i, i + 1);
    return std::nullopt;
  }

  // "24/7" and friends.
  std::optional<Item> always(std::size_t i) const {
    if (m_t.number_in(i, 24, 24) && m_t.symbol_at(i + 1, {"/"}) && m_t.number_in(i + 2, 7, 7))
      return make(Item::Kind::always, i, i + 3);
    return std::nullopt;
  }

  // "24 horas", "24h", "24 hours" with no clock time after: open all day; but not the 24
  // hours of a deadline ("no prazo de 24 horas", "24 horas após a colheita").
  std::optional<Item> whole_day(std::size_t i) const {
    if (!m_t.number_in(i, 24, 24)) return std::nullopt;
    if (!m_t.word_at(i + 1, {"h", "horas", "hours", "hrs", "heures", "hs"})) return std::nullopt;
    if (m_t.word_at(i - 1, {"em", "nas", "within", "in", "ate", "apos", "after", "than", "das",
                            "primeiras", "first", "next", "proximas"}) ||
        (m_t.word_at(i - 1, {"de"}) &&
         m_t.word_at(i - 2, {"prazo", "maximo", "periodo", "antecedencia", "mais", "menos"})) ||
        m_t.word_at(i + 2, {"apos", "after", "seguintes", "antes", "before", "depois", "later",
                            "uteis", "de"}))
      return std::nullopt;
    std::size_t end = i + 2;
    // "24h/dia", "24h/24h", "24h por dia", "24 hours a day"
    if (m_t.symbol_at(end, {"/"}) &&
        (m_t.word_at(end + 1, {"dia"}) || m_t.number_in(end + 1, 24, 24))) {
      end += 2;
      if (m_t.word_at(end, {"h", "horas"}) && m_t.glued(end)) ++end;
    }
    if (m_t.word_at(end, {"por", "a", "per"}) && m_t.word_at(end + 1, {"dia", "day"})) end += 2;
    Item item = make(Item::Kind::times, i, end);
    item.ranges = {{0, k_minutes_per_day}};
    return item;
  }

  // The holidays of "... e feriados", "and public holidays": the token after them, or i.
  std::size_t after_holidays(std::size_t i) const {
    std::size_t j = i;
    if (!m_t.word_at(j, {"e", "and", "y", "et"}) && !m_t.symbol_at(j, {","})) return i;
    ++j;
    while (m_t.word_at(j, {"nos", "aos", "os", "em", "on", "public", "bank", "the", "dias"})) ++j;
    return m_t.word_at(j, k_holiday_words) ? j + 1 : i;
  }

  // "exceto feriados", "except public holidays", "encerra nos feriados", "closed on bank
  // holidays", "feriados encerrado".
  std::optional<Item> holidays_off(std::size_t i) const {
    if (m_t.word_at(i, k_holiday_words)) {
      for (std::size_t j = i + 1; j <= i + 2; ++j)
        if (m_t.word_at(j, k_closing_words)) return make(Item::Kind::holidays_off, i, j + 1);
      return std::nullopt;
    }
    if (!m_t.word_at(i, k_exception_words) && !m_t.word_at(i, k_closing_words)) return std::nullopt;
    for (std::size_t j = i + 1; j <= i + 6 && m_t.at(j); ++j) {
      if (m_t.word_at(j, k_holiday_words)) return make(Item::Kind::holidays_off, i, j + 1);
      if (!m_t.word_at(j, {"aos", "os", "nos", "em", "on", "the", "public", "bank", "dias", "de",
                           "los", "les", "jours", "e", "and", "y"}) &&
          !m_t.symbol_at(j, {","}))
        break;
    }
    return std::nullopt;
  }

  // "encerra aos fins de semana", "closed on Sundays", "encerra à segunda-feira e feriados",
  // "except weekends and public holidays".
  std::optional<Item> closed(std::size_t i) const {
    if (!m_t.word_at(i, k_closing_words) && !m_t.word_at(i, k_exception_words)) return std::nullopt;
    std::size_t j = i + 1;
    while (m_t.word_at(j, {"aos", "ao", "a", "nos", "no", "os", "as", "em", "on", "at", "the",
                           "durante", "los", "le", "les"}))
      ++j;
    auto days = day_expression(j);
    if (!days) return std::nullopt;
    days->kind = Item::Kind::closed;
    days->begin = i;
    return days;
  }

  // "encerrado" or "closed" on its own, after the days it closes ("Sábado: encerrado").
  std::optional<Item> closed_word(std::size_t i) const {
    if (!m_t.word_at(i, k_closing_words)) return std::nullopt;
    return make(Item::Kind::closed_word, i, i + 1);
  }

  // A lunch break: "encerra das 13h às 14h", "encerrado para almoço entre as 12h30 e as
  // 14h", "intervalo de almoço: 13h-14h", "closed for lunch 1pm-2pm".
  std::optional<Item> lunch(std::size_t i) const {
    const bool closing = m_t.word_at(i, k_closing_words);
    if (!closing && !m_t.word_at(i, {"almoco", "lunch", "intervalo", "pausa"})) return std::nullopt;
    for (std::size_t j = i + 1; j <= i + 5 && m_t.at(j); ++j) {
      if (auto range = read_time_range(m_t, j)) {
        Item item = make(Item::Kind::lunch, i, range->next);
        item.ranges = {range->range};
        return item;
      }
      if (!m_t.word_at(j, {"para", "o", "de", "do", "da", "for", "almoco", "lunch", "hora",
                           "horario", "break"}) &&
          !m_t.symbol_at(j, {":", "(", "-"}))
        break;
    }
    return std::nullopt;
  }

  std::optional<Item> time_range(std::size_t i) const {
    const auto range = read_time_range(m_t, i);
    if (!range) return std::nullopt;
    Item item = make(Item::Kind::times, i, range->next);
    item.ranges = {range->range};
    return item;
  }

  // Words that make the numbers around them durations or prices, not opening hours.
  std::optional<Item> duration(std::size_t i) const {
    if (!m_t.word_at(i, {"duracao", "duration", "demora", "demoram", "takes", "take", "lasts",
                         "jejum", "prazo", "within", "dormir", "sleep", "euros", "eur"}) &&
        !m_t.symbol_at(i, {"\xE2\x82\xAC", "$", "\xC2\xA3"}))
      return std::nullopt;
    return make(Item::Kind::duration, i, i + 1);
  }

  bool month_at(std::size_t i) const {
    return m_t.word_at(i, {"janeiro", "fevereiro", "marco",    "abril",    "maio",     "junho",
                           "julho",   "agosto",    "setembro", "outubro",  "novembro", "dezembro",
                           "january", "february",  "march",    "april",    "june",     "july",
                           "august",  "september", "october",  "november", "december"}) ||
           // "may" is a verb too: a month only next to a day number
           (m_t.word_at(i, {"may"}) &&
            (m_t.number_in(i - 1, 1, 31) || m_t.number_in(i + 1, 1, 31)));
  }

  // The end of a date starting at i: "24 de dezembro", "1.º de maio", "December 24",
  // "em agosto", "dia 5", "24/12", "15.01.2023", "2023-07-15", "Natal".
  std::optional<std::size_t> date_end(std::size_t i) const {
    if (m_t.number_in(i, 1, 31)) {
      std::size_t j = i + 1;
      if (m_t.word_at(j, {"o", "a"}) && m_t.glued(j)) ++j;
      if (m_t.word_at(j, {"de", "of"})) ++j;
      if (month_at(j)) return j + 1;
      if (m_t.symbol_at(i + 1, {"/", ".", "-"}) && m_t.glued(i + 1) &&
          m_t.number_in(i + 2, 1, 12) && m_t.glued(i + 2) &&
          !(m_t.at(i)->value == 7 && m_t.at(i + 2)->value == 7) &&
          !(m_t.symbol_at(i + 1, {"."}) && !m_t.symbol_at(i + 3, {"."})) &&
          !(m_t.symbol_at(i + 1, {"-"}) && !m_t.symbol_at(i + 3, {"-"})))
        return i + 3;
    }
    if (m_t.number_in(i, 1900, 2100) && m_t.symbol_at(i + 1, {"-"}) &&
        m_t.number_in(i + 2, 1, 12) && m_t.symbol_at(i + 3, {"-"}))
      return i + 4;
    if (month_at(i)) return i + 1;
    if (m_t.word_at(i, {"dia", "dias", "day"}) && m_t.number_in(i + 1, 1, 31)) return i + 2;
    // Feasts and seasons: hours "no Natal" or "no verão" are not the weekly ones.
    if (m_t.word_at(i, {"natal", "christmas", "pascoa", "easter", "carnaval", "vespera", "ramadan",
                        "ramadao", "verao", "inverno", "summer", "winter"}))
      return i + 1;
    return std::nullopt;
  }

  // A date, unless it is an exception to weekly hours ("exceto 24 e 31 de dezembro").
  std::optional<Item> date(std::size_t i) const {
    const auto end = date_end(i);
    if (!end) return std::nullopt;
    for (std::size_t back = 1; back <= 3 && back <= i; ++back)
      if (m_t.word_at(i - back, k_exception_words)) return std::nullopt;
    return make(Item::Kind::date, i, *end);
  }

  struct Weekday {
    int day;
    bool full_name;    // "segunda", "Monday", "2.ª"; not "seg", "Mon"
    std::size_t next;  // token after it
  };

  std::size_t skip_feira(std::size_t next) const {
    if (m_t.symbol_at(next, {"-"}) && m_t.word_at(next + 1, {"feira", "feiras"})) return next + 2;
    if (m_t.word_at(next, {"feira", "feiras"})) return next + 1;
    return next;
  }

  // "2.ª", "2ª", "2a": an ordinal written right after the digit.
  std::optional<Weekday> ordinal_weekday(std::size_t i) const {
    if (!m_t.number_in(i, 2, 7) || m_t.at(i)->text.size() != 1) return std::nullopt;
    std::size_t letter = i + 1;
    if (m_t.symbol_at(letter, {"."}) && m_t.glued(letter)) ++letter;
    if (!m_t.word_at(letter, {"a"}) || !m_t.glued(letter)) return std::nullopt;
    std::size_t next = letter + 1;
    if (m_t.symbol_at(next, {"."})) ++next;
    return Weekday{m_t.at(i)->value - 2, true, skip_feira(next)};
  }

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
    if (auto ordinal = ordinal_weekday(i)) return ordinal;
    for (int day = 0; day < k_days_per_week; ++day) {
      if (m_t.word_at(i, k_long[day])) return Weekday{day, true, skip_feira(i + 1)};
      if (m_t.word_at(i, k_short[day]))
        return Weekday{day, false, m_t.symbol_at(i + 1, {"."}) ? i + 2 : i + 1};
    }
    return std::nullopt;
  }

  std::optional<std::pair<DaySet, std::size_t>> named_group(std::size_t i) const {
    if (m_t.word_at(i, {"dias", "dia"}) &&
        m_t.word_at(i + 1, {"uteis", "util", "laborables", "habiles"}))
      return std::pair{days_between(monday, friday), i + 2};
    if (m_t.word_at(i, {"weekdays", "weekday", "workdays"}))
      return std::pair{days_between(monday, friday), i + 1};
    if (m_t.word_at(i, {"working", "business", "week"}) && m_t.word_at(i + 1, {"days"}))
      return std::pair{days_between(monday, friday), i + 2};
    if (m_t.word_at(i, {"jours"}) && m_t.word_at(i + 1, {"ouvrables", "ouvres"}))
      return std::pair{days_between(monday, friday), i + 2};
    // "durante a semana": on weekdays
    if (m_t.word_at(i, {"durante"}) && m_t.word_at(i + 1, {"a"}) && m_t.word_at(i + 2, {"semana"}))
      return std::pair{days_between(monday, friday), i + 3};
    if (m_t.word_at(i, {"fins", "fim", "fines", "fin"}) && m_t.word_at(i + 1, {"de"}) &&
        m_t.word_at(i + 2, {"semana"}))
      return std::pair{days_between(saturday, sunday), i + 3};
    if (m_t.word_at(i, {"fim"}) && m_t.symbol_at(i + 1, {"-"}) && m_t.word_at(i + 2, {"de"}))
      return std::pair{days_between(saturday, sunday), i + 5};
    if (m_t.word_at(i, {"weekends", "weekend"}))
      return std::pair{days_between(saturday, sunday), i + 1};
    return std::nullopt;
  }

  std::optional<std::pair<DaySet, std::size_t>> every_day_group(std::size_t i) const {
    if (m_t.word_at(i, {"todos", "tous"}) && m_t.word_at(i + 1, {"os", "los", "les"}) &&
        m_t.word_at(i + 2, {"dias", "jours"})) {
      if (m_t.word_at(i + 3, {"uteis", "ouvrables", "laborables"}))
        return std::pair{days_between(monday, friday), i + 4};
      std::size_t end = i + 3;
      // "todos os dias do ano", "todos os dias da semana"
      if (m_t.word_at(end, {"do", "da"}) && m_t.word_at(end + 1, {"ano", "semana"})) end += 2;
      return std::pair{every_day(), end};
    }
    if (m_t.word_at(i, {"diariamente", "daily", "everyday"})) return std::pair{every_day(), i + 1};
    if (m_t.word_at(i, {"every"}) && m_t.word_at(i + 1, {"day"}))
      return std::pair{every_day(), i + 2};
    if (m_t.number_in(i, 7, 7) || m_t.word_at(i, {"seven", "sete"})) {
      if (m_t.word_at(i + 1, {"dias", "days", "jours"}) &&
          m_t.word_at(i + 2, {"por", "a", "per", "sur"}) &&
          m_t.word_at(i + 3, {"semana", "week", "semaine"}))
        return std::pair{every_day(), i + 4};
      if (m_t.symbol_at(i + 1, {"/"}) && m_t.number_in(i + 2, 7, 7))
        return std::pair{every_day(), i + 3};
    }
    // "365 dias por ano"
    if (m_t.number_in(i, 365, 365) && m_t.word_at(i + 1, {"dias", "days"}) &&
        m_t.word_at(i + 2, {"por", "a", "per"}) && m_t.word_at(i + 3, {"ano", "year"}))
      return std::pair{every_day(), i + 4};
    return std::nullopt;
  }

  // Weekday ranges and lists: "segunda a sexta-feira", "2.ª a 6.ª", "Mon-Fri", "Mo-Fr",
  // "segunda, quarta e sexta", "sábados e domingos"; a list that ends "e feriados".
  std::optional<Item> weekday_list(std::size_t i) const {
    std::size_t j = i;
    if (m_t.word_at(j, {"de", "from", "do", "da", "du", "aos", "ao", "a", "as", "nos", "no", "na",
                        "on", "every", "los", "le", "em"}))
      ++j;
    DaySet days{};
    int atoms = 0;
    bool all_long = true;
    std::size_t end = j;
    while (const auto first = weekday(j)) {
      ++atoms;
      all_long = all_long && first->full_name;
      int last_day = first->day;
      std::size_t after = first->next;
      if (m_t.symbol_at(after, {"-"}) ||
          m_t.word_at(
              after, {"a", "ate", "to", "through", "thru", "till", "until", "au", "al", "hasta"})) {
        std::size_t m = after + 1;
        if (m_t.word_at(m, {"as", "os", "la", "o", "a"})) ++m;
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
      if (!(m_t.symbol_at(after, {",", "/", "&"}) || m_t.word_at(after, {"e", "and", "y", "et"})))
        break;
      std::size_t next = after + 1;
      if (m_t.word_at(next, {"aos", "as", "os"})) ++next;
      if (!weekday(next)) break;
      j = next;
    }
    if (atoms == 0) return std::nullopt;
    if (!all_long && atoms == 1 && !m_options.lone_abbreviations && !m_t.symbol_at(end, {":"}) &&
        !m_t.number_at(end) && !m_t.word_at(end, {"das", "de", "from", "entre", "between"}))
      return std::nullopt;
    Item item = make(Item::Kind::days, i, end);
    item.days = days;
    return item;
  }

  std::optional<Item> day_expression(std::size_t i) const {
    std::optional<Item> item;
    if (auto group = named_group(i); group || (group = every_day_group(i))) {
      item = make(Item::Kind::days, i, group->second);
      item->days = group->first;
    } else {
      item = weekday_list(i);
    }
    if (!item) return std::nullopt;
    const std::size_t holidays_end = after_holidays(item->end);
    if (holidays_end != item->end) {
      item->holidays = true;
      item->end = holidays_end;
    }
    return item;
  }

  TokenView m_t;
  ItemOptions m_options;
};

}  // namespace

std::vector<Item> read_items(const std::vector<Token>& tokens, ItemOptions options) {
  return ItemReader(tokens, options).read();
}

bool days_start_at(const std::vector<Token>& tokens, std::size_t i, ItemOptions options) {
  return ItemReader(tokens, options).days_at(i);
}

}  // namespace freshcheck::hours
