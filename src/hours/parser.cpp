#include "hours/parser.hpp"

#include <algorithm>
#include <array>

#include "hours/clock.hpp"
#include "hours/items.hpp"
#include "hours/tokens.hpp"
#include "util/text.hpp"

namespace freshcheck::hours {
namespace {

bool overlaps_but_differs(const TimeRange& a, const TimeRange& b) {
  return a.start < b.end && b.start < a.end && a != b;
}

bool clashes(const std::vector<TimeRange>& given, const std::vector<TimeRange>& added) {
  for (const TimeRange& old : given)
    for (const TimeRange& range : added)
      if (overlaps_but_differs(old, range)) return true;
  return false;
}

// The text of one statement, put together item by item.
class StatementBuilder {
 public:
  bool has_times() const { return m_has_times; }

  // False when `item` gives hours that overlap hours already given for the same days: not
  // a lunch split but another service's schedule ("... 9h-18h e o atendimento automático
  // 24 horas por dia").
  bool fits(const Item& item) const {
    if (item.kind != Item::Kind::times) return true;
    if (!m_pending) return !clashes(m_orphans, item.ranges);
    for (int day = 0; day < k_days_per_week; ++day)
      if ((*m_pending)[day] && clashes(m_schedule.ranges_on(day), item.ranges)) return false;
    return true;
  }

  // A label before anything else is part of the statement's raw text.
  void take_label(const Item& item) {
    if (m_first == std::string::npos) m_label = item.begin;
  }

  void take(const Item& item) {
    if (m_first == std::string::npos) {
      m_first = item.begin;
      m_starts_with_days = item.kind == Item::Kind::days || item.kind == Item::Kind::closed;
    }
    m_last = item.end;
    switch (item.kind) {
      case Item::Kind::days:
        take_days(item);
        break;
      case Item::Kind::times:
        take_times(item.ranges);
        break;
      case Item::Kind::always:
        take_always();
        break;
      case Item::Kind::closed:
        close(item.days, item.holidays);
        break;
      case Item::Kind::closed_word:
        close_pending();
        break;
      case Item::Kind::holidays_off:
        m_holidays_off = true;
        break;
      case Item::Kind::lunch:
        m_lunch.insert(m_lunch.end(), item.ranges.begin(), item.ranges.end());
        break;
      default:
        break;
    }
  }

  // Times that found no days in their clause apply every day that has no hours of its own,
  // as a rule without days does in OSM ("9h-17h. Sábados: 9h-12h").
  void end_clause() {
    m_default.insert(m_default.end(), m_orphans.begin(), m_orphans.end());
    m_orphans.clear();
  }

  std::optional<HoursStatement> finish(std::string_view text, const util::FoldedText& folded,
                                       const std::vector<Token>& tokens) {
    end_clause();
    if (!m_has_times) return std::nullopt;
    for (int day = 0; day < k_days_per_week; ++day)
      if (m_schedule.ranges_on(day).empty()) m_schedule.add(only_day(day), m_default);
    m_schedule.close(m_closed);
    for (const TimeRange& pause : m_lunch) m_schedule.remove(pause);
    m_schedule.set_holidays_off(m_holidays_off);
    if (m_schedule.empty()) return std::nullopt;
    std::size_t begin = folded.origin[tokens[std::min(m_first, m_label)].begin];
    std::size_t end = folded.origin[tokens[m_last - 1].end];
    const std::string_view raw = util::trim(text.substr(begin, end - begin));
    begin = static_cast<std::size_t>(raw.data() - text.data());
    // Days first means nothing but punctuation before them: not "Balcão: sábado 9h-13h".
    const bool days_first =
        m_starts_with_days && m_label == std::string::npos &&
        std::all_of(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(m_first),
                    [](const Token& token) { return token.kind == Token::Kind::symbol; });
    return HoursStatement{m_schedule, std::string(raw), begin, begin + raw.size(), days_first};
  }

