// The fetch stage's link-check options against real servers on 127.0.0.1: HEAD first with
// a GET fallback, a kept body prefix, lean results, and timeouts that are not retried.
#include <atomic>
#include <chrono>
#include <mutex>

#include "fetch/fetcher.hpp"
#include "fetch_support.hpp"
#include "support.hpp"
#include "test_servers.hpp"

using namespace freshcheck;
using namespace std::chrono_literals;
using testing::HttpServer;

namespace {

struct MethodCounts {
  std::mutex mutex;
  int head = 0;
  int get = 0;
  void count(const httplib::Request& req) {
    std::lock_guard lock(mutex);
    (req.method == "HEAD" ? head : get)++;
  }
};

fetch::FetchOptions quick() {
  return testing::fast_fetch_options(2000ms);
}

fetch::FetchRequest link_request(const std::string& url) {
  fetch::FetchRequest request = testing::local_request(url);
  request.head_first = true;
  request.keep_body_bytes = 1000;
  request.lean = true;
  return request;
}

}  // namespace

TEST_CASE("link mode: a HEAD that answers 200 is all it takes") {
  HttpServer server;
  MethodCounts counts;
  server.routes().Get("/formularios", [&](const httplib::Request& req, httplib::Response& res) {
    counts.count(req);
    res.set_header("X-Powered-By", "municipio");
    res.set_content("<p>Formulários</p>", "text/html; charset=utf-8");
  });
  const auto result = fetch::fetch_all({link_request(server.url("/formularios"))}, quick())[0];
  CHECK(result.outcome == fetch::Outcome::ok);
  CHECK(result.http_status == 200);
  CHECK(counts.head == 1);
  CHECK(counts.get == 0);
  CHECK(result.body.empty());
  CHECK(result.headers.size() == 1);  // lean: Content-Type only
  CHECK(result.headers.count("content-type") == 1);
}

TEST_CASE("link mode: HEAD refused with 405 is asked again with GET at once") {
  HttpServer server;
  MethodCounts counts;
  server.routes().Get("/marcacoes", [&](const httplib::Request& req, httplib::Response& res) {
    counts.count(req);
    if (req.method == "HEAD") {
      res.status = 405;
      return;
    }
    res.set_content("<p>Marcações online</p>", "text/html");
  });
  const auto result = fetch::fetch_all({link_request(server.url("/marcacoes"))}, quick())[0];
  CHECK(result.outcome == fetch::Outcome::ok);
  CHECK(counts.head == 1);
  CHECK(counts.get == 1);
  CHECK(result.body == "<p>Marcações online</p>");
}

TEST_CASE("link mode: a 503 to HEAD with Retry-After is asked with GET after the wait") {
  HttpServer server;
  std::atomic<int> hits{0};
  server.routes().Get("/manutencao", [&](const httplib::Request&, httplib::Response& res) {
    if (++hits == 1) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content("<p>de volta</p>", "text/html");
  });
  const auto started = std::chrono::steady_clock::now();
  const auto result = fetch::fetch_all({link_request(server.url("/manutencao"))}, quick())[0];
  CHECK(result.outcome == fetch::Outcome::ok);
  CHECK(std::chrono::steady_clock::now() - started >= 900ms);
  CHECK(hits == 2);
}

TEST_CASE("link mode: only the first bytes of a GET body are read") {
  HttpServer server;
  server.routes().Get("/pagina", [](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "HEAD") {
      res.status = 501;
      return;
    }
    res.set_content(std::string(200'000, 'x'), "text/html");
  });
  const auto result = fetch::fetch_all({link_request(server.url("/pagina"))}, quick())[0];
  CHECK(result.outcome == fetch::Outcome::ok);
  CHECK(result.http_status == 200);
  CHECK(result.body.size() == 1000);
}

TEST_CASE("link mode: a timed-out link is not asked twice when timeouts are not retried") {
  HttpServer server;
  std::atomic<int> hits{0};
  server.routes().Get("/lento", [&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    std::this_thread::sleep_for(800ms);
    res.set_content("tarde", "text/plain");
  });
  auto options = quick();
  options.total_timeout = 300ms;
  options.retry_timeouts = false;
  const auto result = fetch::fetch_all({link_request(server.url("/lento"))}, options)[0];
  CHECK(result.error == fetch::ErrorKind::timeout);
  CHECK(result.attempts == 1);
  CHECK(hits == 1);
}
