#pragma once
// JSON written straight into a string, for outputs too large to build as a tree first: the
// `extract --json` form of a page is ~400 KB, mostly links with their block, and building
// it as an nlohmann::json tree and then dumping it took a fifth of a whole-page extraction.
//
// The layout is nlohmann's dump(): compact (indent < 0) or one member a line (indent >= 0),
// the same escapes (\", \\, \b, \f, \n, \r, \t, other control characters as \u00xx), UTF-8
// kept as it is. Text that is not valid UTF-8 is written with each malformed sequence
// replaced (util::to_valid_utf8), where nlohmann would throw. The caller writes the members
// of an object in the order it wants them; nlohmann's trees sort them by name.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::util {

// The name of a member as the program writes it ("block_index", "e164"): lower-case letters,
// digits and '_', which need no escape. It is checked, quoted and given its colon when the program
// is built (a name with any other character does not compile), so that writing it is one copy.
class JsonName {
 public:
  template <std::size_t N>
  consteval JsonName(const char (&name)[N]) : m_length(N - 1) {  // implicit: key("block")
    static_assert(N - 1 + 4 <= k_capacity, "a JSON name of at most 32 letters");
    m_piece[0] = '"';
    for (std::size_t i = 0; i < m_length; ++i) {
      if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
            name[i] == '_'))
        throw "a JSON name written by the program is lower-case letters, digits and '_'";
      m_piece[i + 1] = name[i];
    }
    m_piece[m_length + 1] = '"';
    m_piece[m_length + 2] = ':';
    m_piece[m_length + 3] = ' ';
  }

  // `"name":`, and `"name": ` when the JSON is indented.
  std::string_view quoted(bool indented) const {
    return {m_piece.data(), m_length + (indented ? 4 : 3)};
  }

 private:
  static constexpr std::size_t k_capacity = 36;
  std::array<char, k_capacity> m_piece{};
  std::size_t m_length;
};

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, int indent = -1) : m_out(out), m_indent(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The name of the next member of the object being written.
  JsonWriter& key(JsonName name) {
    before_value();
    m_out.append(name.quoted(m_indent >= 0));
    m_after_key = true;
    return *this;
  }

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& null();
  // A value already in JSON form (a string quoted once, by quoted() or value(), and written
  // many times).
  JsonWriter& raw_value(std::string_view json);

  // The JSON string literal of `text`, quotes and escapes included.
  static std::string quoted(std::string_view text);

  // key(name).value(v), the usual pair.
  template <class T>
  JsonWriter& member(JsonName name, const T& v) {
    return key(name).value(v);
  }

 private:
  void before_value();
  void close(char bracket);
  void new_line();
  void write_string(std::string_view text);

  std::string& m_out;
  int m_indent;
  // Per open object or array: nothing written in it yet (bytes, not vector<bool>'s bits:
  // it is read before every value).
  std::vector<unsigned char> m_level_empty;
  bool m_after_key = false;
};

}  // namespace freshcheck::util
