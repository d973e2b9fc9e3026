// One run at a time on a snapshots folder: two checks, or a check and an accept, started
// together against a slow server on 127.0.0.1. The later one waits for the earlier one and
// then works on what it left, so no update is lost; a run that waits too long exits 5; a
// holder killed with SIGKILL leaves nothing stale behind.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "check_workspace.hpp"
#include "support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;
using namespace std::chrono_literals;

// The contacts page, served as slowly as a test needs, counting requests.
struct SlowPage {
  std::atomic<int> requests{0};
  std::atomic<int> delay_ms{0};
  std::atomic<bool> changed{false};
  std::atomic<bool> released{false};  // ends a delay early (a killed client is not waited for)

  void serve(Workspace& workspace, const std::string& rules_extra) {
    workspace.routes().Get("/lento", [this](const httplib::Request&, httplib::Response& response) {
      ++requests;
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
      while (!released && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(10ms);
      response.set_content(contacts_page(changed ? "217 115 999" : "217 115 000",
                                         "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"),
                           "text/html; charset=utf-8");
    });
    std::ofstream(workspace.dir() / "rules" / "aima.json")
        << R"({"site": "aima", "allow_private": true, "fetch": {"retries": 0}, )" << rules_extra
        << R"( "sources": [{"id": "contactos", "url": ")" << workspace.url("/lento")
        << R"(", "scope": "main", "robots": false}]})";
  }

  // Waits until the server has seen `count` requests: the run that sent the last one holds
  // the lock, which is taken before anything is fetched.
  bool wait_for_requests(int count) const {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (requests < count && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(10ms);
    return requests >= count;
  }
};

