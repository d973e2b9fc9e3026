// Sources that are not static HTML, end to end through `check`: a PDF leaflet served by a
// real server on 127.0.0.1, whose number changes between runs.
#include <fstream>

#include "check_workspace.hpp"
#include "support.hpp"
#include "util/file.hpp"

using freshcheck::testing::Workspace;

namespace {

std::string fixture(const char* name) {
  auto bytes = freshcheck::util::read_file(std::string(FRESHCHECK_FIXTURES) + "/pdf/" + name);
  REQUIRE(bytes);
  return *bytes;
}

// Rules with one source at `path` on the workspace's server, and a dataset of the
// leaflet's Segurança Social line.
void write_source(Workspace& workspace, const std::string& path, const std::string& extra) {
  std::ofstream(workspace.dir() / "rules" / "aima.json")
      << R"({"site": "lojas", "allow_private": true, "fetch": {"retries": 0}, "sources": [)"
      << R"({"id": "folheto", "url": ")" << workspace.url(path) << R"(", "robots": false)" << extra
      << "}]}";
  std::ofstream(workspace.dir() / "dataset" / "aima.json")
      << R"({"guide": {"id": "lojas"}, "facts": [
      {"id": "lojas.seguranca-social", "kind": "phone", "value": "210 545 400",
       "hours": "Mo-Fr 09:00-16:00", "verify_at": ["folheto"]}]})";
}

}  // namespace

TEST_CASE("a PDF source: a changed number in the leaflet is phone_missing on page 2") {
  Workspace workspace;
  std::string pdf = fixture("leaflet.pdf");
  std::mutex mutex;
  workspace.routes().Get("/folheto.pdf", [&](const httplib::Request&, httplib::Response& response) {
    std::lock_guard lock(mutex);
    response.set_content(pdf, "application/pdf");
  });
  write_source(workspace, "/folheto.pdf", "");
  const auto first = workspace.check();
  CHECK(first.exit_code == 0);
  CHECK(workspace.kinds(first).empty());
  // --offline reads the PDF the snapshot kept.
  const auto offline = workspace.check("--offline");
  CHECK(offline.exit_code == 0);
  CHECK(workspace.kinds(offline).empty());

  {
    std::lock_guard lock(mutex);
    pdf = fixture("leaflet-changed.pdf");
  }
  const auto run = workspace.check();
  CHECK(run.exit_code == 1);
  REQUIRE(workspace.kinds(run) == std::vector<std::string>{"phone_missing"});
  const auto& finding = run.report.at("findings")[0];
  CHECK(finding.at("observed") == "+351210545499");
  CHECK(finding.at("evidence").at("snippet") ==
        "Segurança Social | 210 545 499 | Segunda a sexta, 9h00–16h00");
  // The evidence names the page, and its URL opens the PDF there.
  CHECK(finding.at("message").get<std::string>().find("(page 2 of the PDF)") != std::string::npos);
  CHECK(finding.at("evidence").at("url") == workspace.url("/folheto.pdf") + "#page=2");
}

TEST_CASE("a PDF that does not load is the source's failure, never a change") {
  Workspace workspace;
  std::string body = fixture("leaflet.pdf");
  std::mutex mutex;
  workspace.routes().Get("/folheto.pdf", [&](const httplib::Request&, httplib::Response& response) {
    std::lock_guard lock(mutex);
    response.set_content(body, "application/pdf");
  });
  write_source(workspace, "/folheto.pdf", "");
  REQUIRE(workspace.check().exit_code == 0);
  {
    std::lock_guard lock(mutex);
    body = "%PDF-1.7\n%damaged in transit";
  }
  const auto run = workspace.check();
  CHECK(run.exit_code == 3);
  const auto kinds = workspace.kinds(run);
  CHECK(std::find(kinds.begin(), kinds.end(), "phone_missing") == kinds.end());
  CHECK(run.report.dump().find("is a PDF that could not be read") != std::string::npos);
}
