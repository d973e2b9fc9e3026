// Link checking throughput on the shape of the shared W1 workload: N links over local
// "hosts" (one port each) that add a fixed latency to every response, with redirect chains,
// cross-host redirects, 404/410/500, loops, and 503/429 answers carrying Retry-After that
// recover. Prints the wall time against the physical limit (requests a right answer needs ×
// latency / concurrency) and checks every verdict. Loopback only; bounded in count and time.
//
//   build/bench/links_bench [--links 2000] [--latency-ms 50] [--concurrency 64] [--hosts 4]

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "links/checker.hpp"
#include "workload.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using freshcheck::links::Verdict;

// The W1 mix (kind, share, expected verdict is "broken"), in the shared workload's shares.
struct Kind {
  const char* name;
  double share;
  bool broken;
  int requests;  // a right answer needs at least this many (hops + 1, or a retry)
};
const std::vector<Kind> k_mix = {
    {"ok", .60, false, 1},   {"page", .10, false, 1}, {"r301", .08, false, 3},
    {"r302", .04, false, 3}, {"rx", .02, false, 2},   {"rdead", .02, true, 2},
    {"loop", .005, true, 2}, {"gone", .05, true, 1},  {"removed", .02, true, 1},
    {"err", .02, true, 1},   {"busy", .02, false, 2}, {"throttle", .02, false, 2}};

