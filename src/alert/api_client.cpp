#include "alert/api_client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/retry_after.hpp"
#include "util/text.hpp"

namespace freshcheck::alert {

namespace {

std::optional<long long> header_number(const HttpResponse& response, const std::string& name) {
  const auto found = response.headers.find(name);
  if (found == response.headers.end()) return std::nullopt;
  const std::string_view text = util::trim(found->second);
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoll(std::string(text));
}

bool is_server_error(long status) {
  return status == 500 || status == 502 || status == 503 || status == 504;
}

Milliseconds exponential(Milliseconds base, int attempt) {
  const int doublings = std::clamp(attempt - 1, 0, 16);
  return base * (1LL << doublings);
}

// The service's own words: GitHub's and Discord's {"message": ...}, or the start of the body.
std::string service_message(const HttpResponse& response) {
  const auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  std::string message;
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    message = parsed["message"].get<std::string>();
    if (parsed.contains("errors") && parsed["errors"].is_array())
      for (const auto& error : parsed["errors"]) {
        if (error.is_object() && error.contains("message") && error["message"].is_string())
          message += "; " + error["message"].get<std::string>();
        else if (error.is_object())
          message += "; " + error.dump();
      }
  } else {
    message = util::collapse_space(response.body);
  }
  return util::ellipsize(message, 300);
}

}  // namespace

bool is_rate_limited(const HttpResponse& response) {
  if (response.status == 429) return true;
  if (response.status != 403) return false;
  if (response.headers.count("retry-after")) return true;
  if (header_number(response, "x-ratelimit-remaining") == 0) return true;
  return util::ascii_lower(response.body).find("rate limit") != std::string::npos;
}

std::optional<Milliseconds> rate_limit_wait(const HttpResponse& response,
                                            std::chrono::system_clock::time_point now) {
  if (const auto found = response.headers.find("retry-after"); found != response.headers.end())
    if (auto wait = http::parse_retry_after(found->second, now)) return wait;
  if (header_number(response, "x-ratelimit-remaining") == 0)
    if (const auto reset = header_number(response, "x-ratelimit-reset")) {
      const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(*reset));
      // One second more: the reset time is rounded down to the second.
      const auto wait = std::chrono::duration_cast<Milliseconds>(when - now) + Milliseconds(1000);
      return std::max(wait, Milliseconds(1000));
    }
  return std::nullopt;
}

Advice advise(const HttpResponse& response, int attempt, std::chrono::system_clock::time_point now,
              const DeliveryOptions& options) {
  if (response.status >= 200 && response.status < 300) return {};
  if (is_rate_limited(response)) {
    if (auto wait = rate_limit_wait(response, now))
      return {Advice::Action::retry, *wait, "rate limited (the service said when to retry)"};
    return {Advice::Action::retry, exponential(options.rate_limit_base, attempt),
            "rate limited (no time given: backing off)"};
  }
  if (is_server_error(response.status)) {
    Milliseconds wait = exponential(options.retry_base, attempt);
    if (const auto found = response.headers.find("retry-after"); found != response.headers.end())
      if (auto asked = http::parse_retry_after(found->second, now)) wait = std::max(wait, *asked);
    return {Advice::Action::retry, wait, fmt::format("HTTP {}", response.status)};
  }
  return {Advice::Action::give_up, Milliseconds(0), fmt::format("HTTP {}", response.status)};
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + 10))
      text.replace(at, secret.size(), "[redacted]");
  }
  return text;
}

ApiClient::ApiClient(DeliveryOptions options, std::vector<std::string> base_headers,
                     std::vector<std::string> secrets)
    : m_options(std::move(options)),
      m_base_headers(std::move(base_headers)),
      m_secrets(std::move(secrets)) {}

void ApiClient::sleep(Milliseconds wait) {
  if (wait <= Milliseconds(0)) return;
  if (m_options.sleep)
    m_options.sleep(wait);
  else
    std::this_thread::sleep_for(wait);
}

std::chrono::system_clock::time_point ApiClient::now() const {
  return m_options.now ? m_options.now() : std::chrono::system_clock::now();
}

bool ApiClient::back_off(Milliseconds wait) {
  if (m_waited + wait > m_options.max_wait) return false;
  m_waited += wait;
  sleep(wait);
  return true;
}

ApiResult<HttpResponse> ApiClient::call(HttpRequest request, const std::string& description,
                                        Retry retry) {
  request.headers.insert(request.headers.begin(), m_base_headers.begin(), m_base_headers.end());
  const bool write = request.method != "GET";
  ApiError last;  // the latest failed attempt, for when retries run out
  for (int attempt = 1; attempt <= m_options.max_attempts; ++attempt) {
    if (write && m_last_write) {
      const auto since = std::chrono::steady_clock::now() - *m_last_write;
      if (since < m_options.write_interval)
        sleep(std::chrono::duration_cast<Milliseconds>(m_options.write_interval - since));
    }
    auto sent = send_request(request, m_options.limits, description);
    if (write) m_last_write = std::chrono::steady_clock::now();

    Advice advice;
    if (!sent) {
      last = {redact(sent.error().message, m_secrets), true, 0, ""};
      if (retry == Retry::never_if_ambiguous) return core::fail(last);
      advice = {Advice::Action::retry, exponential(m_options.retry_base, attempt), "no response"};
    } else {
      const HttpResponse& response = *sent;
      advice = advise(response, attempt, now(), m_options);
      if (advice.action == Advice::Action::done) return std::move(*sent);
      const std::string said = redact(service_message(response), m_secrets);
      const bool refused = advice.action == Advice::Action::give_up;
      // A refused or rate-limited request was not carried out; a 5xx may have been.
      last = {fmt::format("{}: HTTP {}{}", description, response.status,
                          said.empty() ? "" : " (" + said + ")"),
              !refused && !is_rate_limited(response), response.status, said, refused};
      if (refused) return core::fail(last);
      if (retry == Retry::never_if_ambiguous && last.ambiguous) return core::fail(last);
    }
    if (attempt == m_options.max_attempts) break;
    if (!back_off(advice.wait)) {
      last.message = fmt::format(
          "{}; {}: a wait of {} s, beyond this run's budget of {} s of waiting; the next run "
          "will try again",
          last.message, advice.reason,
          std::chrono::duration_cast<std::chrono::seconds>(advice.wait).count(),
          std::chrono::duration_cast<std::chrono::seconds>(m_options.max_wait).count());
      last.ambiguous = false;
      return core::fail(last);
    }
  }
  last.message = fmt::format("{}; gave up after {} attempts; the next run will try again",
                             last.message, m_options.max_attempts);
  last.ambiguous = false;
  return core::fail(last);
}

}  // namespace freshcheck::alert
