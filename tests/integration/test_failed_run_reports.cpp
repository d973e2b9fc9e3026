// A run that fails leaves no report of the run before it in report/: a CI job that shows
// report.md after a failed night must not show an earlier night's "0 findings". And a
// source id must make a file name, or the configuration says so at its line and column.
#include <filesystem>
#include <fstream>
#include <string>

#include "check_workspace.hpp"
#include "config/config.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;

bool any_report(const fs::path& folder) {
  for (const char* name : {"report.json", "report.md", "report.html", "junit.xml"})
    if (fs::exists(folder / name)) return true;
  return false;
}

std::vector<std::string> messages(const freshcheck::config::Config& config) {
  std::vector<std::string> out;
  for (const auto& diagnostic : config.diagnostics) out.push_back(diagnostic.to_string());
  return out;
}

}  // namespace

TEST_CASE("a run that cannot save its snapshots leaves no report of the run before") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  const fs::path report = workspace.dir() / "report";
  REQUIRE(fs::exists(report / "report.md"));

  // A folder stands where this run's temporary snapshot file goes (".<id>.json.tmp-<pid>";
  // `exec` keeps the shell's pid), so the save fails as on a read-only or full disk (this
  // test runs as root, whom file modes do not stop).
  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  const std::string in_the_way = "snapshots/.contactos.json.tmp-$$/x";
  const int status =
      std::system(("cd " + workspace.dir().string() + " && sh -c 'mkdir -p " + in_the_way +
                   " && exec " FRESHCHECK_BINARY " check' > /dev/null 2> err.txt")
                      .c_str());
  const std::string err = Workspace::read(workspace.dir() / "err.txt");
  INFO(err);
  CHECK(WEXITSTATUS(status) == 6);  // a disk that refuses a write is not a bad configuration
  CHECK(err.find("could not save the snapshot of contactos") != std::string::npos);
  CHECK(err.find("cannot write") != std::string::npos);
  CHECK(err.find("free space or fix the permissions") != std::string::npos);
  CHECK_FALSE(any_report(report));
}

TEST_CASE("a run whose reports cannot all be written takes back those it wrote") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  const fs::path report = workspace.dir() / "report";
  fs::remove(report / "report.md");
  fs::create_directories(report / "report.md" / "in-the-way");  // report.json goes first
  const auto run = workspace.check();
  INFO(run.err);
  CHECK(run.exit_code == 6);
  CHECK(run.err.find("report.md") != std::string::npos);
  CHECK_FALSE(fs::exists(report / "report.json"));
  CHECK_FALSE(fs::exists(report / "report.html"));
  CHECK_FALSE(fs::exists(report / "junit.xml"));
  CHECK(fs::is_directory(report / "report.md" / "in-the-way"));  // not ours: left alone

  fs::remove_all(report / "report.md");
  CHECK(workspace.check().exit_code == 0);
  CHECK(any_report(report));
}

TEST_CASE("a check stopped by its configuration leaves no report of the run before") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  const fs::path report = workspace.dir() / "report";
  REQUIRE(any_report(report));
  const std::string long_id(300, 'x');
  std::ofstream(workspace.dir() / "rules" / "aima.json")
      << R"({"site": "aima", "allow_private": true, "sources": [{"id": ")" << long_id
      << R"(", "url": ")" << workspace.url("/contactos") << R"("}]})";
  const auto run = workspace.check();
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("rules/aima.json:1:") != std::string::npos);
  CHECK(run.err.find("at most 100 characters long; this one has 300") != std::string::npos);
  CHECK_FALSE(any_report(report));
}

TEST_CASE("source ids must make file names: length, '.' and '..', hidden names, separators") {
  using namespace freshcheck::config;
  const auto load = [](const std::string& id) {
    Config config;
    load_rules_text(config, "rules/x.json",
                    "{\"site\": \"x\", \"sources\": [\n  {\"id\": \"" + id +
                        "\", \"url\": \"https://www.seg-social.pt/contactos\"}]}");
    return messages(config);
  };
  CHECK(load(std::string(100, 'a')).empty());
  CHECK(load("seg-social.contactos_v2").empty());
  const auto long_id = load(std::string(101, 'a'));
  REQUIRE(long_id.size() == 1);
  CHECK(long_id[0].rfind("rules/x.json:2:", 0) == 0);
  CHECK(long_id[0].find("at most 100 characters long; this one has 101") != std::string::npos);
  for (const std::string id : {".", "..", ".contactos", "..json.tmp-1"}) {
    const auto dotted = load(id);
    INFO(id);
    REQUIRE(dotted.size() == 1);
    CHECK(dotted[0].rfind("rules/x.json:2:", 0) == 0);
    CHECK(dotted[0].find("may not start with '.'") != std::string::npos);
  }
  for (const std::string id : {"a/b", "../etc", "a\\\\b"}) {
    const auto separated = load(id);
    INFO(id);
    REQUIRE(separated.size() == 1);
    CHECK(separated[0].find("ids may hold only letters") != std::string::npos);
  }
}