 private:
  void take_days(const Item& item) {
    if (!m_orphans.empty()) {  // "9h-17h, de segunda a sexta"
      m_schedule.add(item.days, m_orphans);
      m_orphans.clear();
      m_pending.reset();
      return;
    }
    m_pending = item.days;
    m_pending_used = false;
    m_pending_holidays = item.holidays;
  }

  void take_times(const std::vector<TimeRange>& ranges) {
    m_has_times = true;
    if (m_pending) {
      m_schedule.add(*m_pending, ranges);
      m_pending_used = true;
    } else {
      m_orphans.insert(m_orphans.end(), ranges.begin(), ranges.end());
    }
  }

  void take_always() {
    m_has_times = true;
    m_schedule.add(every_day(), {{0, k_minutes_per_day}});
  }

  void close(const DaySet& days, bool holidays) {
    for (int day = 0; day < k_days_per_week; ++day) m_closed[day] = m_closed[day] || days[day];
    m_holidays_off = m_holidays_off || holidays;
  }

  // "Sábados, domingos e feriados: encerrado": the days just named, if no hours were given.
  void close_pending() {
    if (!m_pending || m_pending_used) return;
    close(*m_pending, m_pending_holidays);
    m_pending.reset();
  }

  Schedule m_schedule;
  std::optional<DaySet> m_pending;  // days waiting for their times
  bool m_pending_used = false;
  bool m_pending_holidays = false;
  std::vector<TimeRange> m_orphans;  // times waiting for their days
  std::vector<TimeRange> m_default;  // times that found none
  DaySet m_closed{};
  bool m_holidays_off = false;
  std::vector<TimeRange> m_lunch;
  bool m_has_times = false;
  std::size_t m_label = std::string::npos;
  std::size_t m_first = std::string::npos;  // token span of the statement
  std::size_t m_last = 0;
  bool m_starts_with_days = false;
};

bool states_no_weekly_hours(const Item& item) {
  return item.kind == Item::Kind::date || item.kind == Item::Kind::duration;
}

// The items of each clause (between separators); a clause with a date or a duration in it
// is dropped whole.
std::vector<std::vector<Item>> weekly_clauses(std::vector<Item> items) {
  std::vector<std::vector<Item>> clauses(1);
  for (Item& item : items) {
    if (item.kind == Item::Kind::separator)
      clauses.emplace_back();
    else
      clauses.back().push_back(std::move(item));
  }
  std::erase_if(clauses, [](const std::vector<Item>& clause) {
    return clause.empty() || std::any_of(clause.begin(), clause.end(), states_no_weekly_hours);
  });
  return clauses;
}

// Reads the tokens of a folded text as they go by, without keeping them, and counts what
// may_state_hours needs: tokens that may start a clock, marks of a clock, the number 24.
class ClockEvidence {
 public:
  explicit ClockEvidence(const ClockWords& words) : m_words(words) {}

  // A byte of a folded code point.
  void add(char c) {
    if (is_digit_byte(c)) {
      add_digits(std::string_view(&c, 1));
    } else if (is_letter_byte(c)) {  // kept in the buffer: the word is no view of the text
      if (m_run != Run::word) {
        end_token();
        m_run = Run::word;
      } else if (!m_word_view.empty()) {
        move_word_to_buffer();
      }
      if (m_length < m_word.size()) m_word[m_length] = c;
      ++m_length;
      m_previous = c;
    } else {
      add_separator(c);
    }
  }

  // Whether no token is being read: the last one has ended.
  bool idle() const { return m_run == Run::none; }

  // A whole word of ASCII letters, in any case, with no token before it to end and an ASCII
  // byte after it that ends it: what add_letters() and the end of the token make of it.
  void add_word(std::string_view letters) {
    count_word(letters);
    m_previous = letters.back();
  }

