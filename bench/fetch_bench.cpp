// Fetch throughput: N URLs from local servers that add a fixed latency to every response,
// against the ideal wall time N × latency / concurrency. Loopback only; bounded in count
// and time.
//
//   build/bench/fetch_bench [--urls 2000] [--latency-ms 50] [--concurrency 64] [--hosts 4]

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fetch/fetcher.hpp"
#include "workload.hpp"

namespace {

// One port stands for one host, as in the shared W1 workload.
struct LatencyServer {
  httplib::Server server;
  int port = 0;
  std::thread thread;

  LatencyServer(int latency_ms, int threads) {
    server.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    server.Get(R"(/ok/(\d+))",
               [latency_ms](const httplib::Request& request, httplib::Response& response) {
                 std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms));
                 response.set_content("<p>ok " + request.matches[1].str() + "</p>",
                                      "text/html; charset=utf-8");
               });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LatencyServer() {
    server.stop();
    thread.join();
  }
};

}  // namespace

int main(int argc, char** argv) {
  const auto settings = freshcheck::bench::parse_workload(argc, argv, "--urls");
  std::vector<std::unique_ptr<LatencyServer>> servers;
  for (int i = 0; i < settings.hosts; ++i)
    servers.push_back(
        std::make_unique<LatencyServer>(settings.latency_ms, settings.concurrency + 8));

  std::vector<freshcheck::fetch::FetchRequest> requests;
  for (int i = 0; i < settings.count; ++i) {
    freshcheck::fetch::FetchRequest request;
    request.id = std::to_string(i);
    request.url = "http://127.0.0.1:" + std::to_string(servers[i % settings.hosts]->port) + "/ok/" +
                  request.id;
    request.allow_private = true;
    request.respect_robots = false;
    requests.push_back(std::move(request));
  }
  freshcheck::fetch::FetchOptions options;
  options.max_concurrency = settings.concurrency;
  options.max_per_host = (settings.concurrency + settings.hosts - 1) / settings.hosts;
  options.total_timeout = std::chrono::milliseconds(30'000);

  const auto started = std::chrono::steady_clock::now();
  const auto results = freshcheck::fetch::fetch_all(requests, options);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  int ok = 0;
  for (const auto& result : results) ok += result.outcome == freshcheck::fetch::Outcome::ok;
  const double ideal = settings.count * (settings.latency_ms / 1000.0) / settings.concurrency;
  std::printf("fetch_bench: %d URLs, %d hosts, %d ms latency, concurrency %d (%d per host)\n",
              settings.count, settings.hosts, settings.latency_ms, settings.concurrency,
              options.max_per_host);
  std::printf(
      "  ok %d/%d\n  wall %.3f s\n  ideal %.3f s (URLs x latency / concurrency)\n  ratio %.2f\n",
      ok, settings.count, wall, ideal, wall / ideal);
  return ok == settings.count ? 0 : 1;
}
