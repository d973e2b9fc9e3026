#include "config/located_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "util/text.hpp"

namespace freshcheck::config {

using json = nlohmann::json;

std::string Diagnostic::to_string() const {
  if (where.line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, where.line, where.column, message);
}

namespace {

// A char iterator that tells how far nlohmann's lexer has read. The lexer reads strings
// and punctuation exactly and numbers and literals with one character of look-ahead, which
// PositionRecorder accounts for.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* position, const char** furthest)
      : m_position(position), m_furthest(furthest) {}
  reference operator*() const { return *m_position; }
  CountingIterator& operator++() {
    ++m_position;
    if (m_position > *m_furthest) *m_furthest = m_position;
    return *this;
  }
  CountingIterator operator++(int) {
    auto copy = *this;
    ++*this;
    return copy;
  }
  bool operator==(const CountingIterator& other) const { return m_position == other.m_position; }

 private:
  const char* m_position;
  const char** m_furthest;
};

// Byte offset -> line and code-point column in time linear in the text over a whole parse:
// line starts come from one pass and a binary search, and the column is counted on from the
// previous answer when the offset lies further on the same line. Offsets arrive in order
// (every token starts after the one before), so each byte is counted about once; recounting
// from the line start each time made a one-line (minified) file quadratic.
class PositionIndex {
 public:
  explicit PositionIndex(std::string_view text) : m_text(text) {
    m_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') m_starts.push_back(i + 1);
  }

  Location at(std::size_t offset) {
    offset = std::min(offset, m_text.size());
    const auto next = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    const int line = static_cast<int>(next - m_starts.begin());
    const std::size_t line_start = *(next - 1);
    if (line != m_last.line || offset < m_last_offset) {
      m_last = {line, 1};
      m_last_offset = line_start;
    }
    m_last.column += static_cast<int>(
        util::code_point_count(m_text.substr(m_last_offset, offset - m_last_offset)));
    m_last_offset = offset;
    return m_last;
  }

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_starts;
  Location m_last{0, 1};
  std::size_t m_last_offset = 0;
};

}  // namespace

// Records the start of every value and key as the SAX events arrive. Each token starts at
// the first significant character after the previous token's end.
class PositionRecorder {
 public:
  PositionRecorder(LocatedJson& target, std::string_view text, const char** furthest)
      : m_target(target), m_text(text), m_lines(text), m_furthest(furthest) {}

  bool null() { return scalar(); }
  bool boolean(bool) { return scalar(); }
  bool number_integer(json::number_integer_t) { return scalar(); }
  bool number_unsigned(json::number_unsigned_t) { return scalar(); }
  bool number_float(json::number_float_t, const std::string&) { return scalar(); }
  bool string(std::string&) {
    record_value(token_start());
    m_last_end = consumed();
    advance_array_index();
    return true;
  }
  bool binary(json::binary_t&) { return scalar(); }

  bool start_object(std::size_t) { return open(Frame::Kind::object); }
  bool start_array(std::size_t) { return open(Frame::Kind::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& name) {
    const std::size_t start = token_start();
    m_last_end = consumed();
    Frame& frame = m_frames.back();
    frame.key = name;
    const Location where = m_lines.at(start);
    if (const auto seen = frame.keys_seen.find(name); seen != frame.keys_seen.end()) {
      m_target.m_diagnostics.push_back(
          {m_target.m_file, where,
           fmt::format("duplicate key \"{}\" (first at line {}, column {}); remove one of them",
                       name, seen->second.line, seen->second.column)});
    } else {
      frame.keys_seen.emplace(name, where);
    }
    m_target.m_key_locations.emplace(current_pointer().to_string(), where);
    return true;
  }

  // `byte` is just past the offending token. Point at its last character, or at the
  // opening quote when it is a string, where a reader looks for the mistake.
  bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& error) {
    std::string message = error.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
    if (const auto colon = message.find(": "); colon != std::string::npos)
      message = message.substr(colon + 2);
    m_target.m_diagnostics.push_back(
        {m_target.m_file, m_lines.at(offending_token_start(byte)), "invalid JSON: " + message});
    return false;
  }

 private:
  struct Frame {
    enum class Kind { object, array } kind;
    std::string key;
    std::size_t index = 0;
    std::map<std::string, Location> keys_seen;
  };

  std::size_t offending_token_start(std::size_t byte) const {
    std::size_t at = std::min(byte, m_text.size());
    if (at > 0) --at;
    if (at < m_text.size() && m_text[at] == '"' && at > 0) {
      std::size_t open = at - 1;
      while (open > 0 && (m_text[open] != '"' || m_text[open - 1] == '\\') && m_text[open] != '\n')
        --open;
      if (m_text[open] == '"') at = open;
    }
    return at;
  }

