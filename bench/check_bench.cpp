// `freshcheck check` on the W2 shape, with pages this benchmark writes itself: 200 official-
// style pages of about 150 KB over 4 local "hosts" (one port each) that answer after 50 ms,
// scope #contactos, a dataset holding each page's main number. Three phases on one state
// folder, as three nights: cold (first look), unchanged, then 5 pages change their number.
// Each phase is the real binary as a child process: wall time, CPU (user + system, from
// wait4) and peak RSS; and whether it was right (nothing reported cold or unchanged; exactly
// the 5 changed pages after). When urlwatch is installed it watches the same pages in the
// same run (css filter #contactos), and the ratios freshcheck/urlwatch are printed per phase.
// Loopback only.
//
//   build/bench/check_bench [--pages 200] [--kb 150] [--latency-ms 50] [--hosts 4]
//                           [--mutate 5] [--reps 1] [--bin PATH] [--no-urlwatch]

#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "official_pages.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using freshcheck::bench::median;

struct Options {
  int pages = 200;
  std::size_t kilobytes = 150;
  int latency_ms = 50;
  int hosts = 4;
  int mutate = 5;
  int reps = 1;
  std::string binary = FRESHCHECK_BINARY_PATH;
  bool urlwatch = true;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : "";
    if (name == "--no-urlwatch") {
      options.urlwatch = false;
      continue;
    }
    ++i;
    if (name == "--pages") options.pages = std::atoi(value);
    if (name == "--kb") options.kilobytes = static_cast<std::size_t>(std::atoi(value));
    if (name == "--latency-ms") options.latency_ms = std::atoi(value);
    if (name == "--hosts") options.hosts = std::atoi(value);
    if (name == "--mutate") options.mutate = std::atoi(value);
    if (name == "--reps") options.reps = std::max(1, std::atoi(value));
    if (name == "--bin") options.binary = value;
  }
  return options;
}

// The pages, as the site serves them now; a night's edition swaps them all at once.
class Pages {
 public:
  void set(std::vector<std::string> pages) {
    auto shared = std::make_shared<const std::vector<std::string>>(std::move(pages));
    std::lock_guard lock(m_mutex);
    m_pages = std::move(shared);
  }
  std::shared_ptr<const std::vector<std::string>> get() const {
    std::lock_guard lock(m_mutex);
    return m_pages;
  }

 private:
  mutable std::mutex m_mutex;
  std::shared_ptr<const std::vector<std::string>> m_pages;
};

// One port stands for one host; every answer waits the latency first. Bodies go out as they
// are (cpp-httplib would otherwise Brotli-compress them at its slowest setting, which would
// measure the server).
class Host {
 public:
  Host(const Pages& pages, int latency_ms) {
    m_server.new_task_queue = [] { return new httplib::ThreadPool(32); };
    m_server.Get(R"(/page/(\d+))", [&pages, latency_ms](const httplib::Request& request,
                                                        httplib::Response& response) {
      std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms));
      const auto all = pages.get();
      const auto index = static_cast<std::size_t>(std::stoul(request.matches[1].str()));
      if (index >= all->size()) {
        response.status = 404;
        return;
      }
      response.set_content_provider(
          (*all)[index].size(), "text/html; charset=utf-8",
          [all, index](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            return sink.write((*all)[index].data() + offset, length);
          });
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Host() {
    m_server.stop();
    m_thread.join();
  }
  std::string url(int page) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/page/" + std::to_string(page);
  }

 private:
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
};

struct Measure : freshcheck::bench::ChildRun {
  bool right = false;
  std::string said;  // what it reported, in a few words
};

// Runs `argv` with its output in `out` (and its errors beside it, in out.err).
Measure run(const std::vector<std::string>& argv, const fs::path& out) {
  Measure measure;
  static_cast<freshcheck::bench::ChildRun&>(measure) =
      freshcheck::bench::run_child(argv, out.string(), out.string() + ".err");
  return measure;
}

// Starts the measured commands from a process forked before the pages exist. Linux keeps a
// process's peak RSS across exec, and a command spawned from this process would begin with
// its hundred MB of pages; spawned from the launcher, each peak is the command's own.
class Launcher {
 public:
  Launcher() {
    int requests[2], answers[2];
    if (::pipe(requests) != 0 || ::pipe(answers) != 0) std::abort();
    m_pid = ::fork();
    if (m_pid == 0) {
      ::close(requests[1]);
      ::close(answers[0]);
      serve(requests[0], answers[1]);
      ::_exit(0);
    }
    ::close(requests[0]);
    ::close(answers[1]);
    m_requests = ::fdopen(requests[1], "w");
    m_answers = ::fdopen(answers[0], "r");
  }
  ~Launcher() {
    std::fclose(m_requests);  // the launcher reads the end and leaves
    std::fclose(m_answers);
    ::waitpid(m_pid, nullptr, 0);
  }

