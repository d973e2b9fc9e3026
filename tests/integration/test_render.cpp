// Pages built by JavaScript, rendered by headless Chromium: the phone table a script inserts
// after load, a page that never finishes, a renderer killed mid-page, private addresses,
// and `check` end to end. Skipped (with a message) only where /usr/bin/chromium is absent;
// scripts/setup.sh installs it.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "check_workspace.hpp"
#include "extract/extraction.hpp"
#include "reader/reader.hpp"
#include "render/chromium.hpp"
#include "support.hpp"
#include "test_servers.hpp"

using namespace freshcheck;
using freshcheck::testing::HttpServer;
using freshcheck::testing::Workspace;
namespace fs = std::filesystem;

namespace {

// A contact page whose phone table a script inserts after load (like a portal's).
std::string script_page(const std::string& number) {
  return R"(<!doctype html><html lang="pt"><head><meta charset="utf-8"><title>Contactos</title>
<script src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Open+Sans"></head>
<body><main id="app"></main><script>
window.addEventListener('load', function () {
  setTimeout(function () {
    document.getElementById('app').innerHTML = '<h1>Contactos</h1><table>' +
      '<tr><td>Centro de Contacto</td><td>)" +
         number + R"(</td></tr>' +
      '<tr><td>Horário</td><td>Dias úteis, das 8h00 às 20h00</td></tr></table>' +
      '<p>Escreva para geral@aima.gov.pt</p>';
  }, 200);
});
</script></body></html>)";
}

// Processes whose command line mentions `needle`, with their process group.
std::vector<std::pair<pid_t, pid_t>> processes_with(const std::string& needle) {
  std::vector<std::pair<pid_t, pid_t>> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string command = Workspace::read(entry.path() / "cmdline");
    if (command.find(needle) == std::string::npos) continue;
    found.push_back({static_cast<pid_t>(std::stoi(name)), ::getpgid(std::stoi(name))});
  }
  return found;
}

bool group_has(pid_t group, const std::string& needle) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (::getpgid(std::stoi(name)) != group) continue;
    if (Workspace::read(entry.path() / "cmdline").find(needle) != std::string::npos) return true;
  }
  return false;
}

#define SKIP_WITHOUT_CHROMIUM()                                                    \
  if (!render::chromium_available()) {                                             \
    MESSAGE("skipped: no /usr/bin/chromium (scripts/setup.sh installs chromium)"); \
    return;                                                                        \
  }

}  // namespace

TEST_CASE("render: the phone table a script inserts after load is read") {
  SKIP_WITHOUT_CHROMIUM();
  HttpServer server;
  server.routes().Get("/contactos", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(script_page("217 115 000"), "text/html; charset=utf-8");
  });
  render::RenderRequest request;
  request.url = server.url("/contactos");
  request.allow_private = true;
  auto dom = render::render_dom(request);
  REQUIRE_MESSAGE(dom, (dom ? "" : dom.error().message));
  auto document =
      reader::read_document(*dom, reader::Format::rendered_html, {request.url, "", "", 100});
  REQUIRE(document);
  extract::ExtractOptions options;
  const auto facts = extract::extract_all(*document, options);
  REQUIRE(facts.phones.size() == 1);
  CHECK(facts.phones[0].e164 == "+351217115000");
  CHECK(facts.phones[0].hours_osm() == "Mo-Fr 08:00-20:00");
  // The static page has no number: only the browser's DOM does.
  auto shell = reader::read_document(script_page("217 115 000"), "text/html", {});
  REQUIRE(shell);
  CHECK(extract::extract_all(*shell, options).phones.empty());
  CHECK(processes_with(request.url).empty());
}

TEST_CASE("render: private addresses are refused unless allowed") {
  SKIP_WITHOUT_CHROMIUM();
  render::RenderRequest request;
  request.url = "http://127.0.0.1:9/contactos";
  auto dom = render::render_dom(request);
  REQUIRE_FALSE(dom);
  CHECK(dom.error().kind == fetch::ErrorKind::private_address);
}

