// The fetch stage against real servers on 127.0.0.1: every outcome is a value.
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "fetch/fetcher.hpp"
#include "fetch_support.hpp"
#include "html/charset.hpp"
#include "html/document.hpp"
#include "support.hpp"
#include "test_servers.hpp"

using namespace freshcheck;
using namespace std::chrono_literals;
using fetch::ErrorKind;
using fetch::Outcome;
using testing::HttpServer;
using testing::RawServer;

namespace {

fetch::FetchOptions test_options() {
  return testing::fast_fetch_options();
}

fetch::FetchRequest local(const std::string& url) {
  return testing::local_request(url);
}

fetch::FetchResult fetch_one(const fetch::FetchRequest& request,
                             const fetch::FetchOptions& options = test_options()) {
  auto results = fetch::fetch_all({request}, options);
  REQUIRE(results.size() == 1);
  return results[0];
}

std::vector<long> hop_statuses(const fetch::FetchResult& result) {
  std::vector<long> statuses;
  for (const auto& hop : result.redirects) statuses.push_back(hop.http_status);
  return statuses;
}

}  // namespace

TEST_CASE("200 gives the body, headers and final URL") {
  HttpServer server;
  server.routes().Get("/page", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("ETag", "\"v1\"");
    response.set_content("<p>217 115 000</p>", "text/html; charset=utf-8");
  });
  const auto result = fetch_one(local(server.url("/page")));
  CHECK(result.outcome == Outcome::ok);
  CHECK(result.http_status == 200);
  CHECK(result.body == "<p>217 115 000</p>");
  CHECK(result.headers.at("content-type") == "text/html; charset=utf-8");
  CHECK(result.headers.at("etag") == "\"v1\"");
  CHECK(result.final_url == server.url("/page"));
  CHECK(result.attempts == 1);
  CHECK(result.error == ErrorKind::none);
}

TEST_CASE("301, 302, 307 and 308 chains are followed and recorded") {
  HttpServer server;
  server.routes().Get(
      "/a", [&](const httplib::Request&, httplib::Response& r) { r.set_redirect("/b", 301); });
  server.routes().Get("/b", [&](const httplib::Request&, httplib::Response& r) {
    r.set_redirect(server.url("/c"), 302);
  });
  server.routes().Get(
      "/c", [&](const httplib::Request&, httplib::Response& r) { r.set_redirect("/d", 307); });
  server.routes().Get(
      "/d", [&](const httplib::Request&, httplib::Response& r) { r.set_redirect("/final", 308); });
  server.routes().Get("/final", [](const httplib::Request&, httplib::Response& r) {
    r.set_content("done", "text/plain");
  });
  const auto result = fetch_one(local(server.url("/a")));
  CHECK(result.outcome == Outcome::ok);
  CHECK(result.body == "done");
  CHECK(result.final_url == server.url("/final"));
  CHECK(hop_statuses(result) == std::vector<long>{301, 302, 307, 308});
  CHECK(result.redirects.front().url == server.url("/a"));
}

TEST_CASE("a redirect loop is an error value with the chain") {
  HttpServer server;
  server.routes().Get("/loop-a", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("/loop-b", 302);
  });
  server.routes().Get("/loop-b", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("/loop-a", 302);
  });
  const auto result = fetch_one(local(server.url("/loop-a")));
  CHECK(result.outcome == Outcome::failed);
  CHECK(result.error == ErrorKind::redirect_loop);
  CHECK(result.redirects.size() == 2);
  CHECK(result.message.find("redirect loop") != std::string::npos);
}

TEST_CASE("too many redirects") {
  HttpServer server;
  server.routes().Get(R"(/hop/(\d+))", [](const httplib::Request& request, httplib::Response& r) {
    r.set_redirect("/hop/" + std::to_string(std::stoi(request.matches[1]) + 1), 302);
  });
  auto options = test_options();
  options.max_redirects = 3;
  const auto result = fetch_one(local(server.url("/hop/0")), options);
  CHECK(result.error == ErrorKind::redirect_limit);
  CHECK(result.redirects.size() == 4);
}

TEST_CASE("redirects to other schemes are refused") {
  HttpServer server;
  server.routes().Get("/to-file", [](const httplib::Request&, httplib::Response& r) {
    r.status = 302;
    r.set_header("Location", "file:///etc/passwd");
  });
  server.routes().Get("/to-ftp", [](const httplib::Request&, httplib::Response& r) {
    r.status = 301;
    r.set_header("Location", "ftp://127.0.0.1/pub/");
  });
  for (const char* path : {"/to-file", "/to-ftp"}) {
    const auto result = fetch_one(local(server.url(path)));
    CHECK(result.outcome == Outcome::failed);
    CHECK(result.error == ErrorKind::redirect_scheme);
    CHECK(result.body.empty());
  }
}

