#include "render/chromium.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "url/url.hpp"
#include "util/text.hpp"

namespace freshcheck::render {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A fresh, empty profile for one render, removed afterwards.
class TempProfile {
 public:
  TempProfile() {
    std::string pattern = (fs::temp_directory_path() / "freshcheck-chromium-XXXXXX").string();
    if (::mkdtemp(pattern.data())) m_path = pattern;
  }
  ~TempProfile() {
    std::error_code ignored;
    if (!m_path.empty()) fs::remove_all(m_path, ignored);
  }
  TempProfile(const TempProfile&) = delete;
  TempProfile& operator=(const TempProfile&) = delete;
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

// The host's first address, IPv4 preferred (what the browser will be pinned to).
core::Result<std::string, RenderFailure> resolve(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int error = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); error != 0)
    return core::fail(RenderFailure{
        fetch::ErrorKind::dns, fmt::format("cannot resolve {}: {}", host, gai_strerror(error))});
  std::string chosen;
  for (const addrinfo* at = found; at; at = at->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* address =
        at->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(at->ai_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(at->ai_addr)->sin6_addr);
    if (!::inet_ntop(at->ai_family, address, text, sizeof text)) continue;
    if (chosen.empty() || at->ai_family == AF_INET) chosen = text;
    if (at->ai_family == AF_INET) break;
  }
  ::freeaddrinfo(found);
  if (chosen.empty())
    return core::fail(RenderFailure{fetch::ErrorKind::dns, fmt::format("no address for {}", host)});
  return chosen;
}

// The memory of every process in group `group`, from /proc.
std::size_t group_memory(pid_t group) {
  std::size_t total = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    // After "pid (comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt
    // cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime vsize rss
    std::istringstream fields(line.substr(close + 2));
    std::string state;
    long parent = 0, process_group = 0;
    fields >> state >> parent >> process_group;
    if (process_group != group) continue;
    // Proportional set size: pages the browser's processes share are counted once, not
    // once per process as summed RSS would.
    std::ifstream rollup(entry.path() / "smaps_rollup");
    for (std::string row; std::getline(rollup, row);)
      if (row.rfind("Pss:", 0) == 0) {
        total += static_cast<std::size_t>(std::atoll(row.c_str() + 4)) * 1024;
        break;
      }
  }
  return total;
}

bool group_alive(pid_t group) {
  return ::kill(-group, 0) == 0 || errno != ESRCH;
}

