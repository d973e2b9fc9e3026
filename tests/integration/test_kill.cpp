// A run killed with SIGKILL at any moment leaves every snapshot valid: old or new, never torn.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "store/snapshot_store.hpp"
#include "support.hpp"
#include "test_servers.hpp"
#include "util/atomic_file.hpp"

extern char** environ;

namespace fs = std::filesystem;

TEST_CASE("kill -9 during check leaves every snapshot old or new") {
  freshcheck::testing::HttpServer server;
  // Large pages make each snapshot write take a while, so kills land inside writes too.
  std::string filler;
  for (int i = 0; i < 4000; ++i)
    filler += "<p>Parágrafo " + std::to_string(i) + " sem contactos.</p>";
  std::atomic<int> version{0};
  server.routes().Get(R"(/page/(\d+))", [&](const httplib::Request&, httplib::Response& r) {
    freshcheck::testing::send_uncompressed(r,
                                           "<html><body><main><p>Tel. 217 115 000</p><p>versão " +
                                               std::to_string(version.load()) + "</p>" + filler +
                                               "</main></body></html>",
                                           "text/html; charset=utf-8");
  });
  const fs::path dir =
      fs::temp_directory_path() / ("freshcheck-kill-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "rules");
  fs::create_directories(dir / "dataset");
  {
    std::ofstream rules(dir / "rules" / "site.json");
    rules << R"({"site": "s", "allow_private": true, "sources": [)";
    for (int i = 0; i < 24; ++i)
      rules << (i ? "," : "") << R"({"id": "s)" << i << R"(", "url": ")"
            << server.url("/page/" + std::to_string(i)) << R"(", "robots": false})";
    rules << "]}";
    std::ofstream(dir / "dataset" / "d.json") << R"({"guide": {"id": "g"}, "facts": []})";
  }

  const freshcheck::store::SnapshotStore store(dir / "snapshots");
  int killed_mid_run = 0;
  for (int round = 0; round < 16; ++round) {
    version = round;
    pid_t pid = 0;
    const std::string binary = FRESHCHECK_BINARY;
    char* argv[] = {const_cast<char*>(binary.c_str()), const_cast<char*>("check"), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const fs::path previous = fs::current_path();
    fs::current_path(dir);
    REQUIRE(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv, environ) == 0);
    fs::current_path(previous);
    posix_spawn_file_actions_destroy(&actions);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + round * 25));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed_mid_run;

    // Every snapshot that exists parses and holds a complete observation.
    for (int i = 0; i < 24; ++i) {
      const fs::path path = store.path_of("s" + std::to_string(i));
      if (!fs::exists(path)) continue;
      std::ifstream in(path);
      std::ostringstream text;
      text << in.rdbuf();
      INFO(path << " after round " << round);
      nlohmann::json json;
      REQUIRE_NOTHROW(json = nlohmann::json::parse(text.str()));
      const auto snapshot = freshcheck::store::snapshot_from_json(json);
      REQUIRE(snapshot.has_value());
      REQUIRE(snapshot->observation.has_value());
      CHECK(snapshot->observation->blocks.size() > 4000);
    }
  }
  CHECK(killed_mid_run >= 8);  // most rounds really were interrupted

  // A clean run afterwards finds nothing torn and tidies the leftovers.
  const int rc = std::system(
      ("cd " + dir.string() + " && " FRESHCHECK_BINARY " check >/dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(rc) == 0);
  for (const auto& entry : fs::directory_iterator(dir / "snapshots"))
    CHECK_MESSAGE(entry.path().filename().string().find(".tmp-") == std::string::npos,
                  entry.path());
  fs::remove_all(dir);
}

TEST_CASE("write_atomically under kill -9: the file is always wholly old or wholly new") {
  const fs::path dir =
      fs::temp_directory_path() / ("freshcheck-atomic-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path target = dir / "snapshot.json";
  const std::string first(8u << 20, 'a');
  const std::string second(8u << 20, 'b');
  REQUIRE(freshcheck::util::write_atomically(target, first).has_value());

  int torn = 0;
  for (int round = 0; round < 30; ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (int i = 0;; ++i)
        (void)freshcheck::util::write_atomically(target, i % 2 ? first : second);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3 + (round * 7) % 40));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    std::ifstream in(target, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    if (content != first && content != second) ++torn;
  }
  CHECK(torn == 0);
  fs::remove_all(dir);
}
