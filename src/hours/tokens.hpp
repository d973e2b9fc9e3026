#pragma once
// The words, numbers and symbols of a folded text (lower case, accents removed), and a view
// over them that the hours reader asks questions of: "is token i one of these words?".

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::hours {

struct Token {
  enum class Kind { number, word, symbol } kind = Kind::symbol;
  std::string text;       // a line break is the symbol "\n"
  std::size_t begin = 0;  // byte offsets in the folded text
  std::size_t end = 0;
  bool space_before = false;
  int value = 0;  // for numbers; 99999 for numbers of more than four digits
};

std::vector<Token> tokenize(std::string_view folded);

// The bytes of a folded text that make number and word tokens: ASCII digits and letters.
// Every other byte ends a token.
inline bool is_digit_byte(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_letter_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words);

class TokenView {
 public:
  explicit TokenView(const std::vector<Token>& tokens) : m_tokens(tokens) {}

  std::size_t size() const { return m_tokens.size(); }
  const Token* at(std::size_t i) const { return i < m_tokens.size() ? &m_tokens[i] : nullptr; }
  bool word_at(std::size_t i, std::initializer_list<std::string_view> words) const;
  bool symbol_at(std::size_t i, std::initializer_list<std::string_view> symbols) const;
  bool number_at(std::size_t i) const { return kind_at(i, Token::Kind::number); }
  bool any_word_at(std::size_t i) const { return kind_at(i, Token::Kind::word); }
  // A number at i whose value lies in [low, high].
  bool number_in(std::size_t i, int low, int high) const;
  // True when token i follows the one before it with no space ("9h", "2.ª").
  bool glued(std::size_t i) const { return at(i) && !at(i)->space_before; }

 private:
  bool kind_at(std::size_t i, Token::Kind kind) const { return at(i) && at(i)->kind == kind; }

  const std::vector<Token>& m_tokens;
};

}  // namespace freshcheck::hours
