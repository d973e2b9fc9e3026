#include "util/json_writer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "util/text.hpp"

namespace freshcheck::util {

void JsonWriter::new_line() {
  if (m_indent < 0) return;
  m_out += '\n';
  m_out.append(m_level_empty.size() * static_cast<std::size_t>(m_indent), ' ');
}

// Before a value or a key: the comma and the line break that separate it from the last one.
void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_level_empty.empty()) return;
  if (!m_level_empty.back()) m_out += ',';
  m_level_empty.back() = false;
  new_line();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  m_out += '{';
  m_level_empty.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  m_out += '[';
  m_level_empty.push_back(true);
  return *this;
}

void JsonWriter::close(char bracket) {
  const bool empty = m_level_empty.back();
  m_level_empty.pop_back();
  if (!empty) new_line();  // nlohmann writes an empty one as {} or []
  m_out += bracket;
}

JsonWriter& JsonWriter::end_object() {
  close('}');
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  close(']');
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  write_string(name);
  m_out += m_indent < 0 ? ":" : ": ";
  m_after_key = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  write_string(text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  m_out += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  m_out += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  m_out += "null";
  return *this;
}

JsonWriter& JsonWriter::raw_value(std::string_view json) {
  before_value();
  m_out += json;
  return *this;
}

std::string JsonWriter::quoted(std::string_view text) {
  std::string out;
  JsonWriter(out).write_string(text);
  return out;
}

namespace {

// Whether any of the eight bytes at `bytes` needs a look: a control character, '"', '\\', or
// a byte of a multi-byte UTF-8 sequence (its high bit set). A byte below n leaves a high bit
// in (word - n per byte) & ~word.
bool any_needs_look(const char* bytes) {
  constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
  constexpr std::uint64_t k_highs = 0x8080808080808080ULL;
  std::uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  const auto any_below = [&](std::uint64_t v, std::uint64_t n) {
    return ((v - k_ones * n) & ~v & k_highs) != 0;
  };
  return (word & k_highs) != 0 || any_below(word, 0x20) || any_below(word ^ (k_ones * '"'), 1) ||
         any_below(word ^ (k_ones * '\\'), 1);
}

const char* escape_of(unsigned char c) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return nullptr;
  }
}

}  // namespace

void JsonWriter::write_string(std::string_view text) {
  // One pass: runs that need nothing are copied whole (eight bytes are looked at together),
  // escapes written, and each multi-byte sequence checked as it goes by. Text that turns out
  // not to be UTF-8 is written again, repaired.
  static constexpr char k_hex[] = "0123456789abcdef";
  const std::size_t out_start = m_out.size();
  m_out += '"';
  std::size_t plain = 0;  // the start of the run of bytes that need no escape
  for (std::size_t i = 0; i < text.size();) {
    while (i + 8 <= text.size() && !any_needs_look(text.data() + i)) i += 8;
    if (i >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t start = i;
      if (next_code_point(text, i) == k_replacement_character && i - start != 3) {
        m_out.resize(out_start);  // a malformed sequence (a literal U+FFFD has three bytes)
        write_string(to_valid_utf8(text));
        return;
      }
      continue;
    }
    ++i;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    m_out.append(text.substr(plain, i - 1 - plain));
    plain = i;
    if (const char* escape = escape_of(c)) {
      m_out += escape;
    } else {
      m_out += "\\u00";
      m_out += k_hex[c >> 4];
      m_out += k_hex[c & 0xF];
    }
  }
  m_out.append(text.substr(plain));
  m_out += '"';
}

}  // namespace freshcheck::util
