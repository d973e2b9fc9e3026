#pragma once
// The fetch stage's decisions as pure functions, so each is tested without a network:
// whether and when to retry, whether a Retry-After (read by http/retry_after.hpp) asks for
// more than a request may wait, whether a response is a bot wall, and which addresses are
// private.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace freshcheck::fetch {

using Milliseconds = std::chrono::milliseconds;

// Why a fetch failed. A failure is never a content change.
enum class ErrorKind {
  none,
  dns,
  connect,
  tls,
  timeout,
  reset,      // connection reset or body cut short
  too_large,  // body or decompressed body over the limit
  redirect_loop,
  redirect_limit,
  redirect_scheme,     // a redirect to anything but http(s)
  redirect_downgrade,  // https to http
  http_status,         // a non-2xx answer
  robots_denied,
  blocked,          // a bot wall or challenge page: "could not verify"
  private_address,  // loopback, private, link-local or metadata address without allow_private
  unsupported_scheme,
  decoding,      // a body that says gzip/br and is not
  rate_limited,  // 429/503 whose Retry-After asks for longer than the request may wait
  // Set when a fetched answer is read, not by the fetcher: the other end answered, but not
  // with a page freshcheck can read.
  not_html,    // an image, a PDF, JSON, an empty body
  unreadable,  // the page could not be decoded or parsed
  // Set when a source asks to be rendered by a browser ("render": "chromium").
  render_timeout,  // the browser did not finish within the render timeout
  render_failed,   // the browser crashed, was killed past the memory cap, or gave no page
  other,
};

const char* to_string(ErrorKind kind);

struct RetryPolicy {
  int max_retries = 2;
  Milliseconds base_delay{1000};
  Milliseconds max_delay{30'000};
  Milliseconds retry_after_cap{120'000};
  // How long one request may wait on a server's Retry-After, counted from its first
  // attempt; unset: the request's total timeout. A longer wait ends the request at once.
  std::optional<Milliseconds> wait_budget;
};

// What one attempt ended with, as far as retrying cares.
struct AttemptOutcome {
  ErrorKind error = ErrorKind::none;
  long http_status = 0;
  std::optional<Milliseconds> retry_after;
};

// Timeouts, resets, refused connections, 408, 429 and 5xx are worth another try; other 4xx,
// DNS failures, policy refusals and oversize bodies are not.
bool is_retryable(const AttemptOutcome& outcome);

// A failure that says the URL itself is broken, not that the network or server had a bad
// moment: 4xx other than 401/403/408/429, TLS, redirect loops, limits, schemes and
// downgrades. DNS failures are not: a dead domain and a dead network look the same.
bool is_permanent_failure(const AttemptOutcome& outcome);

// The delay before retry number `retry` (1-based): exponential from base_delay, with
// `jitter` in [0, 1) spreading it between half and the full value, capped at max_delay. A
// Retry-After from the server wins when it is longer, up to retry_after_cap.
Milliseconds retry_delay(const AttemptOutcome& outcome, int retry, const RetryPolicy& policy,
                         double jitter);

// When a 429 or 503 asks (Retry-After, as `header` gave it and http::parse_retry_after
// read it) for a wait longer than `remaining`, what is left of the request's budget: why
// the request ends now, naming the time the server gave. Nothing when the wait fits or
// there is no Retry-After.
std::optional<std::string> retry_after_beyond_budget(const AttemptOutcome& outcome,
                                                     std::string_view header,
                                                     Milliseconds remaining,
                                                     std::chrono::system_clock::time_point now);

// A bot wall or challenge page (Cloudflare, Akamai, status 999, captcha bodies): the page
// could not be verified, which is neither "broken" nor a change.
bool is_bot_wall(long http_status, const std::map<std::string, std::string>& headers,
                 std::string_view body);

// Loopback, private (RFC 1918, unique-local), link-local (cloud metadata lives there),
// carrier-grade NAT, unspecified, multicast and reserved addresses, IPv4 or IPv6 text.
// Unparseable text counts as private: refuse what cannot be checked.
bool is_private_address(std::string_view ip);

}  // namespace freshcheck::fetch