// One port stands for one host. Paths behave as the shared bench server's.
class Site {
 public:
  Site(int latency_ms, int threads) : m_latency(latency_ms) {
    m_server.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    m_server.set_keep_alive_max_count(100'000);
    m_page = "<html><body>" + std::string(150 * 1024, 'x') + "</body></html>";
    m_server.Get(R"(/(\w+)/(\d+)/(\d+))", [this](const auto& req, auto& res) {
      wait();
      const int hops = std::stoi(req.matches[2].str());
      const std::string id = req.matches[3].str();
      const std::string kind = req.matches[1].str();
      res.set_redirect(
          hops > 1 ? "/" + kind + "/" + std::to_string(hops - 1) + "/" + id : "/ok/" + id,
          kind == "r301" ? 301 : 302);
    });
    m_server.Get(R"(/(\w+)/(\d+))", [this](const auto& req, auto& res) {
      wait();
      answer(req.matches[1].str(), req.matches[2].str(), res);
    });
    port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Site() {
    m_server.stop();
    m_thread.join();
  }

  int port = 0;
  int next_port = 0;  // where /rx/ID redirects
  std::atomic<int> requests{0};
  Clock::time_point last_busy_first_hit{};  // the latest first request of a 503 path

 private:
  void wait() {
    ++requests;
    std::this_thread::sleep_for(std::chrono::milliseconds(m_latency));
  }

  // True while `seconds` have not passed since the first request for `key`.
  bool transient(const std::string& key, int seconds) {
    std::lock_guard lock(m_mutex);
    const auto [at, first_time] = m_first_hit.try_emplace(key, Clock::now());
    if (first_time && seconds == 2) last_busy_first_hit = std::max(last_busy_first_hit, at->second);
    const auto first = at->second;
    return Clock::now() - first < std::chrono::seconds(seconds);
  }

  void answer(const std::string& kind, const std::string& id, httplib::Response& res) {
    if (kind == "ok") return res.set_content("<p>ok " + id + "</p>", "text/html");
    if (kind == "page") return res.set_content(m_page, "text/html");
    if (kind == "rx")
      return res.set_redirect("http://127.0.0.1:" + std::to_string(next_port) + "/ok/" + id, 302);
    if (kind == "rdead") return res.set_redirect("/gone/" + id, 301);
    if (kind == "loop") return res.set_redirect("/loop2/" + id, 301);
    if (kind == "loop2") return res.set_redirect("/loop/" + id, 301);
    if (kind == "removed") {
      res.status = 410;
      return;
    }
    if (kind == "err") {
      res.status = 500;
      return;
    }
    const bool busy = kind == "busy", throttle = kind == "throttle";
    if ((busy && transient(kind + id, 2)) || (throttle && transient(kind + id, 1))) {
      res.status = busy ? 503 : 429;
      res.set_header("Retry-After", busy ? "2" : "1");
      return;
    }
    if (busy || throttle) return res.set_content("<p>ok</p>", "text/html");
    res.status = 404;
  }

  httplib::Server m_server;
  int m_latency;
  std::string m_page;
  std::thread m_thread;
  std::mutex m_mutex;
  std::map<std::string, Clock::time_point> m_first_hit;
};

}  // namespace

int main(int argc, char** argv) {
  const auto settings = freshcheck::bench::parse_workload(argc, argv, "--links");
  std::vector<std::unique_ptr<Site>> sites;
  for (int i = 0; i < settings.hosts; ++i)
    sites.push_back(std::make_unique<Site>(settings.latency_ms, settings.concurrency + 16));
  for (int i = 0; i < settings.hosts; ++i)
    sites[i]->next_port = sites[(i + 1) % settings.hosts]->port;

  std::vector<const Kind*> kinds;
  for (const Kind& kind : k_mix)
    for (int i = 0; i < static_cast<int>(kind.share * settings.count + 0.5); ++i)
      kinds.push_back(&kind);
  while (static_cast<int>(kinds.size()) < settings.count) kinds.push_back(&k_mix[0]);
  kinds.resize(static_cast<std::size_t>(settings.count));
  std::shuffle(kinds.begin(), kinds.end(), std::mt19937(1));

  std::vector<freshcheck::links::FoundLink> found;
  long needed = 0;
  for (int i = 0; i < settings.count; ++i) {
    const Kind& kind = *kinds[static_cast<std::size_t>(i)];
    const bool chain = std::string(kind.name) == "r301" || std::string(kind.name) == "r302";
    const std::string path = chain ? "/" + std::string(kind.name) + "/2/" + std::to_string(i)
                                   : "/" + std::string(kind.name) + "/" + std::to_string(i);
    found.push_back({"http://127.0.0.1:" + std::to_string(sites[i % settings.hosts]->port) + path,
                     "",
                     {"bench.md", i + 1}});
    needed += kind.requests;
  }

  freshcheck::links::CheckOptions options;
  options.concurrency = settings.concurrency;
  options.max_per_host = (settings.concurrency + settings.hosts - 1) / settings.hosts;
  options.timeout = std::chrono::milliseconds(5000);
  options.allow_private = true;
  options.respect_robots = false;
  const auto started = Clock::now();
  const auto results = freshcheck::links::check_links(found, options);
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();

  int wrong = 0;
  for (std::size_t i = 0; i < results.size(); ++i)
    wrong += (results[i].verdict == Verdict::broken) != kinds[i]->broken;
  int requests = 0;
  Clock::time_point last_busy{};
  for (const auto& site : sites) {
    requests += site->requests;
    last_busy = std::max(last_busy, site->last_busy_first_hit);
  }
  // No checker can judge a 503 before its Retry-After has passed since its first request.
  const double busy_bound = std::chrono::duration<double>(last_busy - started).count() + 2.0;
  const double limit = needed * (settings.latency_ms / 1000.0) / settings.concurrency;
  std::printf("links_bench: %d links, %d hosts, %d ms latency, concurrency %d (%d per host)\n",
              settings.count, settings.hosts, settings.latency_ms, settings.concurrency,
              options.max_per_host);
  std::printf("  wrong verdicts %d\n  requests %d (a right answer needs %ld)\n", wrong, requests,
              needed);
  std::printf("  wall %.3f s\n  limit %.3f s (needed requests x latency / concurrency)\n", wall,
              limit);
  std::printf(
      "  ratio %.2f\n  last 503 first asked at %.3f s: it cannot be judged before %.3f s\n"
      "  (its Retry-After of 2 s), so the ratio to that bound is %.2f\n",
      wall / limit, busy_bound - 2.0, busy_bound, wall / busy_bound);
  return wrong == 0 ? 0 : 1;
}