  // A run of ASCII digits: what add() would make of them one by one.
  void add_digits(std::string_view digits) {
    if (m_run != Run::number) {
      end_token();
      m_run = Run::number;
      m_marked = m_marked || m_previous == ':' || m_previous == '.';  // "9:30", "9.30"
    }
    for (const char c : digits)
      if (++m_digits <= 4) m_value = m_value * 10 + (c - '0');
    m_previous = digits.back();
  }

  // A byte that is neither letter nor digit: what add() makes of it.
  void add_separator(char c) {
    end_token();
    m_previous = c;
  }

  // A run of ASCII letters, in any case: what add() would make of them one by one, without
  // asking of each what it is. A word of one run is kept as a view of the text; only a word
  // that goes on past a folded letter ("manhã") is copied.
  void add_letters(std::string_view letters) {
    if (m_run != Run::word) {
      end_token();
      m_run = Run::word;
      m_word_view = letters;
      m_length = letters.size();
    } else {
      if (!m_word_view.empty()) move_word_to_buffer();
      // Letters past the longest clock word are only counted: the word is none.
      const std::size_t at = std::min(m_length, m_word.size());
      const std::size_t kept = std::min(letters.size(), m_word.size() - at);
      std::copy_n(letters.begin(), kept, m_word.begin() + static_cast<std::ptrdiff_t>(at));
      m_length += letters.size();
    }
    m_previous = letters.back();
  }

  void end_token() {
    if (m_run == Run::none) return;  // nothing begun since the last token ended
    if (m_run == Run::number) {
      ++m_starts;
      m_twenty_four = m_twenty_four || (m_digits <= 4 && m_value == 24);
    } else if (m_run == Run::word && m_length <= m_word.size()) {  // m_word holds it all
      count_word(m_word_view.empty() ? std::string_view(m_word.data(), m_length) : m_word_view);
    }
    m_run = Run::none;
    m_digits = 0;
    m_value = 0;
    m_length = 0;
    m_word_view = {};
  }

  // A time range holds two clock times, at least one of them marked; an always-open
  // phrase ("24/7", "24 horas") holds the number 24.
  bool enough() const { return m_twenty_four || (m_starts >= 2 && m_marked); }

 private:
  void count_word(std::string_view word) {
    const ClockWordRole role = m_words.role(word);  // none for a word longer than any clock word
    m_starts += role.starts ? 1 : 0;
    m_marked = m_marked || role.marks;
  }

  void move_word_to_buffer() {
    std::copy_n(m_word_view.begin(), std::min(m_word_view.size(), m_word.size()), m_word.begin());
    m_word_view = {};
  }