TEST_CASE("404 and 410 fail at once, without retries") {
  HttpServer server;
  std::atomic<int> hits{0};
  server.routes().Get("/gone", [&](const httplib::Request&, httplib::Response& r) {
    ++hits;
    r.status = 410;
  });
  const auto missing = fetch_one(local(server.url("/missing")));
  CHECK(missing.error == ErrorKind::http_status);
  CHECK(missing.http_status == 404);
  CHECK(missing.attempts == 1);
  const auto gone = fetch_one(local(server.url("/gone")));
  CHECK(gone.http_status == 410);
  CHECK(gone.message == "HTTP 410 from " + server.url("/gone"));
  CHECK(hits == 1);
}

TEST_CASE("500 then 200 succeeds on retry") {
  HttpServer server;
  std::atomic<int> hits{0};
  server.routes().Get("/flaky", [&](const httplib::Request&, httplib::Response& r) {
    if (++hits == 1) {
      r.status = 500;
      return;
    }
    r.set_content("ok", "text/plain");
  });
  const auto result = fetch_one(local(server.url("/flaky")));
  CHECK(result.outcome == Outcome::ok);
  CHECK(result.attempts == 2);
  CHECK(hits == 2);
}

TEST_CASE("persistent 503 gives up after the retries") {
  HttpServer server;
  std::atomic<int> hits{0};
  server.routes().Get("/down", [&](const httplib::Request&, httplib::Response& r) {
    ++hits;
    r.status = 503;
  });
  const auto result = fetch_one(local(server.url("/down")));
  CHECK(result.error == ErrorKind::http_status);
  CHECK(result.attempts == 3);
  CHECK(hits == 3);
  CHECK(result.message == "HTTP 503 from " + server.url("/down") + " (after 3 attempts)");
}

TEST_CASE("429 and 503 with Retry-After wait as told") {
  HttpServer server;
  std::mutex mutex;
  std::vector<std::chrono::steady_clock::time_point> seconds_hits, date_hits;
  server.routes().Get("/limited", [&](const httplib::Request&, httplib::Response& r) {
    std::lock_guard lock(mutex);
    seconds_hits.push_back(std::chrono::steady_clock::now());
    if (seconds_hits.size() == 1) {
      r.status = 429;
      r.set_header("Retry-After", "1");
      return;
    }
    r.set_content("ok", "text/plain");
  });
  server.routes().Get("/maintenance", [&](const httplib::Request&, httplib::Response& r) {
    std::lock_guard lock(mutex);
    date_hits.push_back(std::chrono::steady_clock::now());
    if (date_hits.size() == 1) {
      r.status = 503;
      const std::time_t later = std::time(nullptr) + 2;
      char date[64];
      std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&later));
      r.set_header("Retry-After", date);
      return;
    }
    r.set_content("ok", "text/plain");
  });
  const auto results = fetch::fetch_all(
      {local(server.url("/limited")), local(server.url("/maintenance"))}, test_options());
  CHECK(results[0].outcome == Outcome::ok);
  CHECK(results[1].outcome == Outcome::ok);
  REQUIRE(seconds_hits.size() == 2);
  REQUIRE(date_hits.size() == 2);
  CHECK(seconds_hits[1] - seconds_hits[0] >= 950ms);  // honoured, not the 10 ms backoff
  CHECK(date_hits[1] - date_hits[0] >= 950ms);
}

TEST_CASE("a server that accepts and never answers times out") {
  RawServer silent([](int socket, const RawServer& server) {
    RawServer::read_request(socket);
    while (!server.stopping()) std::this_thread::sleep_for(20ms);
  });
  auto options = test_options();
  options.total_timeout = 500ms;
  options.retry.max_retries = 1;
  const auto result = fetch_one(local(silent.url("/")), options);
  CHECK(result.error == ErrorKind::timeout);
  CHECK(result.attempts == 2);
}

