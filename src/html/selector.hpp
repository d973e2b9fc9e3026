#pragma once
// The subset of CSS selectors a rule's `scope` may use: type (`main`), id (`#contactos`),
// class (`.card`), the universal `*`, compounds of them (`div.card#x`), the descendant
// (space) and child (`>`) combinators, and comma-separated alternatives.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

struct GumboInternalNode;

namespace freshcheck::html {

class Selector {
 public:
  static core::Result<Selector> parse(std::string_view text);

  // True when the element matches any alternative.
  bool matches(const GumboInternalNode* element) const;

  const std::string& text() const { return m_text; }

 private:
  struct Compound {
    std::string tag;  // lower case; empty for any
    std::string id;
    std::vector<std::string> classes;
    bool child_of_previous = false;  // joined to the compound before it by '>'
  };
  using Complex = std::vector<Compound>;

  static bool matches_compound(const Compound& compound, const GumboInternalNode* element);
  static bool matches_from(const Complex& complex, std::size_t index,
                           const GumboInternalNode* element);

  std::string m_text;
  std::vector<Complex> m_alternatives;
};

}  // namespace freshcheck::html
