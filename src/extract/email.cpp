#include "extract/email.hpp"

#include <re2/re2.h>

#include <cstring>

#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::extract {
namespace {

const RE2& plain_address() {
  static const RE2 pattern(
      R"(([A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}))");
  return util::compiled(pattern);
}

// name [at] domain [dot] pt, name(arroba)domain.pt, name (@) domain.pt, name arroba domain.pt
const RE2& obfuscated_address() {
  static const RE2 pattern(
      R"((?i)([a-z0-9][a-z0-9._%+-]*)\s*(?:\[\s*(?:at|arroba|@)\s*\]|\(\s*(?:at|arroba|@)\s*\)|\{\s*(?:at|arroba|@)\s*\}|\s+arroba\s+)\s*([a-z0-9-]+(?:\s*(?:\.|\[\s*(?:dot|ponto|\.)\s*\]|\(\s*(?:dot|ponto|\.)\s*\)|\s+(?:dot|ponto)\s+)\s*[a-z0-9-]+)+))");
  return util::compiled(pattern);
}

const RE2& domain_separator() {
  static const RE2 pattern(
      R"((?i)\s*(?:\[\s*(?:dot|ponto|\.)\s*\]|\(\s*(?:dot|ponto|\.)\s*\)|\s+(?:dot|ponto)\s+|\.)\s*)");
  return util::compiled(pattern);
}

bool overlaps(const std::vector<std::pair<std::size_t, std::size_t>>& spans, std::size_t start,
              std::size_t end) {
  for (const auto& [s, e] : spans)
    if (start < e && end > s) return true;
  return false;
}

// What the address patterns cannot match without, looked for first: most blocks hold no
// address. A plain one needs an "@".
bool may_hold_plain_address(std::string_view text) {
  return text.find('@') != std::string_view::npos;
}

// A written-out one needs a bracket or the word "arroba" (in any case). Each is looked for
// with memchr, which reads many bytes at a time: for "arroba", its rare letter "b".
bool may_hold_written_address(std::string_view text) {
  if (text.empty()) return false;  // memchr is given no null pointer
  const auto holds = [&](char c) { return std::memchr(text.data(), c, text.size()) != nullptr; };
  if (holds('[') || holds('(') || holds('{')) return true;
  const auto lower = [&](std::size_t i) { return static_cast<char>(text[i] | 0x20); };
  for (const char b : {'b', 'B'}) {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* at = begin; (at = static_cast<const char*>(std::memchr(at, b, end - at)));
         ++at) {
      const auto i = static_cast<std::size_t>(at - begin);  // "arroba"'s fifth letter
      if (i >= 4 && i + 1 < text.size() && lower(i - 4) == 'a' && lower(i - 3) == 'r' &&
          lower(i - 2) == 'r' && lower(i - 1) == 'o' && lower(i + 1) == 'a')
        return true;
    }
  }
  return false;
}

}  // namespace

std::string normalise_address(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return std::string(address);
  return std::string(address.substr(0, at + 1)) + util::ascii_lower(address.substr(at + 1));
}

std::vector<EmailMatch> find_emails(std::string_view text) {
  std::vector<EmailMatch> found;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece address;
  const bool may_be_plain = may_hold_plain_address(text);
  while (may_be_plain && RE2::FindAndConsume(&input, plain_address(), &address)) {
    const auto start = static_cast<std::size_t>(address.data() - text.data());
    spans.emplace_back(start, start + address.size());
    found.push_back({normalise_address(std::string_view(address.data(), address.size())),
                     std::string(address.data(), address.size()), false});
  }

  input = re2::StringPiece(text.data(), text.size());
  re2::StringPiece local, domain;
  const bool may_be_written = may_hold_written_address(text);
  while (may_be_written && RE2::FindAndConsume(&input, obfuscated_address(), &local, &domain)) {
    const auto start = static_cast<std::size_t>(local.data() - text.data());
    const auto end = static_cast<std::size_t>(domain.data() + domain.size() - text.data());
    if (overlaps(spans, start, end)) continue;
    std::string clean_domain(domain.data(), domain.size());
    RE2::GlobalReplace(&clean_domain, domain_separator(), ".");
    // The last label must look like a top-level domain.
    const auto last_dot = clean_domain.rfind('.');
    if (last_dot == std::string::npos || clean_domain.size() - last_dot - 1 < 2) continue;
    found.push_back(
        {normalise_address(std::string(local.data(), local.size()) + "@" + clean_domain),
         std::string(text.substr(start, end - start)), true});
  }
  return found;
}

std::vector<std::string> addresses_in_mailto(std::string_view url) {
  std::vector<std::string> addresses;
  if (util::ascii_lower(url.substr(0, 7)) != "mailto:") return addresses;
  std::string_view rest = url.substr(7);
  rest = rest.substr(0, rest.find('?'));
  const std::string decoded = util::percent_decode(rest);
  for (const std::string_view one : util::split(decoded, ','))
    if (one.find('@') != std::string_view::npos) addresses.push_back(normalise_address(one));
  return addresses;
}

}  // namespace freshcheck::extract
