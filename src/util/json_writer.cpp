#include "util/json_writer.hpp"

#include <array>
#include <charconv>
#include <cstdint>

#include "util/eight_bytes.hpp"
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
  std::array<char, 24> digits;  // 2^64 has 20
  const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), number);
  m_out.append(digits.data(), written.ptr);
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
  out.reserve(text.size() + 2);  // most text needs no escape
  JsonWriter(out).write_string(text);
  return out;
}

namespace {

// Each of the eight bytes at `bytes` that is a control character, '"' or '\\' (and perhaps
// bytes after the first of them: see eight_bytes::below).
std::uint64_t escape_marks(const char* bytes) {
  const std::uint64_t word = eight_bytes::load(bytes);
  return eight_bytes::below(word, 0x20) | eight_bytes::equal(word, '"') |
         eight_bytes::equal(word, '\\');
}

bool needs_escape(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
}

// The first byte from `from` on that needs an escape, or text.size(). Most of a page's text
// needs none: eight bytes are looked at together.
std::size_t next_escape(std::string_view text, std::size_t from) {
  std::size_t i = from;
  for (; i + 8 <= text.size(); i += 8)
    if (const std::uint64_t marks = escape_marks(text.data() + i); marks != 0)
      return i + eight_bytes::first_marked(marks);
  while (i < text.size() && !needs_escape(text[i])) ++i;
  return i;
}

}  // namespace

void JsonWriter::write_string(std::string_view text) {
  if (!is_valid_utf8(text)) {
    write_string(to_valid_utf8(text));
    return;
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  m_out += '"';
  std::size_t plain = 0;  // the start of the run of bytes that need no escape
  for (std::size_t i = next_escape(text, 0); i < text.size(); i = next_escape(text, plain)) {
    const auto c = static_cast<unsigned char>(text[i]);
    m_out.append(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        m_out += "\\\"";
        break;
      case '\\':
        m_out += "\\\\";
        break;
      case '\b':
        m_out += "\\b";
        break;
      case '\f':
        m_out += "\\f";
        break;
      case '\n':
        m_out += "\\n";
        break;
      case '\r':
        m_out += "\\r";
        break;
      case '\t':
        m_out += "\\t";
        break;
      default:
        m_out += "\\u00";
        m_out += k_hex[c >> 4];
        m_out += k_hex[c & 0xF];
    }
  }
  m_out.append(text.substr(plain));
  m_out += '"';
}

}  // namespace freshcheck::util