// Kills the whole group and reaps the browser; its children, orphaned, are reaped by init.
void end_group(pid_t browser) {
  ::kill(-browser, SIGKILL);
  int status = 0;
  ::waitpid(browser, &status, 0);
  for (int i = 0; i < 200 && group_alive(browser); ++i) {
    ::kill(-browser, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::vector<std::string> arguments(const RenderRequest& request, const std::string& profile,
                                   const std::string& host, const std::string& address) {
  return {request.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--disable-extensions", "--mute-audio", "--user-data-dir=" + profile,
          // Only the source's host resolves, and only to the address checked here (the first
          // rule that matches wins).
          // (An address in the URL is not resolved: it is exempted instead.)
          host == address
              ? fmt::format("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {}", host)
              : fmt::format("--host-resolver-rules=MAP {} {}, MAP * ~NOTFOUND", host, address),
          fmt::format("--virtual-time-budget={}", request.settle.count()), "--dump-dom",
          request.url};
}

struct Spawned {
  pid_t pid = -1;
  int output = -1;  // the browser's stdout
};

// Starts the browser in a new process group, stdout to a pipe, stderr to `log`.
core::Result<Spawned, RenderFailure> spawn(const std::vector<std::string>& args,
                                           const std::string& log) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  int pipe[2];
  if (::pipe2(pipe, O_CLOEXEC) != 0)
    return core::fail(RenderFailure{fetch::ErrorKind::render_failed, "cannot create a pipe"});
  const int error_log = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int null_input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(null_input, 0);
    ::dup2(pipe[1], 1);
    ::dup2(error_log, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe[1]);
  if (error_log >= 0) ::close(error_log);
  if (null_input >= 0) ::close(null_input);
  if (pid < 0) {
    ::close(pipe[0]);
    return core::fail(RenderFailure{fetch::ErrorKind::render_failed, "cannot start Chromium"});
  }
  ::setpgid(pid, pid);  // also here: whichever of the two runs first
  return Spawned{pid, pipe[0]};
}

std::string log_tail(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  if (all.size() > 400) all = all.substr(all.size() - 400);
  return util::collapse_space(util::to_valid_utf8(all));
}

// Reads the DOM until the browser closes its stdout, within the bounds; the group is ended
// whatever happens.
core::Result<std::string, RenderFailure> collect(const RenderRequest& request, Spawned browser,
                                                 const std::string& log) {
  const auto deadline = Clock::now() + request.timeout;
  auto next_memory_check = Clock::now();
  std::string dom;
  std::size_t peak = 0;
  std::optional<RenderFailure> failure;
  char buffer[65536];
  while (!failure) {
    if (Clock::now() >= deadline) {
      failure = RenderFailure{fetch::ErrorKind::render_timeout,
                              fmt::format("Chromium did not finish rendering {} within {} s",
                                          request.url, request.timeout.count() / 1000.0)};
      break;
    }
    if (Clock::now() >= next_memory_check) {
      next_memory_check = Clock::now() + std::chrono::milliseconds(200);
      const std::size_t used = group_memory(browser.pid);
      peak = std::max(peak, used);
      if (used > request.max_memory_bytes)
        failure = RenderFailure{
            fetch::ErrorKind::render_failed,
            fmt::format("Chromium used {} MiB rendering {}, past the cap of {} MiB; it was stopped",
                        used >> 20, request.url, request.max_memory_bytes >> 20)};
    }
    pollfd wait{browser.output, POLLIN, 0};
    if (::poll(&wait, 1, 100) <= 0) continue;
    const ssize_t got = ::read(browser.output, buffer, sizeof buffer);
    if (got == 0) break;  // the browser closed its stdout: the DOM is complete
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    dom.append(buffer, static_cast<std::size_t>(got));
    if (dom.size() > request.max_dom_bytes)
      failure = RenderFailure{fetch::ErrorKind::render_failed,
                              fmt::format("the rendered page of {} is larger than {} bytes",
                                          request.url, request.max_dom_bytes)};
  }
  ::close(browser.output);
  // A browser that closed stdout exits at once; give it a moment to say how it ended.
  int status = 0;
  pid_t ended = 0;
  for (int i = 0; !failure && i < 100 && (ended = ::waitpid(browser.pid, &status, WNOHANG)) == 0;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const bool clean = ended == browser.pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (ended == browser.pid) {
    ::kill(-browser.pid, SIGKILL);  // its helpers, if any are left
    for (int i = 0; i < 200 && group_alive(browser.pid); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } else {
    end_group(browser.pid);
  }
  spdlog::debug("Chromium rendering {}: peak memory of its processes {} MiB (polled)", request.url,
                peak >> 20);
  if (failure) return core::fail(std::move(*failure));
  if (!clean || util::trim(dom).empty())
    return core::fail(RenderFailure{
        fetch::ErrorKind::render_failed,
        fmt::format("Chromium ended without a page for {} ({}): {}", request.url,
                    ended != browser.pid  ? "did not exit"
                    : WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
                                          : fmt::format("exit status {}", WEXITSTATUS(status)),
                    log_tail(log))});
  return dom;
}

}  // namespace

bool chromium_available(const std::string& chromium) {
  return ::access(chromium.c_str(), X_OK) == 0;
}

core::Result<std::string, RenderFailure> render_dom(const RenderRequest& request) {
  const auto parts = url::split(request.url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https"))
    return core::fail(
        RenderFailure{fetch::ErrorKind::render_failed,
                      fmt::format("cannot render {}: not an http(s) URL", request.url)});
  if (!chromium_available(request.chromium))
    return core::fail(RenderFailure{
        fetch::ErrorKind::render_failed,
        fmt::format("\"render\": \"chromium\" needs Chromium at {}; install Debian's chromium "
                    "package",
                    request.chromium)});
  auto address = resolve(parts->host);
  if (!address) return core::fail(std::move(address).error());
  if (!request.allow_private && fetch::is_private_address(*address))
    return core::fail(RenderFailure{
        fetch::ErrorKind::private_address,
        fmt::format("{} resolves to the private address {}; set allow_private to render it",
                    parts->host, *address)});
  TempProfile profile;
  if (profile.path().empty())
    return core::fail(
        RenderFailure{fetch::ErrorKind::render_failed, "cannot create a temporary profile"});
  const std::string log = profile.path() + "/chromium.log";
  auto browser = spawn(arguments(request, profile.path(), parts->host, *address), log);
  if (!browser) return core::fail(std::move(browser).error());
  const auto started = Clock::now();
  auto dom = collect(request, *browser, log);
  spdlog::debug(
      "rendered {} in {} ms", request.url,
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
  return dom;
}

}  // namespace freshcheck::render