  enum class Run { none, number, word };
  const ClockWords& m_words;
  Run m_run = Run::none;
  std::size_t m_digits = 0;
  int m_value = 0;
  // The word being read: a view of the text while it is one run of ASCII letters, else its
  // first letters in m_word (longer words are no clock words); m_length counts them all.
  std::string_view m_word_view;
  std::array<char, k_longest_clock_word> m_word{};
  std::size_t m_length = 0;
  char m_previous = ' ';
  std::size_t m_starts = 0;
  bool m_marked = false;
  bool m_twenty_four = false;
};

// An ASCII byte that is neither letter nor digit: it ends a token, and folds to itself.
bool is_ascii_separator(char c) {
  return static_cast<unsigned char>(c) < 0x80 && !util::is_ascii_letter(c) && !is_digit_byte(c);
}

}  // namespace

bool may_state_hours(std::string_view text) {
  // What the fold of `text` holds, read as fold_for_search would give it. ASCII folds to
  // itself (letters lowered): its words and numbers are taken a run at a time, its other
  // bytes as they are; only the other code points are folded, one by one. The evidence only
  // grows, so it may be asked at any point.
  ClockEvidence evidence(ClockWords::table());
  std::string spare;  // the fold of a code point outside the fold tables
  const auto run_end = [&](std::size_t pos, auto in_run) {
    while (pos < text.size() && in_run(text[pos])) ++pos;
    return pos;
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const char byte = text[pos];
    if (util::is_ascii_letter(byte)) {
      const std::size_t start = pos;
      pos = run_end(pos + 1, [](char c) { return util::is_ascii_letter(c); });
      const std::string_view letters = text.substr(start, pos - start);
      // Most words stand between ASCII separators ("horário de atendimento"): read whole.
      if (evidence.idle() && pos < text.size() && is_ascii_separator(text[pos]))
        evidence.add_word(letters);
      else
        evidence.add_letters(letters);
      continue;  // the evidence is asked after what follows the word
    }
    if (is_digit_byte(byte)) {
      const std::size_t start = pos;
      pos = run_end(pos + 1, is_digit_byte);
      evidence.add_digits(text.substr(start, pos - start));
    } else if (static_cast<unsigned char>(byte) < 0x80) {
      evidence.add_separator(byte);
      ++pos;
    } else {
      const util::NonAsciiFold fold = util::fold_non_ascii(text, pos, spare);
      for (const char c : fold.text) evidence.add(c);
      pos = fold.next;
    }
    if (evidence.enough()) return true;
  }
  evidence.end_token();
  return evidence.enough();
}

std::vector<HoursStatement> parse_hours(std::string_view text) {
  // Most parts of a page state no hours; they are told apart without building tokens.
  if (!may_state_hours(text)) return {};
  return parse_hours_unfiltered(text);
}

std::vector<HoursStatement> parse_hours_unfiltered(std::string_view text) {
  const util::FoldedText folded = util::fold_with_origin(text);
  const std::vector<Token> tokens = tokenize(folded.text);
  std::vector<HoursStatement> statements;
  StatementBuilder current;
  const auto start_new = [&] {
    if (auto statement = current.finish(text, folded, tokens))
      statements.push_back(std::move(*statement));
    current = StatementBuilder();
  };
  for (const std::vector<Item>& clause : weekly_clauses(read_items(tokens))) {
    for (const Item& item : clause) {
      // A label after hours names another service: "...; serviço automático: 24 horas".
      if ((item.kind == Item::Kind::label && current.has_times()) || !current.fits(item))
        start_new();
      if (item.kind == Item::Kind::label)
        current.take_label(item);
      else
        current.take(item);
    }
    current.end_clause();
  }
  start_new();
  return statements;
}

std::optional<DaySet> parse_days(std::string_view text) {
  const std::vector<Token> tokens = tokenize(util::fold_for_search(text));
  // A text that names only days starts with them: most cells of a table do not.
  if (!days_start_at(tokens, 0, {.lone_abbreviations = true})) return std::nullopt;
  const std::vector<Item> items = read_items(tokens, {.lone_abbreviations = true});
  if (items.size() != 1 || items[0].kind != Item::Kind::days || items[0].begin != 0)
    return std::nullopt;
  // Nothing after the days but punctuation ("Seg.", "Sábado:").
  for (std::size_t i = items[0].end; i < tokens.size(); ++i)
    if (tokens[i].kind != Token::Kind::symbol) return std::nullopt;
  return items[0].days;
}

bool says_closed_on_holidays(std::string_view text) {
  const std::vector<Item> items = read_items(tokenize(util::fold_for_search(text)));
  bool holidays = false;
  bool closes = false;
  for (const Item& item : items) {
    if (item.kind == Item::Kind::times || item.kind == Item::Kind::always) return false;
    holidays = holidays || item.holidays || item.kind == Item::Kind::holidays_off;
    closes = closes || item.kind == Item::Kind::closed_word ||
             item.kind == Item::Kind::holidays_off || item.kind == Item::Kind::closed;
  }
  return holidays && closes;
}

bool says_same_hours(std::string_view text) {
  const std::string folded = util::fold_for_search(text);
  for (std::string_view phrase : {"mesmo horario", "same hours", "same opening hours",
                                  "mismo horario", "memes horaires", "idem"})
    if (folded.find(phrase) != std::string::npos) return true;
  return false;
}

}  // namespace freshcheck::hours