  std::size_t consumed() const { return static_cast<std::size_t>(*m_furthest - m_text.data()); }

  // The first character after the previous token that is not white space, a comment, or a
  // separator.
  std::size_t token_start() const {
    std::size_t i = m_last_end;
    while (i < m_text.size()) {
      const char c = m_text[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ':') {
        ++i;
      } else if (m_text.compare(i, 2, "//") == 0) {
        i = m_text.find('\n', i);
        if (i == std::string_view::npos) return m_text.size();
      } else if (m_text.compare(i, 2, "/*") == 0) {
        i = m_text.find("*/", i + 2);
        if (i == std::string_view::npos) return m_text.size();
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  json::json_pointer current_pointer() const {
    json::json_pointer pointer;
    for (const Frame& frame : m_frames)
      pointer /= frame.kind == Frame::Kind::object ? frame.key : std::to_string(frame.index);
    return pointer;
  }

  void record_value(std::size_t start) {
    m_target.m_value_locations.emplace(current_pointer().to_string(), m_lines.at(start));
  }

  void advance_array_index() {
    if (!m_frames.empty() && m_frames.back().kind == Frame::Kind::array) ++m_frames.back().index;
  }

  bool scalar() {
    const std::size_t start = token_start();
    record_value(start);
    // Numbers and literals are read with one character of look-ahead.
    std::size_t end = consumed();
    if (end > start + 1 && end <= m_text.size()) {
      const char last = m_text[end - 1];
      const bool token_char = (last >= '0' && last <= '9') || (last >= 'a' && last <= 'z') ||
                              (last >= 'A' && last <= 'Z') || last == '.' || last == '+' ||
                              last == '-';
      if (!token_char) --end;
    }
    m_last_end = end;
    advance_array_index();
    return true;
  }

  bool open(Frame::Kind kind) {
    const std::size_t start = token_start();
    if (m_frames.size() >= k_max_json_depth) {
      // Stopping here also keeps the parse linear: every value's pointer spells out the
      // whole path, so thousands of levels cost their square.
      m_target.m_diagnostics.push_back(
          {m_target.m_file, m_lines.at(start),
           fmt::format("arrays and objects nested deeper than {} levels; a rules or dataset "
                       "file needs a few: look for brackets that are never closed",
                       k_max_json_depth)});
      return false;
    }
    record_value(start);
    m_last_end = consumed();
    m_frames.push_back(Frame{kind, {}, 0, {}});
    return true;
  }

  bool close() {
    m_last_end = consumed();
    m_frames.pop_back();
    advance_array_index();
    return true;
  }

  LocatedJson& m_target;
  std::string_view m_text;
  PositionIndex m_lines;
  const char** m_furthest;
  std::size_t m_last_end = 0;
  std::vector<Frame> m_frames;
};

LocatedJson LocatedJson::parse(std::string file, std::string_view text) {
  LocatedJson result;
  result.m_file = std::move(file);
  const char* furthest = text.data();
  PositionRecorder recorder(result, text, &furthest);
  const bool well_formed =
      json::sax_parse(CountingIterator(text.data(), &furthest),
                      CountingIterator(text.data() + text.size(), &furthest), &recorder,
                      json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/true);
  if (well_formed)
    result.m_value = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/true,
                                 /*ignore_comments=*/true);
  return result;
}

namespace {

Location lookup(const std::map<std::string, Location>& locations, json::json_pointer pointer) {
  while (true) {
    if (const auto found = locations.find(pointer.to_string()); found != locations.end())
      return found->second;
    if (pointer.empty()) return {1, 1};
    pointer = pointer.parent_pointer();
  }
}

}  // namespace

Location LocatedJson::value_at(const json::json_pointer& pointer) const {
  return lookup(m_value_locations, pointer);
}

Location LocatedJson::key_of(const json::json_pointer& pointer) const {
  if (const auto found = m_key_locations.find(pointer.to_string()); found != m_key_locations.end())
    return found->second;
  return value_at(pointer);
}

Diagnostic LocatedJson::error_at(const json::json_pointer& pointer, std::string message) const {
  return {m_file, value_at(pointer), std::move(message)};
}

Diagnostic LocatedJson::error_at_key(const json::json_pointer& pointer, std::string message) const {
  return {m_file, key_of(pointer), std::move(message)};
}

}  // namespace freshcheck::config
