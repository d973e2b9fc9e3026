#include "fetch/robots.hpp"

#include "util/text.hpp"

namespace freshcheck::fetch {
namespace {

// Pattern match with '*' (any run) and a trailing '$' (end of path); otherwise a prefix.
bool matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Classic two-pointer wildcard match, with an implicit '*' at the end unless anchored.
  std::size_t p = 0, s = 0, star = std::string_view::npos, resume = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

RobotsRules RobotsRules::parse(std::string_view text, std::string_view product) {
  const std::string wanted = util::ascii_lower(product);
  std::vector<Rule> ours, wildcard;
  bool ours_named = false;  // a group names us, even with no rules: then "*" does not apply
  std::vector<Rule>* current = nullptr;
  bool in_agent_lines = false;
  bool group_is_ours = false, group_is_wildcard = false;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = util::ascii_lower(util::trim(line.substr(0, colon)));
    const std::string value(util::trim(line.substr(colon + 1)));
    if (key == "user-agent") {
      if (!in_agent_lines) group_is_ours = group_is_wildcard = false;
      in_agent_lines = true;
      const std::string agent = util::ascii_lower(value);
      group_is_ours = group_is_ours || agent == wanted;
      ours_named = ours_named || agent == wanted;
      group_is_wildcard = group_is_wildcard || agent == "*";
      current = group_is_ours ? &ours : (group_is_wildcard ? &wildcard : nullptr);
      continue;
    }
    in_agent_lines = false;
    if ((key == "allow" || key == "disallow") && current) {
      if (value.empty()) continue;  // "Disallow:" with nothing allows everything
      current->push_back({key == "allow", value});
    }
  }
  RobotsRules rules;
  rules.m_rules = ours_named ? std::move(ours) : std::move(wildcard);
  return rules;
}

bool RobotsRules::allows(std::string_view path) const {
  const Rule* best = nullptr;
  for (const Rule& rule : m_rules) {
    if (!matches(rule.pattern, path)) continue;
    // Longest pattern wins; on a tie, Allow wins.
    if (!best || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow))
      best = &rule;
  }
  return !best || best->allow;
}

}  // namespace freshcheck::fetch
