// `freshcheck check` end to end: the real binary, a real server on 127.0.0.1 serving
// before/after versions of a page, real snapshot and report files.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_workspace.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::CheckRun;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;

}  // namespace

TEST_CASE("first run is the baseline — an identical rerun reports nothing") {
  Workspace workspace;
  const auto first = workspace.check();
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(workspace.kinds(first).empty());
  CHECK(first.report.at("sources")[0].at("status") == "ok");
  CHECK(fs::exists(workspace.dir() / "snapshots" / "contactos.json"));
  CHECK(fs::exists(workspace.dir() / "report" / "report.md"));

  const auto again = workspace.check();
  CHECK(again.exit_code == 0);
  CHECK(workspace.kinds(again).empty());
  CHECK(again.report.at("sources")[0].at("status") == "unchanged");
}

TEST_CASE("no alert: reformatted number, noise, reordered rows, new layout with the same facts") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);

  workspace.set_page(
      contacts_page("217115000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  auto run = workspace.check();
  CHECK(run.exit_code == 0);
  CHECK(workspace.kinds(run).empty());

  workspace.set_page(contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00",
                                   "geral@aima.gov.pt", "",
                                   "visita 98231 em 2026-11-27 token a8f3c2e1"));
  run = workspace.check();
  CHECK(run.exit_code == 0);
  CHECK(workspace.kinds(run).empty());

  workspace.set_page(R"(<html><body><main><h1>Contactos</h1><ul>
    <li>E-mail: escreva para geral@aima.gov.pt</li>
    <li>Linha alternativa: +351 965 903 700</li>
    <li>Centro de Contacto: 217 115 000 — dias úteis, das 8h às 20h</li></ul></main></body></html>)");
  run = workspace.check();
  CHECK(run.exit_code == 0);
  // The words around the facts changed: informational only, never an alert.
  for (const auto& kind : workspace.kinds(run)) CHECK(kind == "content_changed");
}

TEST_CASE("a changed number is one likely replacement") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  const auto run = workspace.check();
  CHECK(run.exit_code == 1);
  REQUIRE(workspace.kinds(run) == std::vector<std::string>{"phone_missing"});
  const auto& finding = run.report.at("findings")[0];
  CHECK(finding.at("severity") == "critical");
  CHECK(finding.at("fact") == "aima.contact-centre");
  CHECK(finding.at("published") == "+351217115000");
  CHECK(finding.at("observed") == "+351217115999");
  CHECK(finding.at("evidence").at("before") == "Centro de Contacto | 217 115 000");
  CHECK(finding.at("evidence").at("snippet") == "Centro de Contacto | 217 115 999");

  // The same change gives the same fingerprint on the next run.
  const auto again = workspace.check();
  CHECK(again.report.at("findings")[0].at("id") == finding.at("id"));
}

TEST_CASE("a new number, changed hours and a removed e-mail") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(contacts_page("217 115 000", "Dias úteis, das 8h00 às 18h00", "o formulário",
                                   "<tr><td>Linha nova</td><td>218 000 000</td></tr>"));
  const auto run = workspace.check();
  CHECK(run.exit_code == 1);
  auto kinds = workspace.kinds(run);
  std::sort(kinds.begin(), kinds.end());
  CHECK(kinds ==
        std::vector<std::string>{"content_changed", "email_missing", "hours_changed", "phone_new"});
  for (const auto& finding : run.report.at("findings")) {
    if (finding.at("kind") == "hours_changed") {
      CHECK(finding.at("published") == "Mo-Fr 08:00-20:00");
      CHECK(finding.at("observed") == "Mo-Fr 08:00-18:00");
      CHECK(finding.at("message") ==
            "hours of 217 115 000 changed: Mo-Fr: closes at 18:00 instead of 20:00");
    }
    if (finding.at("kind") == "phone_new") CHECK(finding.at("observed") == "+351218000000");
  }
}

TEST_CASE("an unreachable source keeps its snapshot, exits 3, and escalates after 3 runs") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  const std::string snapshot_before = [&] {
    std::ifstream in(workspace.dir() / "snapshots" / "contactos.json");
    std::ostringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str()).at("observation").dump();
  }();
  workspace.set_status(503);
  for (int night = 1; night <= 3; ++night) {
    const auto run = workspace.check();
    CHECK(run.exit_code == 3);
    REQUIRE(workspace.kinds(run) == std::vector<std::string>{"source_unreachable"});
    CHECK(run.report.at("findings")[0].at("severity") == (night < 3 ? "warning" : "critical"));
    CHECK(run.report.at("sources")[0].at("status") == "unreachable");
  }
  std::ifstream in(workspace.dir() / "snapshots" / "contactos.json");
  const auto snapshot = nlohmann::json::parse(in);
  CHECK(snapshot.at("observation").dump() == snapshot_before);
  CHECK(snapshot.at("state").at("consecutive_failures") == 3);

  workspace.set_status(200);
  const auto back = workspace.check();
  CHECK(back.exit_code == 0);
  CHECK(workspace.kinds(back).empty());
}

