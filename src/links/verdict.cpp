#include "links/verdict.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>

#include "extract/phone.hpp"
#include "phone/phone_number.hpp"
#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::links {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok:
      return "ok";
    case Verdict::redirected:
      return "redirected";
    case Verdict::broken:
      return "broken";
    case Verdict::blocked:
      return "blocked";
    case Verdict::unchecked:
      return "unchecked";
  }
  return "unchecked";
}

Summary summarise(const std::vector<LinkResult>& results) {
  Summary summary;
  summary.total = results.size();
  for (const LinkResult& result : results) {
    switch (result.verdict) {
      case Verdict::ok:
        ++summary.ok;
        break;
      case Verdict::redirected:
        ++summary.redirected;
        break;
      case Verdict::broken:
        ++summary.broken;
        break;
      case Verdict::blocked:
        ++summary.blocked;
        break;
      case Verdict::unchecked:
        ++summary.unchecked;
        break;
    }
    if (result.network_problem) ++summary.network_problems;
  }
  return summary;
}

namespace {

bool is_permanent(long status) {
  return status == 301 || status == 308;
}

Judgement broken(std::string reason) {
  return {Verdict::broken, std::move(reason), {}, false};
}

Judgement unchecked(std::string reason, bool network) {
  return {Verdict::unchecked, std::move(reason), {}, network};
}

Judgement judge_status(const fetch::FetchResult& result) {
  const long status = result.http_status;
  const std::string after =
      result.attempts > 1 ? fmt::format(" (after {} attempts)", result.attempts) : "";
  if (status == 401 || status == 403)
    return {Verdict::blocked,
            fmt::format("HTTP {}: the server refused access to a checker; open it in a browser",
                        status),
            {},
            false};
  if (status == 429) return unchecked(fmt::format("HTTP 429: still rate limited{}", after), true);
  // A 503 with Retry-After is the server saying "maintenance, come back later" in so many
  // words: not a dead link, even when the wait is longer than this run can give.
  if (status == 503 && result.headers.count("retry-after") > 0)
    return unchecked(fmt::format("HTTP 503 with Retry-After {}: still in maintenance{}",
                                 result.headers.at("retry-after"), after),
                     true);
  if (status == 404) return broken("HTTP 404: not found");
  if (status == 410) return broken("HTTP 410: gone");
  if (status >= 500) return broken(fmt::format("HTTP {}: server error{}", status, after));
  return broken(fmt::format("HTTP {}", status));
}

Judgement judge_unreachable(const fetch::FetchResult& result, bool network_up) {
  if (!network_up)
    return unchecked(
        fmt::format("no network: {} ({})", result.message, fetch::to_string(result.error)), true);
  switch (result.error) {
    case fetch::ErrorKind::dns:
      return broken("the host does not exist (DNS), while other hosts resolve");
    case fetch::ErrorKind::timeout:
      return broken("no answer within the timeout");
    case fetch::ErrorKind::connect:
      return broken("the server refuses connections");
    default:
      return broken(result.message);
  }
}

}  // namespace

std::vector<ChainHop> chain_of(const fetch::FetchResult& result) {
  std::vector<ChainHop> chain;
  if (result.redirects.empty()) return chain;
  for (const fetch::Hop& hop : result.redirects) chain.push_back({hop.url, hop.http_status});
  chain.push_back({result.final_url, result.http_status});
  return chain;
}

std::string permanent_target(const fetch::FetchResult& result) {
  const auto& hops = result.redirects;
  std::size_t permanent = 0;
  while (permanent < hops.size() && is_permanent(hops[permanent].http_status)) ++permanent;
  if (permanent == 0) return {};
  return permanent < hops.size() ? hops[permanent].url : result.final_url;
}

