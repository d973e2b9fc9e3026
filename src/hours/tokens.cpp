#include "hours/tokens.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace freshcheck::hours {
namespace {

// The end of the run of characters at `begin` for which `keep` holds.
template <typename Keep>
std::size_t run_end(std::string_view text, std::size_t begin, Keep keep) {
  std::size_t i = begin;
  while (i < text.size() && keep(text[i])) ++i;
  return i;
}

}  // namespace

std::vector<Token> tokenize(std::string_view folded) {
  std::vector<Token> tokens;
  bool space = false;
  for (std::size_t i = 0; i < folded.size();) {
    const char c = folded[i];
    if (std::isspace(static_cast<unsigned char>(c)) && c != '\n') {
      space = true;
      ++i;
      continue;
    }
    Token token;
    token.begin = i;
    token.space_before = space;
    space = false;
    if (is_digit_byte(c)) {
      i = run_end(folded, i, is_digit_byte);
      token.kind = Token::Kind::number;
      token.text = std::string(folded.substr(token.begin, i - token.begin));
      token.value = token.text.size() <= 4 ? std::stoi(token.text) : 99999;
    } else if (is_letter_byte(c)) {
      i = run_end(folded, i, is_letter_byte);
      token.kind = Token::Kind::word;
      token.text = std::string(folded.substr(token.begin, i - token.begin));
    } else {
      std::size_t next = i;
      util::next_code_point(folded, next);
      token.kind = Token::Kind::symbol;
      token.text = std::string(folded.substr(i, next - i));
      if (c == '\n') space = true;
      i = next;
    }
    token.end = i;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  // Called for every word of every line read for hours: the length and first letter rule
  // out most candidates before a full compare.
  for (const std::string_view candidate : words)
    if (candidate.size() == word.size() &&
        (word.empty() || (candidate[0] == word[0] && candidate == word)))
      return true;
  return false;
}

bool TokenView::word_at(std::size_t i, std::initializer_list<std::string_view> words) const {
  return kind_at(i, Token::Kind::word) && is_one_of(at(i)->text, words);
}

bool TokenView::symbol_at(std::size_t i, std::initializer_list<std::string_view> symbols) const {
  return kind_at(i, Token::Kind::symbol) && is_one_of(at(i)->text, symbols);
}

bool TokenView::number_in(std::size_t i, int low, int high) const {
  return number_at(i) && at(i)->value >= low && at(i)->value <= high;
}

}  // namespace freshcheck::hours