TEST_CASE("a broken layout is extraction_empty, never a list of missing numbers") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      "<html><body><div id=\"new-site\"><p>Contactos: ver página nova</p></div></body></html>");
  const auto run = workspace.check();
  CHECK(run.exit_code == 1);
  CHECK(workspace.kinds(run) == std::vector<std::string>{"extraction_empty"});
  CHECK(run.report.at("sources")[0].at("status") == "extraction_empty");
}

TEST_CASE("--offline replays the stored page without the network") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_status(503);
  const auto run = workspace.check("--offline");
  CHECK(run.exit_code == 0);
  CHECK(workspace.kinds(run).empty());
}

TEST_CASE("--offline and --pages: the page is read from the pages folder, compressed") {
  Workspace workspace;
  REQUIRE(workspace.check("--pages elsewhere").exit_code == 0);
  CHECK(fs::exists(workspace.dir() / "elsewhere" / "contactos.html.zst"));
  CHECK_FALSE(fs::exists(workspace.dir() / "pages"));
  workspace.set_status(503);
  CHECK(workspace.kinds(workspace.check("--pages elsewhere --offline")).empty());
  // Without its page a source cannot be replayed: said so, as that source's outcome.
  const auto lost = workspace.check("--offline");
  CHECK(lost.exit_code == 3);
  CHECK(lost.err.find("no stored page for contactos") != std::string::npos);
}

TEST_CASE("a 304 re-reads the page kept in the pages folder, and without it the page is fetched") {
  Workspace workspace;
  std::mutex mutex;
  std::vector<std::string> validators;  // If-None-Match of each request
  workspace.routes().Get("/etag", [&](const httplib::Request& request, httplib::Response& r) {
    std::lock_guard lock(mutex);
    validators.push_back(request.get_header_value("If-None-Match"));
    if (validators.back() == "\"v1\"") {
      r.status = 304;
      return;
    }
    r.set_header("ETag", "\"v1\"");
    r.set_content(
        contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"),
        "text/html; charset=utf-8");
  });
  std::ofstream(workspace.dir() / "rules" / "aima.json")
      << R"({"site": "aima", "allow_private": true, "fetch": {"retries": 0}, "sources": [
            {"id": "contactos", "url": ")"
      << workspace.url("/etag") << R"(", "scope": "main", "robots": false}]})";
  REQUIRE(workspace.check().exit_code == 0);
  const auto again = workspace.check();
  CHECK(again.exit_code == 0);
  CHECK(workspace.kinds(again).empty());
  CHECK(again.report.at("sources")[0].at("status") == "unchanged");
  fs::remove_all(workspace.dir() / "pages");
  CHECK(workspace.check().exit_code == 0);
  std::lock_guard lock(mutex);
  CHECK(validators == std::vector<std::string>{"", "\"v1\"", ""});
}

TEST_CASE("check refuses bad selections and bad config with exit 2") {
  Workspace workspace;
  CHECK(workspace.check("--source nope").exit_code == 2);
  CHECK(workspace.check("--shard 3/2").exit_code == 2);
  CHECK(workspace.check("--shard x").exit_code == 2);
  CHECK(workspace.check("--alert carrier-pigeon").exit_code == 2);
}

TEST_CASE("a corrupt snapshot is set aside, not fatal") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  std::ofstream(workspace.dir() / "snapshots" / "contactos.json") << "{\"state\": tor";
  const auto run = workspace.check();
  CHECK(run.exit_code == 0);
  CHECK(run.err.find("is corrupt") != std::string::npos);
  CHECK(fs::exists(workspace.dir() / "snapshots" / "contactos.json.corrupt-1"));
  CHECK(run.report.at("sources")[0].at("status") == "ok");
}