Judgement judge_fetch(const fetch::FetchResult& result, bool network_up) {
  using fetch::ErrorKind;
  if (result.outcome != fetch::Outcome::failed || result.error == ErrorKind::too_large) {
    if (result.redirects.empty()) return {Verdict::ok, {}, {}, false};
    Judgement judgement{Verdict::redirected, {}, permanent_target(result), false};
    judgement.reason =
        judgement.suggestion.empty()
            ? fmt::format("temporary redirect to {}", result.final_url)
            : fmt::format("permanent redirect: point the link to {}", judgement.suggestion);
    return judgement;
  }
  const std::string via =
      result.redirects.empty() ? "" : fmt::format(" (reached through {})", result.final_url);
  switch (result.error) {
    case ErrorKind::http_status: {
      Judgement judgement = judge_status(result);
      judgement.reason += via;
      return judgement;
    }
    case ErrorKind::blocked:
      return {Verdict::blocked, "a bot wall or challenge page: open it in a browser", {}, false};
    case ErrorKind::robots_denied:
      return unchecked("robots.txt disallows it", false);
    case ErrorKind::private_address:
      return unchecked("a private or loopback address (--allow-private checks it)", false);
    case ErrorKind::unsupported_scheme:
      return unchecked("not an http(s) link", false);
    case ErrorKind::redirect_loop:
    case ErrorKind::redirect_limit:
    case ErrorKind::redirect_scheme:
    case ErrorKind::redirect_downgrade:
    case ErrorKind::tls:
      return broken(result.message);
    case ErrorKind::dns:
    case ErrorKind::connect:
    case ErrorKind::timeout:
    case ErrorKind::reset:
      return judge_unreachable(result, network_up);
    default:
      return unchecked(result.message, true);
  }
}

Judgement judge_tel(std::string_view url, std::string_view text, std::string_view region) {
  std::string number = util::percent_decode(url.substr(std::min<std::size_t>(4, url.size())));
  number = number.substr(0, number.find(';'));  // ;ext=, ;phone-context=
  auto parsed = phone::parse(number, region);
  if (!parsed)
    return broken(fmt::format("tel:{} is not a phone number: {}", number, parsed.error().message));
  const auto shown = extract::find_phones(text, region);
  if (shown.empty()) return {Verdict::ok, {}, {}, false};
  const bool same = std::any_of(shown.begin(), shown.end(), [&](const extract::PhoneMatch& m) {
    return m.e164 == parsed.value().e164;
  });
  if (same) return {Verdict::ok, {}, {}, false};
  return broken(fmt::format("the link dials {} but its text shows {}",
                            phone::format_international(parsed.value().e164),
                            phone::format_international(shown.front().e164)));
}

bool is_valid_email_syntax(std::string_view address) {
  // RFC 5322's dot-atom local part; a domain of letter-digit-hyphen labels (UTF-8 allowed
  // for internationalised names) with a top-level label of two letters or more.
  static const RE2 email(
      R"([A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:(?:[A-Za-z0-9]|[\x80-\xff])(?:(?:[A-Za-z0-9-]|[\x80-\xff]){0,61}(?:[A-Za-z0-9]|[\x80-\xff]))?\.)+(?:[A-Za-z]|[\x80-\xff]){2,63})",
      RE2::Latin1);
  return address.size() <= 254 && RE2::FullMatch(address, util::compiled(email));
}

Judgement judge_mailto(std::string_view url) {
  std::string_view rest = url.substr(std::min<std::size_t>(7, url.size()));
  rest = rest.substr(0, rest.find('?'));
  const std::string decoded = util::percent_decode(rest);
  std::vector<std::string> addresses;
  for (const std::string_view one : util::split(decoded, ','))
    if (!one.empty()) addresses.emplace_back(one);
  if (addresses.empty()) return broken("mailto: without an address");
  for (const std::string& address : addresses)
    if (!is_valid_email_syntax(address))
      return broken(fmt::format("\"{}\" is not a valid e-mail address", address));
  return {Verdict::ok, {}, {}, false};
}

std::string fragment_of(std::string_view url) {
  const auto hash = url.find('#');
  if (hash == std::string_view::npos) return {};
  return util::percent_decode(url.substr(hash + 1));
}

std::string without_fragment(std::string_view url) {
  return std::string(url.substr(0, url.find('#')));
}

}  // namespace freshcheck::links
