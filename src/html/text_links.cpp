#include "html/text_links.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <string>

#include "url/url.hpp"
#include "util/regex.hpp"

namespace freshcheck::html {

std::vector<Link> links_in_line(std::string_view line) {
  static const RE2 markdown(R"(\[([^\]]*)\]\((https?://[^)\s]+)\))");
  static const RE2 address(
      R"((?i)((?:https?://)?(?:[a-z0-9-]+\.)+(?:pt|eu|com|org|net|gov|int)(?:/[^\s)\]|,;]*)?))");
  std::vector<Link> links;
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece label, href;
  while (RE2::FindAndConsume(&input, util::compiled(markdown), &label, &href))
    links.push_back({std::string(href.data(), href.size()), std::string(label.data(), label.size()),
                     "", false});
  input = re2::StringPiece(line.data(), line.size());
  re2::StringPiece found;
  while (RE2::FindAndConsume(&input, util::compiled(address), &found)) {
    const auto start = static_cast<std::size_t>(found.data() - line.data());
    if (start > 0 && (line[start - 1] == '@' || line[start - 1] == '(' || line[start - 1] == '/'))
      continue;
    std::string target(found.data(), found.size());
    while (!target.empty() && (target.back() == '.' || target.back() == ')')) target.pop_back();
    if (target.find("://") == std::string::npos)
      target = "https://" + target + (target.find('/') == std::string::npos ? "/" : "");
    if (std::none_of(links.begin(), links.end(),
                     [&](const Link& l) { return url::same_page(l.url, target); }))
      links.push_back({target, std::string(found.data(), found.size()), "", false});
  }
  return links;
}

}  // namespace freshcheck::html
