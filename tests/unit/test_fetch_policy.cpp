// The fetch stage's pure decisions: retry, a Retry-After beyond the budget, bot walls, private
// addresses, robots.
#include "fetch/policy.hpp"
#include "fetch/robots.hpp"
#include "http/retry_after.hpp"
#include "support.hpp"

using namespace freshcheck::fetch;
using freshcheck::http::parse_retry_after;
using namespace std::chrono_literals;

TEST_CASE("what is worth retrying") {
  CHECK(is_retryable({ErrorKind::timeout, 0, {}}));
  CHECK(is_retryable({ErrorKind::reset, 0, {}}));
  CHECK(is_retryable({ErrorKind::connect, 0, {}}));
  for (long status : {408L, 429L, 500L, 502L, 503L, 504L})
    CHECK(is_retryable({ErrorKind::http_status, status, {}}));
  for (long status : {400L, 401L, 403L, 404L, 410L})
    CHECK_FALSE(is_retryable({ErrorKind::http_status, status, {}}));
  for (ErrorKind kind :
       {ErrorKind::dns, ErrorKind::tls, ErrorKind::too_large, ErrorKind::blocked,
        ErrorKind::robots_denied, ErrorKind::private_address, ErrorKind::redirect_loop})
    CHECK_FALSE(is_retryable({kind, 0, {}}));
}

TEST_CASE("what says a URL itself is broken") {
  for (long status : {400L, 404L, 410L, 451L})
    CHECK(is_permanent_failure({ErrorKind::http_status, status, {}}));
  for (long status : {401L, 403L, 408L, 429L, 500L, 503L})
    CHECK_FALSE(is_permanent_failure({ErrorKind::http_status, status, {}}));
  for (ErrorKind kind : {ErrorKind::tls, ErrorKind::redirect_loop, ErrorKind::redirect_limit,
                         ErrorKind::redirect_scheme, ErrorKind::redirect_downgrade})
    CHECK(is_permanent_failure({kind, 0, {}}));
  for (ErrorKind kind : {ErrorKind::dns, ErrorKind::timeout, ErrorKind::reset, ErrorKind::connect,
                         ErrorKind::blocked, ErrorKind::robots_denied})
    CHECK_FALSE(is_permanent_failure({kind, 0, {}}));
}