TEST_CASE("render: a page that never finishes is render_timeout, and no process is left") {
  SKIP_WITHOUT_CHROMIUM();
  HttpServer server;
  std::atomic<bool> stop{false};
  server.routes().Get("/contactos", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"(<!doctype html><p>Contactos</p><img src="/lento.png">)", "text/html");
  });
  server.routes().Get("/lento.png", [&](const httplib::Request&, httplib::Response&) {
    for (int i = 0; i < 300 && !stop; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
  render::RenderRequest request;
  request.url = server.url("/contactos");
  request.allow_private = true;
  request.timeout = std::chrono::seconds(4);
  const auto started = std::chrono::steady_clock::now();
  auto dom = render::render_dom(request);
  const auto took = std::chrono::steady_clock::now() - started;
  stop = true;
  REQUIRE_FALSE(dom);
  CHECK(dom.error().kind == fetch::ErrorKind::render_timeout);
  CHECK(took < std::chrono::seconds(10));
  CHECK(processes_with(request.url).empty());
}

TEST_CASE(
    "render: a renderer killed mid-page ends the render as a failure, and the group is reaped") {
  SKIP_WITHOUT_CHROMIUM();
  HttpServer server;
  std::atomic<bool> stop{false};
  server.routes().Get("/contactos", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"(<!doctype html><p>Contactos</p><img src="/lento.png">)", "text/html");
  });
  server.routes().Get("/lento.png", [&](const httplib::Request&, httplib::Response&) {
    for (int i = 0; i < 300 && !stop; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
  render::RenderRequest request;
  request.url = server.url("/contactos");
  request.allow_private = true;
  // Headless Chromium does not give up on a page whose renderer died: the timeout ends it.
  request.timeout = std::chrono::seconds(8);
  pid_t group = 0;
  bool killed = false;
  std::thread killer([&] {
    for (int i = 0; i < 150 && !killed; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const auto browsers = processes_with(request.url);
      if (browsers.empty()) continue;
      group = browsers.front().second;
      for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = std::stoi(name);
        if (::getpgid(pid) == group &&
            Workspace::read(entry.path() / "cmdline").find("--type=renderer") !=
                std::string::npos) {
          killed = ::kill(pid, SIGKILL) == 0;
          break;
        }
      }
    }
  });
  const auto started = std::chrono::steady_clock::now();
  auto dom = render::render_dom(request);
  const auto took = std::chrono::steady_clock::now() - started;
  killer.join();
  stop = true;
  REQUIRE(killed);
  REQUIRE_FALSE(dom);
  MESSAGE("after the renderer was killed: " << dom.error().message);
  CHECK((dom.error().kind == fetch::ErrorKind::render_failed ||
         dom.error().kind == fetch::ErrorKind::render_timeout));
  CHECK(took < std::chrono::seconds(14));
  CHECK(processes_with(request.url).empty());
  CHECK_FALSE(group_has(group, "chromium"));
}

TEST_CASE("check with a render source: a changed number in the rendered page is phone_missing") {
  SKIP_WITHOUT_CHROMIUM();
  Workspace workspace;
  std::mutex mutex;
  std::string number = "217 115 000";
  workspace.routes().Get("/app", [&](const httplib::Request&, httplib::Response& response) {
    std::lock_guard lock(mutex);
    response.set_content(script_page(number), "text/html; charset=utf-8");
  });
  const auto write_rules = [&](const std::string& render) {
    std::ofstream(workspace.dir() / "rules" / "aima.json")
        << R"({"site": "aima", "allow_private": true, "fetch": {"retries": 0}, "sources": [)"
        << R"({"id": "contactos", "url": ")" << workspace.url("/app")
        << R"(", "scope": "main", "robots": false)" << render << "}]}";
  };
  // Without rendering, the shell has no facts: extraction_empty says it is built by scripts.
  write_rules("");
  const auto shell = workspace.check();
  REQUIRE(workspace.kinds(shell) == std::vector<std::string>{"extraction_empty"});
  CHECK(shell.report.at("findings")[0].at("message").get<std::string>().find(
            "\"render\": \"chromium\"") != std::string::npos);

  write_rules(R"(, "render": "chromium", "render_timeout_seconds": 30)");
  const auto first = workspace.check();
  CHECK(first.exit_code == 0);
  CHECK(workspace.kinds(first).empty());
  {
    std::lock_guard lock(mutex);
    number = "217 115 999";
  }
  const auto run = workspace.check();
  CHECK(run.exit_code == 1);
  REQUIRE(workspace.kinds(run) == std::vector<std::string>{"phone_missing"});
  CHECK(run.report.at("findings")[0].at("observed") == "+351217115999");
}
