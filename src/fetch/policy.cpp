#include "fetch/policy.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>

#include "util/text.hpp"

namespace freshcheck::fetch {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::none:
      return "none";
    case ErrorKind::dns:
      return "dns";
    case ErrorKind::connect:
      return "connect";
    case ErrorKind::tls:
      return "tls";
    case ErrorKind::timeout:
      return "timeout";
    case ErrorKind::reset:
      return "reset";
    case ErrorKind::too_large:
      return "too_large";
    case ErrorKind::redirect_loop:
      return "redirect_loop";
    case ErrorKind::redirect_limit:
      return "redirect_limit";
    case ErrorKind::redirect_scheme:
      return "redirect_scheme";
    case ErrorKind::redirect_downgrade:
      return "redirect_downgrade";
    case ErrorKind::http_status:
      return "http_status";
    case ErrorKind::robots_denied:
      return "robots_denied";
    case ErrorKind::blocked:
      return "blocked";
    case ErrorKind::private_address:
      return "private_address";
    case ErrorKind::unsupported_scheme:
      return "unsupported_scheme";
    case ErrorKind::decoding:
      return "decoding";
    case ErrorKind::rate_limited:
      return "rate_limited";
    case ErrorKind::not_html:
      return "not_html";
    case ErrorKind::unreadable:
      return "unreadable";
    case ErrorKind::render_timeout:
      return "render_timeout";
    case ErrorKind::render_failed:
      return "render_failed";
    case ErrorKind::other:
      return "other";
  }
  return "other";
}

bool is_retryable(const AttemptOutcome& outcome) {
  switch (outcome.error) {
    case ErrorKind::timeout:
    case ErrorKind::reset:
    case ErrorKind::connect:
      return true;
    case ErrorKind::http_status:
      return outcome.http_status == 408 || outcome.http_status == 429 ||
             (outcome.http_status >= 500 && outcome.http_status <= 599);
    default:
      return false;
  }
}

bool is_permanent_failure(const AttemptOutcome& outcome) {
  switch (outcome.error) {
    case ErrorKind::http_status: {
      const long status = outcome.http_status;
      return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 &&
             status != 429;
    }
    case ErrorKind::tls:
    case ErrorKind::redirect_loop:
    case ErrorKind::redirect_limit:
    case ErrorKind::redirect_scheme:
    case ErrorKind::redirect_downgrade:
      return true;
    default:
      return false;
  }
}

Milliseconds retry_delay(const AttemptOutcome& outcome, int retry, const RetryPolicy& policy,
                         double jitter) {
  const double exponential =
      static_cast<double>(policy.base_delay.count()) * std::pow(2.0, std::max(0, retry - 1));
  const double spread = exponential * (0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0));
  Milliseconds delay{
      static_cast<long long>(std::min(spread, static_cast<double>(policy.max_delay.count())))};
  if (outcome.retry_after)
    delay = std::max(delay, std::min(*outcome.retry_after, policy.retry_after_cap));
  return delay;
}

namespace {

// "3 days", "5 h", "42 min", "12.5 s": how long a wait is, for people.
std::string in_words(Milliseconds wait) {
  const double seconds = static_cast<double>(wait.count()) / 1000.0;
  if (seconds >= 2 * 86400.0) return fmt::format("{:.0f} days", seconds / 86400.0);
  if (seconds >= 2 * 3600.0) return fmt::format("{:.0f} h", seconds / 3600.0);
  if (seconds >= 120.0) return fmt::format("{:.0f} min", seconds / 60.0);
  return fmt::format("{:.1f} s", seconds);
}

}  // namespace

std::optional<std::string> retry_after_beyond_budget(const AttemptOutcome& outcome,
                                                     std::string_view header,
                                                     Milliseconds remaining,
                                                     std::chrono::system_clock::time_point now) {
  if (!outcome.retry_after || *outcome.retry_after <= remaining) return std::nullopt;
  if (outcome.http_status != 429 && outcome.http_status != 503) return std::nullopt;
  // To the nearest second: the server named a second, and `now` has a fraction.
  const std::time_t until = std::chrono::system_clock::to_time_t(
      std::chrono::round<std::chrono::seconds>(now + *outcome.retry_after));
  std::tm parts{};
  gmtime_r(&until, &parts);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return fmt::format(
      "asks to retry after {} (Retry-After: {}), in {}: longer than the {} this request may "
      "wait, so it was not retried",
      date, util::ellipsize(util::trim(header), 80), in_words(*outcome.retry_after),
      in_words(std::max(Milliseconds{0}, remaining)));
}

bool is_bot_wall(long http_status, const std::map<std::string, std::string>& headers,
                 std::string_view body) {
  if (http_status == 999) return true;  // LinkedIn and others: "request denied"
  if (const auto found = headers.find("cf-mitigated");
      found != headers.end() && util::ascii_lower(found->second) == "challenge")
    return true;
  const std::string head = util::ascii_lower(body.substr(0, 64 * 1024));
  // Markers that appear only on challenge pages, whatever the status.
  for (std::string_view marker : {"/cdn-cgi/challenge-platform/", "cf-chl-", "_cf_chl_opt",
                                  "g-recaptcha", "h-captcha", "px-captcha", "captcha-delivery.com"})
    if (head.find(marker) != std::string::npos) return true;
  if (http_status != 403 && http_status != 429 && http_status != 503) return false;
  for (std::string_view marker :
       {"just a moment...", "attention required! | cloudflare", "checking your browser",
        "access denied</h1>", "request unsuccessful. incapsula", "ddos protection by"})
    if (head.find(marker) != std::string::npos) return true;
  return false;
}

namespace {

bool ipv4_is_private(const std::array<unsigned char, 4>& a) {
  return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
         (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168) ||
         (a[0] == 100 && (a[1] & 0xC0) == 64) ||  // carrier-grade NAT
         (a[0] == 192 && a[1] == 0 && a[2] == 0) || (a[0] == 198 && (a[1] & 0xFE) == 18) ||
         a[0] >= 224;  // multicast, reserved, broadcast
}

}  // namespace

bool is_private_address(std::string_view ip) {
  std::string text(util::trim(ip));
  if (!text.empty() && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (const auto zone = text.find('%'); zone != std::string::npos) text.resize(zone);
  std::array<unsigned char, 4> v4{};
  if (inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return ipv4_is_private(v4);
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return true;
  const bool all_zero_prefix =
      std::all_of(v6.begin(), v6.begin() + 10, [](unsigned char b) { return b == 0; });
  if (all_zero_prefix && v6[10] == 0xFF && v6[11] == 0xFF)  // IPv4-mapped
    return ipv4_is_private({v6[12], v6[13], v6[14], v6[15]});
  if (std::all_of(v6.begin(), v6.begin() + 15, [](unsigned char b) { return b == 0; }))
    return true;                                       // :: and ::1
  return (v6[0] & 0xFE) == 0xFC ||                     // fc00::/7 unique local
         (v6[0] == 0xFE && (v6[1] & 0xC0) == 0x80) ||  // fe80::/10 link-local
         v6[0] == 0xFF ||                              // multicast
         (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8) ||  // documentation
         (v6[0] == 0xFD && v6[1] == 0x00 && v6[2] == 0x0E &&
          v6[3] == 0xC2);  // AWS metadata fd00:ec2::
}

}  // namespace freshcheck::fetch
