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

  // How far the selector has matched at one element: for each alternative's compound i,
  // whether compounds 0..i match with the element as compound i, and whether the element
  // or one of its ancestors does. Computed from the parent's state, so a walk from the root
  // down matches every element in time proportional to the selector's length; matching
  // each element on its own by backtracking over ancestors took time that grows with the
  // depth to the power of the compounds ("#gone div div div" on a page 990 <div>s deep ran
  // for minutes).
  class State {
    friend class Selector;
    std::vector<bool> m_ends;     // per compound, all alternatives in a row
    std::vector<bool> m_reached;  // the element or an ancestor ends there
  };
  State initial_state() const;  // above the root: nothing matched
  State state_for(const GumboInternalNode* element, const State& parent) const;
  // True when the element whose state this is matches any alternative.
  bool matches(const State& state) const;

  const std::string& text() const { return m_text; }

  // The id the selector requires of the element it names, when it has one alternative and
  // its last compound names an id (`#contactos`, `main section#contactos`); empty else.
  std::string element_id() const;

 private:
  struct Compound {
    std::string tag;  // lower case; empty for any
    std::string id;
    std::vector<std::string> classes;
    bool child_of_previous = false;  // joined to the compound before it by '>'
  };
  using Complex = std::vector<Compound>;

  static bool matches_compound(const Compound& compound, const GumboInternalNode* element);

  std::string m_text;
  std::vector<Complex> m_alternatives;
  std::size_t m_compound_count = 0;
};

}  // namespace freshcheck::html
