// http/: the response headers a curl transfer hands over line by line, and Retry-After.
#include <string>
#include <vector>

#include "http/headers.hpp"
#include "http/retry_after.hpp"
#include "support.hpp"

using namespace freshcheck::http;
using namespace std::chrono_literals;

namespace {

// Feeds `lines` to the header callback the way libcurl does: one call per line, with CRLF.
Headers collected(const std::vector<std::string>& lines) {
  Headers headers;
  for (std::string line : lines) {
    line += "\r\n";
    CHECK(collect_header(line.data(), 1, line.size(), &headers) == line.size());
  }
  return headers;
}

}  // namespace

TEST_CASE("header names are read in lower case and values trimmed") {
  const Headers headers =
      collected({"HTTP/1.1 200 OK", "Content-Type:  text/html; charset=ISO-8859-1 ",
                 "ETag: \"abc\"", "X-Empty:", "no colon here", ""});
  CHECK(headers == Headers{{"content-type", "text/html; charset=ISO-8859-1"},
                           {"etag", "\"abc\""},
                           {"x-empty", ""}});
  CHECK(header_value(headers, "content-type") == "text/html; charset=ISO-8859-1");
  CHECK(header_value(headers, "last-modified").empty());
}

TEST_CASE("a value may hold colons, and a name sent twice keeps its last value") {
  const Headers headers = collected(
      {"HTTP/2 200", "Location: https://example.org:8443/a", "Set-Cookie: a=1", "set-cookie: b=2"});
  CHECK(headers.at("location") == "https://example.org:8443/a");
  CHECK(headers.at("set-cookie") == "b=2");
}

TEST_CASE("two responses in one transfer: only the last one's headers remain") {
  // A redirect curl followed: the first response's Retry-After and Location must not be
  // read as the page's.
  const Headers redirected = collected(
      {"HTTP/1.1 301 Moved Permanently", "Location: https://example.org/new", "Retry-After: 3600",
       "Content-Type: text/plain", "", "HTTP/1.1 200 OK", "Content-Type: text/html", ""});
  CHECK(redirected == Headers{{"content-type", "text/html"}});

  // "100 Continue" before a POST's answer, and HTTP/2 status lines.
  const Headers continued = collected({"HTTP/1.1 100 Continue", "X-Interim: yes", "", "HTTP/2 201",
                                       "X-RateLimit-Remaining: 4", ""});
  CHECK(continued == Headers{{"x-ratelimit-remaining", "4"}});
}

TEST_CASE("read_header_line takes lines with or without their line end") {
  Headers headers;
  read_header_line("Retry-After: 120", headers);
  read_header_line("Server: test\r\n", headers);
  CHECK(headers == Headers{{"retry-after", "120"}, {"server", "test"}});
  read_header_line("HTTP/1.0 503 Service Unavailable\r\n", headers);
  CHECK(headers.empty());
}

TEST_CASE("Retry-After in seconds and as an HTTP-date") {
  const auto now = std::chrono::system_clock::from_time_t(1'795'000'000);  // 2026-11-18T11:06:40Z
  CHECK(parse_retry_after("120", now) == 120'000ms);
  CHECK(parse_retry_after(" 0 ", now) == 0ms);
  CHECK(parse_retry_after("Wed, 18 Nov 2026 11:07:40 GMT", now) == 60'000ms);
  CHECK(parse_retry_after("Wed, 18 Nov 2026 11:00:00 GMT", now) == 0ms);  // in the past
  CHECK(parse_retry_after("Thu, 01 Jan 2099 00:00:00 GMT", now) > 24h);   // capped by the policy
  // Found by fuzz_retry_after: dates beyond the clock's range overflowed the conversion.
  CHECK(parse_retry_after("Fri, 27 Nov 5673 02:00:00 GMT", now) ==
        std::chrono::seconds(200LL * 365 * 86400));
  CHECK(parse_retry_after("Fri, 27 Nov 0100 02:00:00 GMT", now) == 0ms);
  CHECK_FALSE(parse_retry_after("soon", now).has_value());
  CHECK_FALSE(parse_retry_after("-5", now).has_value());
  CHECK_FALSE(parse_retry_after("", now).has_value());
}
