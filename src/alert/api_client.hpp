#pragma once
// Calls to an alert service (the GitHub REST API, a chat webhook) with the patience an
// unattended nightly job needs: 5xx and dropped connections are retried with exponential
// back-off, rate limits (403/429 with Retry-After, x-ratelimit-reset, or GitHub's
// secondary-limit message) are waited out up to a cap, and writes go one at a time, a
// little apart. Secrets given to the client are blanked out of every message it returns.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "alert/http.hpp"
#include "core/result.hpp"

namespace freshcheck::alert {

using Milliseconds = std::chrono::milliseconds;

struct DeliveryOptions {
  HttpLimits limits;
  int max_attempts = 5;                     // per call
  Milliseconds retry_base{2'000};           // 5xx and network errors: 2 s, 4 s, 8 s, ...
  Milliseconds rate_limit_base{60'000};     // a rate limit that says nothing of when: 1 min, 2 min
  Milliseconds max_wait{10 * 60'000};       // all waiting in one run; beyond it, the next run
  Milliseconds write_interval{1'000};       // between two writes (GitHub asks for ~1 s)
  std::function<void(Milliseconds)> sleep;  // empty: really sleep
  std::function<std::chrono::system_clock::time_point()> now;  // empty: the system clock
};

// A call that failed. `ambiguous`: the request may have taken effect (no response, or a
// 5xx after the server had it), so a create must look before it tries again.
struct ApiError {
  std::string message;
  bool ambiguous = false;
  long status = 0;              // the final HTTP status; 0 when no response came
  std::string service_message;  // what the service said ("Bad credentials"), redacted
  // The service said no (4xx other than a rate limit, 3xx): retrying will not help, and the
  // caller says what to fix. Otherwise retries or the waiting budget ran out, and the
  // message already says that the next run will try again.
  bool refused = false;
};

template <class T>
using ApiResult = core::Result<T, ApiError>;

// What to do after one attempt. Pure, so the policy is tested without a server.
struct Advice {
  enum class Action { done, retry, give_up } action = Action::done;
  Milliseconds wait{0};
  std::string reason;  // why a retry waits: "rate limited (x-ratelimit-reset)", "HTTP 502"
};
Advice advise(const HttpResponse& response, int attempt, std::chrono::system_clock::time_point now,
              const DeliveryOptions& options);

// The rate-limit waits GitHub asks for: Retry-After first; else, when x-ratelimit-remaining
// is 0, until x-ratelimit-reset; else nothing (the caller backs off on its own).
std::optional<Milliseconds> rate_limit_wait(const HttpResponse& response,
                                            std::chrono::system_clock::time_point now);

// 429, or 403 that says it is a rate limit (headers or GitHub's message).
bool is_rate_limited(const HttpResponse& response);

// Replaces every occurrence of each (non-empty) secret with "[redacted]".
std::string redact(std::string text, const std::vector<std::string>& secrets);

class ApiClient {
 public:
  // `secrets` are blanked out of every message; `base_headers` go with every request.
  ApiClient(DeliveryOptions options, std::vector<std::string> base_headers,
            std::vector<std::string> secrets);

  enum class Retry {
    always,              // reads and idempotent writes: retry 5xx and network errors
    never_if_ambiguous,  // creates: hand an ambiguous failure back to the caller
  };

  // Sends the request until it succeeds (2xx), fails for good, or the attempts or the
  // waiting budget run out. A non-2xx final response is an error carrying its status; the
  // caller turns it into advice for people (see describe_* in github.hpp).
  ApiResult<HttpResponse> call(HttpRequest request, const std::string& description, Retry retry);

  // Waits as a back-off, counted against the run's waiting budget. False when the budget
  // would be exceeded.
  bool back_off(Milliseconds wait);

  Milliseconds waited() const { return m_waited; }
  const DeliveryOptions& options() const { return m_options; }

 private:
  void sleep(Milliseconds wait);
  std::chrono::system_clock::time_point now() const;

  DeliveryOptions m_options;
  std::vector<std::string> m_base_headers;
  std::vector<std::string> m_secrets;
  Milliseconds m_waited{0};
  std::optional<std::chrono::steady_clock::time_point> m_last_write;
};

}  // namespace freshcheck::alert
