// `run_check` called in-process, the way the front end calls it: the run's clock is the
// one it is given, a run that cannot keep its state says so as a value, and report.json
// reads back through the one typed reader into the run that wrote it.
#include <filesystem>

#include "check_workspace.hpp"
#include "config/config.hpp"
#include "pipeline/check.hpp"
#include "report/report_reader.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;
namespace pipeline = freshcheck::pipeline;
namespace report = freshcheck::report;

// 2026-12-01T03:00:00Z, the time every stamp of the run must carry.
const auto k_night = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'094'000));

pipeline::CheckOptions options_in(const Workspace& workspace) {
  pipeline::CheckOptions options;
  options.snapshots = workspace.dir() / "snapshots";
  options.report = workspace.dir() / "report";
  options.clock = [] { return k_night; };
  return options;
}

freshcheck::config::Config config_of(const Workspace& workspace) {
  auto config = freshcheck::config::load(workspace.dir() / "rules", workspace.dir() / "dataset");
  REQUIRE(config.ok());
  return config;
}

}  // namespace

TEST_CASE("run_check stamps the run, its evidence and its history with the clock it is given") {
  Workspace workspace;
  const auto config = config_of(workspace);
  const auto first = pipeline::run_check(config, options_in(workspace));
  REQUIRE(first);
  CHECK(first->report.started == "2026-12-01T03:00:00Z");
  CHECK(first->report.finished == "2026-12-01T03:00:00Z");
  REQUIRE(first->report.sources.size() == 1);
  CHECK(first->report.sources[0].status == report::Status::ok);
  CHECK(first->exit_code == freshcheck::core::ExitCode::ok);

  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  const auto second = pipeline::run_check(config, options_in(workspace));
  REQUIRE(second);
  REQUIRE_FALSE(second->report.findings.empty());
  CHECK(second->report.sources[0].status == report::Status::changed);
  for (const auto& finding : second->report.findings)
    CHECK(finding.evidence.fetched_at == "2026-12-01T03:00:00Z");
  CHECK(second->exit_code == freshcheck::core::ExitCode::findings);

  // The typed reader gives back what the run wrote.
  const auto read = report::read_report(workspace.dir() / "report" / "report.json");
  REQUIRE(read);
  CHECK(read->started == second->report.started);
  REQUIRE(read->sources.size() == 1);
  CHECK(read->sources[0].status == report::Status::changed);
  REQUIRE(read->findings.size() == second->report.findings.size());
  for (std::size_t i = 0; i < read->findings.size(); ++i) {
    const auto& written = second->report.findings[i];
    const auto& back = read->findings[i];
    CHECK(back.id == written.id);
    CHECK(back.kind == written.kind);
    CHECK(back.severity == written.severity);
    CHECK(back.state == written.state);
    CHECK(back.published == written.published);
    CHECK(back.observed == written.observed);
    CHECK(back.evidence.snippet == written.evidence.snippet);
    CHECK(back.evidence.changes.size() == written.evidence.changes.size());
  }
}

TEST_CASE("run_check returns a failure, not an exception, when its snapshot cannot be saved") {
  Workspace workspace;
  const auto config = config_of(workspace);
  // A plain file where the snapshots folder goes: nothing can be written under it.
  std::ofstream(workspace.dir() / "snapshots") << "in the way";
  const auto run = pipeline::run_check(config, options_in(workspace));
  REQUIRE_FALSE(run);
  CHECK(run.error().message.find("could not save the snapshot of contactos") != std::string::npos);
  CHECK_FALSE(fs::exists(workspace.dir() / "report" / "report.json"));
}

TEST_CASE("the report reader says which file is not a report, and why") {
  Workspace workspace;
  const fs::path file = workspace.dir() / "report.json";
  CHECK(report::read_report(file).error().message ==
        "no report at " + file.string() + "; run `freshcheck check` first");
  std::ofstream(file) << R"({"run": {"started": "x", "finished": "y"}, "sources": [
    {"id": "contactos", "url": "https://aima.gov.pt/", "status": "sleeping"}], "findings": []})";
  const auto unknown = report::read_report(file);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message.find(file.string() + " is not a report") == 0);
  CHECK(unknown.error().message.find("unknown status of source contactos") != std::string::npos);
  std::ofstream(file) << "{";
  CHECK(report::read_report(file).error().message.find("is not a report") != std::string::npos);
}
