#include "links/collect.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "html/document.hpp"
#include "url/url.hpp"
#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::links {

namespace {

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> suffixes) {
  const std::string lower = util::ascii_lower(name);
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [&](std::string_view suffix) { return lower.ends_with(suffix); });
}

// The absolute URL of `href` as written, or `href` itself when it cannot be resolved (no
// base, or nonsense): the engine reports those as unchecked with the reason.
std::string absolute(std::string_view href, std::string_view base) {
  const std::string trimmed(util::trim(href));
  const std::string scheme = url::scheme_of(trimmed);
  if (scheme == "mailto" || scheme == "tel") return trimmed;
  if (!scheme.empty() && scheme != "http" && scheme != "https" && scheme != "file") return trimmed;
  if (base.empty()) return trimmed;
  if (auto resolved = url::resolve(base, trimmed)) return *resolved;
  return trimmed;
}

bool skipped_scheme(std::string_view href) {
  const std::string scheme = url::scheme_of(href);
  return scheme == "javascript" || scheme == "data";
}

// Blanks `code spans` (byte for byte) so links shown as code are not taken.
std::string without_code_spans(std::string_view line) {
  std::string out(line);
  std::size_t at = 0;
  while ((at = out.find('`', at)) != std::string::npos) {
    std::size_t ticks = out.find_first_not_of('`', at);
    if (ticks == std::string::npos) break;
    const std::string fence(ticks - at, '`');
    const std::size_t close = out.find(fence, ticks);
    if (close == std::string::npos) break;
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(at),
              out.begin() + static_cast<std::ptrdiff_t>(close + fence.size()), ' ');
    at = close + fence.size();
  }
  return out;
}

bool is_fence(std::string_view line) {
  const std::string_view trimmed = util::trim(line);
  return trimmed.starts_with("```") || trimmed.starts_with("~~~");
}

// Bare http(s) URLs in `line`, skipping spans already taken (marked with '\0').
void bare_urls(std::string_view line, int number, std::string_view file, std::string_view base,
               std::vector<FoundLink>& out) {
  static const RE2 bare(R"((?i)\b((?:https?://|mailto:|tel:)[^\s<>"'`\x00]+))");
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece found;
  while (RE2::FindAndConsume(&input, util::compiled(bare), &found)) {
    std::string target(found.data(), found.size());
    // Trailing punctuation belongs to the sentence; a ')' only when unbalanced.
    while (!target.empty()) {
      const char last = target.back();
      const bool unbalanced_paren =
          last == ')' && std::count(target.begin(), target.end(), '(') <
                             std::count(target.begin(), target.end(), ')');
      if (std::string_view(".,;:!?]*").find(last) == std::string_view::npos && !unbalanced_paren)
        break;
      target.pop_back();
    }
    if (target.find("://") != std::string::npos && target.size() <= 8) continue;
    out.push_back({absolute(target, base), target, {std::string(file), number}});
  }
}

void blank(std::string& line, std::size_t from, std::size_t length) {
  std::fill(line.begin() + static_cast<std::ptrdiff_t>(from),
            line.begin() + static_cast<std::ptrdiff_t>(from + length), '\0');
}

}  // namespace

InputFormat detect_format(std::string_view name, std::string_view bytes) {
  if (ends_with_any(name, {".html", ".htm", ".xhtml"})) return InputFormat::html;
  if (ends_with_any(name, {".md", ".markdown", ".mdown"})) return InputFormat::markdown;
  if (ends_with_any(name, {".txt", ".text"})) return InputFormat::text;
  const std::string head = util::ascii_lower(util::trim(bytes.substr(0, 1024)));
  if (head.starts_with("<!doctype html") || head.starts_with("<html") ||
      head.find("<body") != std::string::npos || head.find("<head") != std::string::npos)
    return InputFormat::html;
  return InputFormat::markdown;
}