  Measure run(const std::vector<std::string>& argv, const fs::path& out) {
    std::fprintf(m_requests, "%s\n", json{{"argv", argv}, {"out", out.string()}}.dump().c_str());
    std::fflush(m_requests);
    char line[4096];
    if (!std::fgets(line, sizeof line, m_answers)) std::abort();
    const json answer = json::parse(line);
    Measure measure;
    measure.wall = answer.at("wall");
    measure.cpu = answer.at("cpu");
    measure.rss_mb = answer.at("rss_mb");
    measure.exit_code = answer.at("exit_code");
    return measure;
  }

 private:
  static void serve(int requests, int answers) {
    FILE* in = ::fdopen(requests, "r");
    FILE* out = ::fdopen(answers, "w");
    char line[1 << 16];
    while (std::fgets(line, sizeof line, in)) {
      const json request = json::parse(line);
      const Measure m = ::run(request.at("argv").get<std::vector<std::string>>(),
                              request.at("out").get<std::string>());
      std::fprintf(
          out, "%s\n",
          json{{"wall", m.wall}, {"cpu", m.cpu}, {"rss_mb", m.rss_mb}, {"exit_code", m.exit_code}}
              .dump()
              .c_str());
      std::fflush(out);
    }
  }

  pid_t m_pid = 0;
  FILE* m_requests = nullptr;
  FILE* m_answers = nullptr;
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The pages freshcheck's report names in findings at warning or above.
std::set<int> reported_pages(const fs::path& report, std::string& said) {
  std::set<int> pages;
  std::map<std::string, int> kinds;
  const json parsed = json::parse(read(report), nullptr, false);
  if (parsed.is_discarded()) {
    said = "no report";
    return pages;
  }
  for (const auto& finding : parsed.at("findings")) {
    ++kinds[finding.at("kind").get<std::string>()];
    if (finding.at("severity") == "info") continue;
    const std::string source = finding.at("source");
    if (source.rfind("page-", 0) == 0) pages.insert(std::stoi(source.substr(5)));
  }
  for (const auto& [kind, count] : kinds)
    said += (said.empty() ? "" : ", ") + kind + " x" + std::to_string(count);
  if (said.empty()) said = "nothing reported";
  return pages;
}

// The pages urlwatch says CHANGED or ERROR ("pagina N" is each job's name).
std::set<int> urlwatch_pages(const fs::path& out, std::string& said) {
  std::set<int> pages;
  std::istringstream lines(read(out));
  int news = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(". NEW: ") != std::string::npos) ++news;
    const auto changed = line.find(". CHANGED: pagina ");
    const auto error = line.find(". ERROR: pagina ");
    if (changed != std::string::npos) pages.insert(std::stoi(line.substr(changed + 18)));
    if (error != std::string::npos) pages.insert(std::stoi(line.substr(error + 16)));
  }
  said = std::to_string(news) + " new, " + std::to_string(pages.size()) + " changed";
  return pages;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  Launcher launcher;  // first, while this process is small
  const fs::path work =
      fs::temp_directory_path() / ("freshcheck-check-bench-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "rules");
  fs::create_directories(work / "dataset");

  // The site: edition 0 everywhere, then the mutated pages in edition 1.
  std::vector<std::string> first, second;
  json sources = json::array(), facts = json::array();
  std::set<int> mutated;
  for (int i = 0; i < options.mutate && i < options.pages; ++i)
    mutated.insert((i * 37 + 11) % options.pages);
  std::size_t bytes = 0;
  for (int i = 0; i < options.pages; ++i) {
    const auto page =
        freshcheck::bench::official_page(static_cast<unsigned>(i + 1), options.kilobytes * 1024);
    bytes += page.html.size();
    first.push_back(page.html);
    second.push_back(mutated.count(i)
                         ? freshcheck::bench::official_page(static_cast<unsigned>(i + 1),
                                                            options.kilobytes * 1024, 1)
                               .html
                         : page.html);
    facts.push_back({{"id", "page-" + std::to_string(i) + ".main"},
                     {"kind", "phone"},
                     {"value", page.main_number},
                     {"verify_at", {"page-" + std::to_string(i)}}});
  }
  Pages pages;
  pages.set(first);
  std::vector<std::unique_ptr<Host>> hosts;
  for (int h = 0; h < options.hosts; ++h)
    hosts.push_back(std::make_unique<Host>(pages, options.latency_ms));
  std::string urls;
  for (int i = 0; i < options.pages; ++i) {
    const std::string url = hosts[static_cast<std::size_t>(i % options.hosts)]->url(i);
    sources.push_back({{"id", "page-" + std::to_string(i)},
                       {"url", url},
                       {"scope", "#contactos"},
                       {"robots", false}});
    urls += (i ? "---\n" : "") + std::string("name: \"pagina ") + std::to_string(i) +
            "\"\nurl: \"" + url + "\"\nfilter:\n  - css: '#contactos'\n";
  }
  std::ofstream(work / "rules" / "bench.json") << json{
      {"site", "bench"},
      {"region", "PT"},
      {"allow_private", true},
      {"fetch", {{"max_per_host", 3}}},
      {"sources", sources}}.dump(1);
  std::ofstream(work / "dataset" / "bench.json")
      << json{{"guide", {{"id", "bench"}}}, {"facts", facts}}.dump(1);
  std::ofstream(work / "urls.yaml") << urls;
  std::ofstream(work / "urlwatch.yaml")
      << "display: {new: true, error: true, unchanged: false}\n"
         "report:\n  text: {details: false, footer: false, minimal: false}\n"
         "  stdout: {enabled: true, color: false}\n";
  const bool with_urlwatch =
      options.urlwatch && std::system("urlwatch --version >/dev/null 2>&1") == 0;

  const std::vector<std::string> phases = {"cold", "unchanged", "after_mutate"};
  std::map<std::string, std::map<std::string, std::vector<Measure>>> results;
  for (int rep = 0; rep < options.reps; ++rep) {
    const fs::path state = work / ("state-" + std::to_string(rep));
    fs::remove_all(state);
    fs::create_directories(state);
    for (const auto& phase : phases) {
      pages.set(phase == "after_mutate" ? second : first);
      const std::set<int> want = phase == "after_mutate" ? mutated : std::set<int>{};
      const fs::path report = state / ("report-" + phase);
      Measure fc =
          launcher.run({options.binary, "check", "--rules", (work / "rules").string(), "--dataset",
                        (work / "dataset").string(), "--snapshots", (state / "snapshots").string(),
                        "--pages", (state / "pages").string(), "--report", report.string()},
                       state / (phase + ".fc.out"));
      fc.right = reported_pages(report / "report.json", fc.said) == want &&
                 fc.exit_code == (want.empty() ? 0 : 1);
      results["freshcheck"][phase].push_back(fc);
      if (!with_urlwatch) continue;
      Measure uw =
          run({"urlwatch", "--urls", (work / "urls.yaml").string(), "--config",
               (work / "urlwatch.yaml").string(), "--cache", (state / "urlwatch.db").string()},
              state / (phase + ".urlwatch.out"));
      uw.right = urlwatch_pages(state / (phase + ".urlwatch.out"), uw.said) == want;
      results["urlwatch"][phase].push_back(uw);
    }
  }

  std::printf("check_bench: %d pages, %.1f MB, %d hosts, %d ms a response, %d changed, %d rep%s\n",
              options.pages, bytes / 1e6, options.hosts, options.latency_ms, options.mutate,
              options.reps, options.reps == 1 ? "" : "s (medians)");
  std::printf("  %-10s %-13s %7s %7s %7s  %s\n", "tool", "phase", "wall s", "cpu s", "rss MB",
              "right");
  for (const auto& [tool, by_phase] : results)
    for (const auto& phase : phases) {
      const auto& measures = by_phase.at(phase);
      std::vector<double> wall, cpu, rss;
      bool right = true;
      for (const auto& m : measures) {
        wall.push_back(m.wall);
        cpu.push_back(m.cpu);
        rss.push_back(m.rss_mb);
        right = right && m.right;
      }
      std::printf("  %-10s %-13s %7.2f %7.2f %7.1f  %s (%s)\n", tool.c_str(), phase.c_str(),
                  median(wall), median(cpu), median(rss), right ? "yes" : "NO",
                  measures.back().said.c_str());
    }
  if (with_urlwatch)
    for (const auto& phase : phases) {
      const auto value = [&](const char* tool, double Measure::*field) {
        std::vector<double> values;
        for (const auto& m : results[tool][phase]) values.push_back(m.*field);
        return median(values);
      };
      std::printf("  ratio freshcheck/urlwatch %-13s wall %.2f  cpu %.2f\n", phase.c_str(),
                  value("freshcheck", &Measure::wall) / value("urlwatch", &Measure::wall),
                  value("freshcheck", &Measure::cpu) / value("urlwatch", &Measure::cpu));
    }
  else
    std::printf("  urlwatch not run (not installed, or --no-urlwatch): no ratio\n");
  fs::remove_all(work);
  return 0;
}