// The real binary started in the background in `dir`, its output in files.
class Spawned {
 public:
  Spawned(const fs::path& dir, const std::vector<std::string>& arguments, const std::string& name)
      : m_err(dir / (name + ".err")) {
    const std::string binary = FRESHCHECK_BINARY;
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const std::string out = (dir / (name + ".out")).string();
    const std::string err = m_err.string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    m_started = posix_spawn(&m_pid, binary.c_str(), &actions, nullptr, argv.data(), environ) == 0;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Spawned() {
    if (m_started && !m_reaped) {
      ::kill(m_pid, SIGKILL);
      wait();
    }
  }

  bool started() const { return m_started; }
  pid_t pid() const { return m_pid; }
  // The exit code, or -1 when a signal ended it.
  int wait() {
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_reaped = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string err() const { return Workspace::read(m_err); }

 private:
  fs::path m_err;
  pid_t m_pid = 0;
  bool m_started = false;
  bool m_reaped = false;
};

// Whether some process holds the snapshots folder's lock right now.
bool lock_is_held(const fs::path& snapshots) {
  const int descriptor = ::open((snapshots / ".freshcheck.lock").c_str(), O_RDWR | O_CLOEXEC);
  if (descriptor < 0) return false;
  const bool held = ::flock(descriptor, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(descriptor);
  return held;
}

nlohmann::json snapshot(const Workspace& workspace) {
  return nlohmann::json::parse(Workspace::read(workspace.dir() / "snapshots" / "contactos.json"));
}

}  // namespace

TEST_CASE("two checks at once: the second waits for the first and both confirmations land") {
  Workspace workspace;
  SlowPage page;
  page.serve(workspace, R"("confirm_runs": 2,)");
  REQUIRE(workspace.check().exit_code == 0);  // the baseline

  page.changed = true;
  page.delay_ms = 1500;
  Spawned first(workspace.dir(), {"check"}, "first");
  REQUIRE(first.started());
  REQUIRE(page.wait_for_requests(2));
  Spawned second(workspace.dir(), {"check"}, "second");
  REQUIRE(second.started());
  const int first_code = first.wait();
  const int second_code = second.wait();
  INFO(first.err());
  INFO(second.err());
  // The first sees the change once (pending, exit 0); the second reads what the first wrote,
  // sees it a second time in a row and confirms it (exit 1). Without the lock both read the
  // same count and both wrote 1.
  CHECK(first_code == 0);
  CHECK(second_code == 1);
  CHECK(second.err().find("waiting up to 60 s") != std::string::npos);
  const auto state = snapshot(workspace).at("state");
  REQUIRE(state.at("seen_runs").size() == 1);
  CHECK(state.at("seen_runs").begin().value() == 2);
  CHECK(page.requests == 3);
}

TEST_CASE("accept during a slow check waits for it, and the check does not undo it") {
  Workspace workspace;
  SlowPage page;
  page.serve(workspace, "");
  REQUIRE(workspace.check().exit_code == 0);
  page.changed = true;
  REQUIRE(workspace.check().exit_code == 1);  // phone_missing; the new page waits for review

  page.delay_ms = 1500;
  Spawned check(workspace.dir(), {"check"}, "check");
  REQUIRE(check.started());
  REQUIRE(page.wait_for_requests(3));
  Spawned accept(workspace.dir(), {"accept", "--all", "--update-dataset"}, "accept");
  REQUIRE(accept.started());
  const int accept_code = accept.wait();
  const int check_code = check.wait();
  INFO(accept.err());
  CHECK(check_code == 1);
  CHECK(accept_code == 0);
  CHECK(accept.err().find("waiting up to") != std::string::npos);
  // The accept ran after the check wrote its snapshot, so the new page is the baseline.
  // Without the lock the check wrote back the snapshot it had read before the accept.
  const auto stored = snapshot(workspace);
  CHECK(stored.at("pending").is_null());
  REQUIRE(stored.at("observation").at("phones").size() >= 1);
  CHECK(stored.at("observation").at("phones")[0].at("e164") == "+351217115999");

  page.delay_ms = 0;
  const auto after = workspace.check();
  CHECK(after.exit_code == 0);
  CHECK(workspace.kinds(after).empty());
}

TEST_CASE("a run that cannot have the snapshots folder in time exits 5 and says why") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  const fs::path snapshots = workspace.dir() / "snapshots";
  const std::string before = Workspace::read(snapshots / "contactos.json");
  fs::remove_all(workspace.dir() / "report");

  // This test process holds the lock, as another run would.
  const int holder =
      ::open((snapshots / ".freshcheck.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(holder >= 0);
  REQUIRE(::flock(holder, LOCK_EX) == 0);
  const std::string pid = std::to_string(::getpid()) + "\n";
  REQUIRE(::pwrite(holder, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size()));

  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  const auto started = std::chrono::steady_clock::now();
  const auto run = workspace.check("--lock-timeout 1");
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(run.exit_code == 5);
  CHECK(run.err.find("another freshcheck run (pid " + std::to_string(::getpid()) + ")") !=
        std::string::npos);
  CHECK(run.err.find("--lock-timeout") != std::string::npos);
  CHECK(waited >= 1s);
  CHECK(waited < 15s);
  // Nothing was read or written: no report, the snapshot as it was.
  CHECK_FALSE(fs::exists(workspace.dir() / "report" / "report.json"));
  CHECK(Workspace::read(snapshots / "contactos.json") == before);

  const int accept = std::system(("cd " + workspace.dir().string() +
                                  " && " FRESHCHECK_BINARY
                                  " accept --all --lock-timeout 0 > /dev/null 2> accept.err")
                                     .c_str());
  CHECK(WEXITSTATUS(accept) == 5);
  CHECK(Workspace::read(workspace.dir() / "accept.err").find("still holds") != std::string::npos);

  ::close(holder);  // released: the next run goes ahead at once
  CHECK(workspace.check("--lock-timeout 0").exit_code == 1);
}

TEST_CASE("a holder killed with SIGKILL leaves no stale lock: the next run goes ahead") {
  Workspace workspace;
  SlowPage page;
  page.serve(workspace, "");
  page.delay_ms = 30'000;
  const fs::path snapshots = workspace.dir() / "snapshots";
  {
    Spawned holder(workspace.dir(), {"check"}, "holder");
    REQUIRE(holder.started());
    REQUIRE(page.wait_for_requests(1));
    REQUIRE(lock_is_held(snapshots));
    ::kill(holder.pid(), SIGKILL);
    CHECK(holder.wait() == -1);
  }
  page.released = true;
  // The lock file is still there, naming a dead process; the kernel dropped the lock itself.
  CHECK(fs::exists(snapshots / ".freshcheck.lock"));
  CHECK_FALSE(lock_is_held(snapshots));
  page.delay_ms = 0;
  const auto started = std::chrono::steady_clock::now();
  const auto run = workspace.check("--lock-timeout 5");
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.err.find("waiting") == std::string::npos);
  CHECK(run.report.at("sources")[0].at("status") == "ok");
}