std::vector<FoundLink> links_in_markdown(std::string_view text, std::string_view file,
                                         std::string_view base) {
  static const RE2 inline_link(
      R"(!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^\s)>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\))");
  static const RE2 autolink(R"(<((?i:https?://|mailto:|tel:)[^>\s]+)>)");
  static const RE2 reference(R"(^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)>?)");
  static const RE2 anchor_tag(R"((?i)<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>([^<]*))");
  std::vector<FoundLink> out;
  bool in_fence = false;
  int number = 0;
  for (const std::string_view raw : util::split(text, '\n')) {
    ++number;
    if (is_fence(raw)) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    std::string line = without_code_spans(raw);
    const Where where{std::string(file), number};
    re2::StringPiece label, target;
    if (RE2::PartialMatch(line, util::compiled(reference), &label, &target)) {
      out.push_back({absolute(std::string(target), base), std::string(label), where});
      continue;
    }
    for (const RE2* pattern : {&inline_link, &anchor_tag}) {
      re2::StringPiece input(line);
      re2::StringPiece whole;
      const bool anchor = pattern == &anchor_tag;
      // Group order differs: inline is (text, url), the <a> tag is (url, text).
      while (RE2::FindAndConsume(&input, util::compiled(*pattern), anchor ? &target : &label,
                                 anchor ? &label : &target)) {
        const std::string href(target);
        if (!href.empty() && !skipped_scheme(href))
          out.push_back({absolute(href, base), util::collapse_space(std::string(label)), where});
        const auto start = static_cast<std::size_t>(target.data() - line.data());
        blank(line, start, target.size());
      }
    }
    re2::StringPiece input(line);
    while (RE2::FindAndConsume(&input, util::compiled(autolink), &target)) {
      out.push_back({absolute(std::string(target), base), std::string(target), where});
      blank(line, static_cast<std::size_t>(target.data() - line.data()), target.size());
    }
    bare_urls(line, number, file, base, out);
  }
  return out;
}

std::vector<FoundLink> links_in_text(std::string_view text, std::string_view file,
                                     std::string_view base) {
  std::vector<FoundLink> out;
  int number = 0;
  for (const std::string_view line : util::split(text, '\n'))
    bare_urls(line, ++number, file, base, out);
  return out;
}

std::vector<FoundLink> links_in_html(std::string_view bytes, std::string_view file,
                                     std::string_view base, std::string_view scope) {
  html::ParseOptions options;
  options.page_url = std::string(base);
  options.scope = std::string(scope);
  auto document = html::parse_document(bytes, options);
  std::vector<FoundLink> out;
  if (!document) return out;
  for (const html::TextBlock& block : document.value().blocks)
    for (const html::Link& link : block.links) {
      // The reader resolved against the page (and its <base>); a page without a base leaves
      // relative links as written.
      out.push_back({link.url, link.text, {std::string(file), link.line}});
    }
  std::stable_sort(out.begin(), out.end(), [](const FoundLink& a, const FoundLink& b) {
    return a.where.line < b.where.line;
  });
  return out;
}

std::vector<FoundLink> collect(InputFormat format, std::string_view bytes, std::string_view file,
                               std::string_view base, std::string_view scope) {
  switch (format) {
    case InputFormat::html:
      return links_in_html(bytes, file, base, scope);
    case InputFormat::markdown:
      return links_in_markdown(bytes, file, base);
    case InputFormat::text:
      return links_in_text(bytes, file, base);
  }
  return {};
}

std::vector<std::string> anchors_in_html(std::string_view html) {
  static const RE2 anchor(
      R"re((?i)<[a-z][a-z0-9]*(?:\s[^>]*?)?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))re");
  std::vector<std::string> out;
  re2::StringPiece input(html.data(), html.size());
  re2::StringPiece quoted, single, bare;
  while (RE2::FindAndConsume(&input, util::compiled(anchor), &quoted, &single, &bare)) {
    const re2::StringPiece& value = !quoted.empty() ? quoted : (!single.empty() ? single : bare);
    out.emplace_back(value.data(), value.size());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace freshcheck::links