TEST_CASE("published links: a dead link and a moved link, with the chain") {
  Workspace workspace;
  workspace.routes().Get("/gone",
                         [](const httplib::Request&, httplib::Response& r) { r.status = 404; });
  workspace.routes().Get("/old-form", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("/new-form", 301);
  });
  workspace.routes().Get("/new-form", [](const httplib::Request&, httplib::Response& r) {
    r.set_content("form", "text/html");
  });
  workspace.routes().Get("/site", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("/site/", 301);
  });
  workspace.routes().Get("/site/", [](const httplib::Request&, httplib::Response& r) {
    r.set_content("home", "text/html");
  });
  std::ofstream(workspace.dir() / "dataset" / "links.json")
      << R"({"guide": {"id": "links"}, "facts": [
        {"id": "form", "kind": "link", "value": ")"
      << workspace.url("/old-form") << R"(", "verify_at": ["contactos"]},
        {"id": "old-page", "kind": "link", "value": ")"
      << workspace.url("/gone") << R"(", "verify_at": ["contactos"]},
        {"id": "site", "kind": "link", "value": ")"
      << workspace.url("/site") << R"(", "verify_at": ["contactos"]}]})";
  const auto run = workspace.check();
  INFO(run.err);
  CHECK(run.exit_code == 1);
  auto kinds = workspace.kinds(run);
  std::sort(kinds.begin(), kinds.end());
  CHECK(kinds == std::vector<std::string>{"link_broken", "link_redirected"});
  for (const auto& finding : run.report.at("findings")) {
    if (finding.at("kind") == "link_broken") {
      CHECK(finding.at("fact") == "old-page");
      CHECK(finding.at("observed") == "HTTP 404");
      CHECK(finding.at("severity") == "critical");
    } else {
      CHECK(finding.at("fact") == "form");
      CHECK(finding.at("observed") == workspace.url("/new-form"));
      CHECK(finding.at("evidence").at("detail") ==
            "301 " + workspace.url("/old-form") + " -> " + workspace.url("/new-form"));
    }
  }
}

TEST_CASE("accept --update-dataset takes the reviewed values — the next run is quiet") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "dataset" / "aima.json") << R"(// The AIMA guide.
{"guide": {"id": "how-to-call-aima"}, "facts": [
  {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 000", /* main line */
   "hours": "Mo-Fr 08:00-20:00", "verify_at": ["contactos"]},
  {"id": "aima.email", "kind": "email", "value": "geral@aima.gov.pt", "verify_at": ["contactos"]}]}
)";
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 9h00 às 20h00", "geral@aima.gov.pt"));
  const auto changed = workspace.check();
  REQUIRE(changed.exit_code == 1);
  auto kinds = workspace.kinds(changed);
  std::sort(kinds.begin(), kinds.end());
  REQUIRE(kinds == std::vector<std::string>{"phone_missing"});

  const auto unknown = std::system(
      ("cd " + workspace.dir().string() + " && " FRESHCHECK_BINARY " accept nope 2>/dev/null")
          .c_str());
  CHECK(WEXITSTATUS(unknown) == 2);
  const auto accepted =
      std::system(("cd " + workspace.dir().string() +
                   " && " FRESHCHECK_BINARY " accept --all --update-dataset >/dev/null")
                      .c_str());
  CHECK(WEXITSTATUS(accepted) == 0);

  std::ifstream in(workspace.dir() / "dataset" / "aima.json");
  std::ostringstream text;
  text << in.rdbuf();
  CHECK(text.str() == R"(// The AIMA guide.
{"guide": {"id": "how-to-call-aima"}, "facts": [
  {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 999", /* main line */
   "hours": "Mo-Fr 09:00-20:00", "verify_at": ["contactos"]},
  {"id": "aima.email", "kind": "email", "value": "geral@aima.gov.pt", "verify_at": ["contactos"]}]}
)");

  // The number and its new hours were one change and one review: the next night is quiet.
  const auto quiet = workspace.check();
  CHECK(quiet.exit_code == 0);
  CHECK(workspace.kinds(quiet).empty());
}

TEST_CASE("report.html renders the findings in headless Chromium") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00",
                                   "geral@aima.gov.pt",
                                   "<tr><td>Linha nova</td><td>218 000 000</td></tr>"));
  REQUIRE(workspace.check().exit_code == 1);
  const fs::path page = workspace.dir() / "report" / "report.html";
  const fs::path screenshot = workspace.dir() / "report.png";
  const fs::path dom = workspace.dir() / "dom.html";
  // Flags as this machine needs them: no sandbox as root, and no background connections.
  const std::string chromium =
      "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync --user-data-dir=" +
      (workspace.dir() / "chromium-profile").string() + " --window-size=1280,1400 ";
  REQUIRE(std::system((chromium + "--screenshot=" + screenshot.string() + " file://" +
                       page.string() + " >/dev/null 2>&1")
                          .c_str()) == 0);
  REQUIRE(std::system((chromium + "--dump-dom file://" + page.string() + " > " + dom.string() +
                       " 2>/dev/null")
                          .c_str()) == 0);
  CHECK(fs::file_size(screenshot) > 20'000);  // a rendered page, not a blank one
  std::ifstream in(dom);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string rendered = text.str();
  // The page's script ran (it counts the findings it shows) and the findings are there.
  CHECK(rendered.find("<span id=\"shown\">3 shown</span>") != std::string::npos);
  CHECK(rendered.find("phone_missing") != std::string::npos);
  CHECK(rendered.find("phone_new") != std::string::npos);
  CHECK(rendered.find("217 115 <mark>999</mark>") != std::string::npos);
  if (const char* keep = std::getenv("FRESHCHECK_KEEP_SCREENSHOT"))
    fs::copy_file(screenshot, keep, fs::copy_options::overwrite_existing);
}