TEST_CASE("headers then a trickle is cut by the low-speed limit") {
  HttpServer server;
  std::atomic<bool> stop{false};
  server.routes().Get("/trickle", [&](const httplib::Request&, httplib::Response& r) {
    r.set_chunked_content_provider("text/html", [&](size_t, httplib::DataSink& sink) {
      if (stop) return false;
      sink.write("x", 1);
      std::this_thread::sleep_for(300ms);
      return true;
    });
  });
  auto options = test_options();
  options.low_speed_bytes_per_second = 1000;
  options.low_speed_window = 1000ms;
  options.total_timeout = 10'000ms;
  options.retry.max_retries = 0;
  const auto started = std::chrono::steady_clock::now();
  const auto result = fetch_one(local(server.url("/trickle")), options);
  stop = true;
  CHECK(result.error == ErrorKind::timeout);
  CHECK(result.body.empty());
  CHECK(std::chrono::steady_clock::now() - started < 8s);  // the low-speed limit, not the total
}

TEST_CASE("a reset in the middle of the body is an error, and the partial body is dropped") {
  RawServer resetting([](int socket, const RawServer&) {
    RawServer::read_request(socket);
    const std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<p>217 115 "
        "000</p>";
    ::send(socket, head.data(), head.size(), 0);
    std::this_thread::sleep_for(50ms);
    linger hard{1, 0};  // close with RST
    ::setsockopt(socket, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  });
  auto options = test_options();
  options.retry.max_retries = 1;
  const auto result = fetch_one(local(resetting.url("/")), options);
  CHECK(result.outcome == Outcome::failed);
  CHECK(result.error == ErrorKind::reset);
  CHECK(result.body.empty());
  CHECK(result.attempts == 2);
}

TEST_CASE("an oversize body and a gzip bomb end as too_large") {
  HttpServer server;
  const std::string big(6u << 20, 'a');
  const std::string bomb = testing::gzip(std::string(64u << 20, '\0'));
  server.routes().Get("/big", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(big, "text/html");
  });
  server.routes().Get("/big-chunked", [&](const httplib::Request&, httplib::Response& r) {
    r.set_chunked_content_provider("text/html", [&](size_t offset, httplib::DataSink& sink) {
      if (offset >= big.size()) {
        sink.done();
        return true;
      }
      sink.write(big.data() + offset, std::min<std::size_t>(65536, big.size() - offset));
      return true;
    });
  });
  server.routes().Get("/bomb", [&](const httplib::Request&, httplib::Response& r) {
    r.set_header("Content-Encoding", "gzip");
    r.set_content(bomb, "text/html");
  });
  CHECK(bomb.size() < 200'000);
  const auto results = fetch::fetch_all(
      {local(server.url("/big")), local(server.url("/big-chunked")), local(server.url("/bomb"))},
      test_options());
  for (const auto& result : results) {
    INFO(result.url << ": " << result.message);
    CHECK(result.error == ErrorKind::too_large);
    CHECK(result.body.empty());
    CHECK(result.attempts == 1);
  }
}

TEST_CASE("an ISO-8859-1 page keeps its Portuguese accents") {
  HttpServer server;
  server.routes().Get("/latin1", [](const httplib::Request&, httplib::Response& r) {
    r.set_content("<p>Atendimento \xe0 popula\xe7\xe3o: 217 115 000</p>",
                  "text/html; charset=ISO-8859-1");
  });
  const auto result = fetch_one(local(server.url("/latin1")));
  REQUIRE(result.outcome == Outcome::ok);
  html::ParseOptions options;
  options.http_charset = html::charset_from_content_type(result.headers.at("content-type"));
  const auto document = html::parse_document(result.body, options);
  REQUIRE(document.has_value());
  REQUIRE(document->blocks.size() == 1);
  CHECK(document->blocks[0].text == "Atendimento à população: 217 115 000");
}

TEST_CASE("conditional requests: 304 reports not modified") {
  HttpServer server;
  server.routes().Get("/cached", [](const httplib::Request& request, httplib::Response& r) {
    if (request.get_header_value("If-None-Match") == "\"v1\"" ||
        request.get_header_value("If-Modified-Since") == "Wed, 01 Jul 2026 00:00:00 GMT") {
      r.status = 304;
      return;
    }
    r.set_header("ETag", "\"v1\"");
    r.set_content("page", "text/html");
  });
  auto request = local(server.url("/cached"));
  request.etag = "\"v1\"";
  CHECK(fetch_one(request).outcome == Outcome::not_modified);
  request.etag.clear();
  request.last_modified = "Wed, 01 Jul 2026 00:00:00 GMT";
  CHECK(fetch_one(request).outcome == Outcome::not_modified);
  request.last_modified.clear();
  const auto fresh = fetch_one(request);
  CHECK(fresh.outcome == Outcome::ok);
  CHECK(fresh.body == "page");
}

TEST_CASE("private addresses are refused unless allowed, before any request is sent") {
  HttpServer server;
  std::atomic<int> hits{0};
  server.routes().Get("/", [&](const httplib::Request&, httplib::Response& r) {
    ++hits;
    r.set_content("x", "text/plain");
  });
  auto request = local(server.url("/"));
  request.allow_private = false;
  const auto result = fetch_one(request);
  CHECK(result.error == ErrorKind::private_address);
  CHECK(result.message.find("127.0.0.1") != std::string::npos);
  CHECK(hits == 0);
}

TEST_CASE("bot walls are blocked, not broken, and not retried") {
  HttpServer server;
  std::atomic<int> hits{0};
  server.routes().Get("/challenge", [&](const httplib::Request&, httplib::Response& r) {
    ++hits;
    r.status = 403;
    r.set_header("cf-mitigated", "challenge");
    r.set_content("<html><title>Just a moment...</title></html>", "text/html");
  });
  server.routes().Get("/moment", [&](const httplib::Request&, httplib::Response& r) {
    r.status = 503;
    r.set_content("<html><title>Just a moment...</title></html>", "text/html");
  });
  server.routes().Get("/denied",
                      [&](const httplib::Request&, httplib::Response& r) { r.status = 999; });
  const auto results = fetch::fetch_all(
      {local(server.url("/challenge")), local(server.url("/moment")), local(server.url("/denied"))},
      test_options());
  for (const auto& result : results) {
    INFO(result.url);
    CHECK(result.error == ErrorKind::blocked);
    CHECK(result.attempts == 1);
  }
  CHECK(hits == 1);
}

TEST_CASE("robots.txt is honoured, fetched once per host") {
  HttpServer server;
  std::atomic<int> robots_hits{0};
  server.routes().Get("/robots.txt", [&](const httplib::Request&, httplib::Response& r) {
    ++robots_hits;
    r.set_content(
        "User-agent: *\nDisallow: /private\n\nUser-agent: freshcheck\nDisallow: /no-bots\nAllow: "
        "/no-bots/contactos\n",
        "text/plain");
  });
  for (const char* path : {"/private/x", "/no-bots/a", "/no-bots/contactos", "/public"})
    server.routes().Get(path, [](const httplib::Request&, httplib::Response& r) {
      r.set_content("x", "text/plain");
    });
  std::vector<fetch::FetchRequest> requests;
  for (const char* path : {"/private/x", "/no-bots/a", "/no-bots/contactos", "/public"}) {
    auto request = local(server.url(path));
    request.respect_robots = true;
    requests.push_back(request);
  }
  const auto results = fetch::fetch_all(requests, test_options());
  CHECK(results[0].outcome == Outcome::ok);  // our group replaces "*"
  CHECK(results[1].error == ErrorKind::robots_denied);
  CHECK(results[2].outcome == Outcome::ok);  // the longer Allow wins
  CHECK(results[3].outcome == Outcome::ok);
  CHECK(robots_hits == 1);
}

TEST_CASE("the per-host limit holds while the global limit allows more") {
  HttpServer server;
  std::atomic<int> in_flight{0}, most{0};
  server.routes().Get(R"(/slow/(\d+))", [&](const httplib::Request&, httplib::Response& r) {
    const int now = ++in_flight;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(150ms);
    --in_flight;
    r.set_content("x", "text/plain");
  });
  std::vector<fetch::FetchRequest> requests;
  for (int i = 0; i < 6; ++i) requests.push_back(local(server.url("/slow/" + std::to_string(i))));
  auto options = test_options();
  options.max_per_host = 2;
  std::size_t reported = 0;
  options.on_result = [&](const fetch::FetchResult&, std::size_t done, std::size_t total) {
    CHECK(total == 6);
    reported = done;
  };
  const auto results = fetch::fetch_all(requests, options);
  for (const auto& result : results) CHECK(result.outcome == Outcome::ok);
  CHECK(most == 2);
  CHECK(reported == 6);
  CHECK(results[3].id == requests[3].id);  // results come back in request order
}

TEST_CASE("only http and https are fetched at all") {
  const auto result = fetch_one(local("file:///etc/passwd"));
  CHECK(result.error == ErrorKind::unsupported_scheme);
  CHECK(fetch_one(local("ftp://127.0.0.1/")).error == ErrorKind::unsupported_scheme);
}
