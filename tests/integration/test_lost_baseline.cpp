// A corrupt snapshot is set aside; the run that follows must not call the page a first good
// fetch, as if nothing had been known before: the reports and the log say that the baseline
// was lost, and where the set-aside file is, since a change made meanwhile goes unreported.
#include <filesystem>
#include <fstream>
#include <string>

#include "check_workspace.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a lost baseline is said in report.json, report.md, report.html and the log") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  std::ofstream(workspace.dir() / "snapshots" / "contactos.json") << "{\"state\": {\"consec";
  // A change made while the baseline was lost: a new line that no finding will show.
  workspace.set_page(contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00",
                                   "geral@aima.gov.pt",
                                   "<tr><td>Linha nova</td><td>218 000 000</td></tr>"));
  const auto run = workspace.check();
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(workspace.kinds(run).empty());
  const std::string aside = "contactos.json.corrupt-1";
  REQUIRE(fs::exists(workspace.dir() / "snapshots" / aside));

  const auto& source = run.report.at("sources")[0];
  CHECK(source.at("status") == "ok");
  REQUIRE(source.at("warnings").size() == 1);
  const std::string warning = source.at("warnings")[0];
  CHECK(warning.rfind("baseline lost: ", 0) == 0);
  CHECK(has(warning, aside));

  const std::string markdown = Workspace::read(workspace.dir() / "report" / "report.md");
  CHECK_FALSE(has(markdown, "First good fetch of contactos"));
  CHECK(has(markdown, "Baseline of contactos lost: "));
  CHECK(has(markdown, aside));
  CHECK(has(markdown, "a change made since the last good run is not reported"));

  const std::string html = Workspace::read(workspace.dir() / "report" / "report.html");
  CHECK(has(html, "<p class=\"lost\">Baseline of contactos lost: "));
  CHECK(has(html, aside));

  CHECK(has(run.err, "baseline of contactos lost: "));
  CHECK(has(run.err, aside));

  // The run after it compares with the new baseline as usual, and says nothing of the loss.
  const auto next = workspace.check();
  CHECK(next.exit_code == 0);
  CHECK(next.report.at("sources")[0].at("status") == "unchanged");
  CHECK(next.report.at("sources")[0].at("warnings").empty());
}

TEST_CASE("a lost baseline of a source that cannot be fetched is said too") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  std::ofstream(workspace.dir() / "snapshots" / "contactos.json") << "[]";
  workspace.set_status(503);
  const auto run = workspace.check();
  CHECK(run.exit_code == 3);
  const auto& source = run.report.at("sources")[0];
  CHECK(source.at("status") == "unreachable");
  REQUIRE(source.at("warnings").size() == 1);
  CHECK(has(source.at("warnings")[0].get<std::string>(), "contactos.json.corrupt-1"));
  const std::string markdown = Workspace::read(workspace.dir() / "report" / "report.md");
  CHECK(has(markdown, "Baseline of contactos lost: "));
  CHECK(has(markdown, "Its next good fetch becomes its new baseline"));
}