TEST_CASE("confirm_runs: a change is pending until seen on that many runs in a row") {
  Workspace workspace;
  workspace.write_rules(R"("confirm_runs": 2,)", "");
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  const auto first = workspace.check();
  CHECK(first.exit_code == 0);  // seen once: pending, no alert
  REQUIRE(workspace.kinds(first) == std::vector<std::string>{"phone_missing"});
  CHECK(first.report.at("findings")[0].at("state") == "pending");
  const auto second = workspace.check();
  CHECK(second.exit_code == 1);
  CHECK(second.report.at("findings")[0].at("state") == "confirmed");
}

TEST_CASE("a value that flips back and forth is flapping, not a series of changes") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  const auto changed =
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt");
  const auto original =
      contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt");
  workspace.set_page(changed);
  const auto first = workspace.check();
  CHECK(first.report.at("findings")[0].at("state") == "confirmed");
  workspace.set_page(original);
  CHECK(workspace.kinds(workspace.check()).empty());
  workspace.set_page(changed);
  const auto again = workspace.check();
  REQUIRE(workspace.kinds(again) == std::vector<std::string>{"phone_missing"});
  CHECK(again.report.at("findings")[0].at("state") == "flapping");
  CHECK(again.report.at("findings")[0].at("id") == first.report.at("findings")[0].at("id"));
}

TEST_CASE("text the rule lists as noise never changes content") {
  Workspace workspace;
  workspace.write_rules("", R"(, "noise": ["Última atualização:[^|]*", "(?i)sessão [a-z]+"])");
  const auto page = [](const std::string& footer) {
    return contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt",
                         "<tr><td>" + footer + "</td><td></td></tr>");
  };
  workspace.set_page(page("Última atualização: ontem à tarde, sessão abcd"));
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(page("Última atualização: hoje de manhã, sessão wxyz"));
  const auto run = workspace.check();
  CHECK(run.exit_code == 0);
  CHECK(workspace.kinds(run).empty());
}

TEST_CASE("reordered sections raise nothing at all") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  std::string page =
      contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt");
  const auto first = page.find("<section>");
  const auto second = page.find("<section>", first + 1);
  const auto end = page.find("</main>");
  const std::string swapped = page.substr(0, first) + page.substr(second, end - second) +
                              page.substr(first, second - first) + page.substr(end);
  REQUIRE(swapped != page);
  workspace.set_page(swapped);
  const auto run = workspace.check();
  CHECK(run.exit_code == 0);
  CHECK(workspace.kinds(run).empty());
  CHECK(run.report.at("sources")[0].at("status") == "unchanged");
}

TEST_CASE("the published guide is checked against the dataset, both ways") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "guide.md")
      << "# How to call AIMA\n"
         "| Contact centre | 217 115 000 | weekdays 8:00-20:00 |\n"
         "| Old line | 808 202 653 | |\n";
  std::ofstream(workspace.dir() / "dataset" / "aima.json")
      << R"({"guide": {"id": "how-to-call-aima", "file": "guide.md"},
    "facts": [
      {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 000", "verify_at": ["contactos"]},
      {"id": "aima.email", "kind": "email", "value": "geral@aima.gov.pt", "verify_at": ["contactos"]}]})";
  const auto run = workspace.check();
  CHECK(run.exit_code == 1);
  std::vector<std::string> messages;
  for (const auto& finding : run.report.at("findings")) {
    CHECK(finding.at("kind") == "guide_mismatch");
    CHECK(finding.at("source") == "guide:how-to-call-aima");
    messages.push_back(finding.at("message"));
  }
  std::sort(messages.begin(), messages.end());
  CHECK(messages ==
        std::vector<std::string>{
            "dataset fact aima.email (geral@aima.gov.pt) is not in the guide",
            "the guide shows +351808202653 (\"808 202 653\"), which no dataset fact holds"});
}