TEST_CASE("backoff doubles, jitter spreads it, caps hold, Retry-After wins") {
  RetryPolicy policy;
  policy.base_delay = 1000ms;
  policy.max_delay = 30'000ms;
  policy.retry_after_cap = 120'000ms;
  const AttemptOutcome plain{ErrorKind::http_status, 503, {}};
  CHECK(retry_delay(plain, 1, policy, 0.0) == 500ms);
  CHECK(retry_delay(plain, 1, policy, 0.999999) == 999ms);
  CHECK(retry_delay(plain, 2, policy, 0.0) == 1000ms);
  CHECK(retry_delay(plain, 3, policy, 1.0) == 4000ms);
  CHECK(retry_delay(plain, 10, policy, 1.0) == 30'000ms);
  const AttemptOutcome told{ErrorKind::http_status, 429, 90'000ms};
  CHECK(retry_delay(told, 1, policy, 0.0) == 90'000ms);
  const AttemptOutcome absurd{ErrorKind::http_status, 429, 2'300'000'000'000ms};
  CHECK(retry_delay(absurd, 1, policy, 0.0) == 120'000ms);
}

TEST_CASE("a Retry-After beyond the request's budget ends it at once, naming the date") {
  const auto now = std::chrono::system_clock::from_time_t(1'795'000'000);  // 2026-11-18T11:06:40Z
  const std::string date = "Thu, 01 Jan 2099 00:00:00 GMT";
  AttemptOutcome years{ErrorKind::http_status, 429, parse_retry_after(date, now)};
  const auto reason = retry_after_beyond_budget(years, date, 30'000ms, now);
  REQUIRE(reason.has_value());
  CHECK(*reason ==
        "asks to retry after Thu, 01 Jan 2099 00:00:00 GMT (Retry-After: Thu, 01 Jan 2099 00:00:00 "
        "GMT), in 26342 days: longer than the 30.0 s this request may wait, so it was not retried");

  // Seconds in the millions become the date they point at.
  AttemptOutcome weeks{ErrorKind::http_status, 503, parse_retry_after("5000000", now)};
  const auto said = retry_after_beyond_budget(weeks, "5000000", 12'500ms, now);
  REQUIRE(said.has_value());
  CHECK(said->find("Fri, 15 Jan 2027 08:00:00 GMT (Retry-After: 5000000), in 58 days") !=
        std::string::npos);
  CHECK(said->find("the 12.5 s this request may wait") != std::string::npos);

  // Waits that fit, and answers that are not rate limits, are left to the retry policy.
  AttemptOutcome soon{ErrorKind::http_status, 429, 20'000ms};
  CHECK_FALSE(retry_after_beyond_budget(soon, "20", 30'000ms, now).has_value());
  CHECK(retry_after_beyond_budget(soon, "20", 10'000ms, now).has_value());
  AttemptOutcome moved{ErrorKind::http_status, 301, 3'600'000ms};
  CHECK_FALSE(retry_after_beyond_budget(moved, "3600", 30'000ms, now).has_value());
  AttemptOutcome none{ErrorKind::http_status, 429, std::nullopt};
  CHECK_FALSE(retry_after_beyond_budget(none, "", 0ms, now).has_value());
}

TEST_CASE("bot walls") {
  CHECK(is_bot_wall(999, {}, ""));
  CHECK(is_bot_wall(403, {{"cf-mitigated", "challenge"}}, ""));
  CHECK(is_bot_wall(503, {}, "<title>Just a moment...</title>"));
  CHECK(is_bot_wall(200, {},
                    "<script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate\"></script>"));
  CHECK(is_bot_wall(403, {}, "<H1>Access Denied</H1> Reference #18.2f"));
  CHECK_FALSE(is_bot_wall(403, {}, "<h1>Forbidden</h1>"));
  CHECK_FALSE(is_bot_wall(200, {}, "<p>Just a moment... while we update this page</p>"));
  CHECK_FALSE(is_bot_wall(503, {{"server", "cloudflare"}}, "<h1>Service unavailable</h1>"));
}

TEST_CASE("private and special addresses") {
  for (const char* ip : {"127.0.0.1",
                         "127.8.9.10",
                         "10.1.2.3",
                         "172.16.0.1",
                         "172.31.255.255",
                         "192.168.1.1",
                         "169.254.169.254",
                         "100.64.0.1",
                         "0.0.0.0",
                         "224.0.0.1",
                         "255.255.255.255",
                         "::1",
                         "::",
                         "fe80::1",
                         "fc00::1",
                         "fd12:3456::1",
                         "::ffff:127.0.0.1",
                         "::ffff:10.0.0.1",
                         "fd00:ec2::254",
                         "[::1]",
                         "not-an-ip",
                         ""})
    CHECK_MESSAGE(is_private_address(ip), ip);
  for (const char* ip : {"8.8.8.8", "193.136.1.1", "172.32.0.1", "100.128.0.1",
                         "2001:4860:4860::8888", "::ffff:8.8.8.8", "2a00:1450:4003:80e::2003"})
    CHECK_MESSAGE(!is_private_address(ip), ip);
}

TEST_CASE("robots.txt groups, longest match, wildcards") {
  const auto rules = RobotsRules::parse(
      "# comment\nUser-agent: Googlebot\nDisallow: /\n\n"
      "User-agent: *\nUser-agent: other\nDisallow: /admin\nDisallow: /*.pdf$\nAllow: "
      "/admin/public\n"
      "Disallow: /tmp*/x\n",
      "freshcheck");
  CHECK(rules.allows("/pt/contactos"));
  CHECK_FALSE(rules.allows("/admin"));
  CHECK_FALSE(rules.allows("/admin/users"));
  CHECK(rules.allows("/admin/public/page"));
  CHECK_FALSE(rules.allows("/docs/guia.pdf"));
  CHECK(rules.allows("/docs/guia.pdf?download=1"));
  CHECK_FALSE(rules.allows("/tmp123/x/y"));

  const auto ours = RobotsRules::parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: FreshCheck\nDisallow:\n", "freshcheck");
  CHECK(ours.allows("/anything"));
  CHECK(RobotsRules::allow_all().allows("/"));
}
