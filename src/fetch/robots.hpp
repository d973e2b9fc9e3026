#pragma once
// robots.txt (RFC 9309): the group for our user agent, or "*"; Allow/Disallow by longest
// match, "*" and "$" wildcards.

#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::fetch {

class RobotsRules {
 public:
  // `product` is the user agent's product token ("freshcheck"), matched case-insensitively.
  static RobotsRules parse(std::string_view text, std::string_view product);
  static RobotsRules allow_all() { return {}; }

  // `path` is the URL's path and query ("/pt/contactos?x=1").
  bool allows(std::string_view path) const;

 private:
  struct Rule {
    bool allow;
    std::string pattern;
  };
  std::vector<Rule> m_rules;
};

}  // namespace freshcheck::fetch
