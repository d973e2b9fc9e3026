// dataset/ignored.json: the changes people chose not to hear about again. The file's reader,
// `freshcheck ignore`, and `check` setting exactly those fingerprints aside until their date.

#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "check_workspace.hpp"
#include "config/config.hpp"
#include "config/ignored.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
namespace fc = freshcheck;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;
using json = nlohmann::json;

constexpr const char* k_id = "phone_missing-0123456789abcdef";

std::vector<fc::config::IgnoredFinding> read_text(const std::string& text,
                                                  std::vector<fc::config::Diagnostic>& problems) {
  return fc::config::read_ignored_text("dataset/ignored.json", text, problems);
}

int run(const std::string& arguments, const fs::path& dir, std::string* err = nullptr) {
  const fs::path err_file = dir / "ignore.err";
  const std::string command = "cd " + dir.string() + " && " + FRESHCHECK_BINARY + " " + arguments +
                              " > /dev/null 2> " + err_file.string();
  const int status = std::system(command.c_str());
  if (err) *err = Workspace::read(err_file);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("ignored.json: entries read with their dates, and each problem at its line") {
  std::vector<fc::config::Diagnostic> problems;
  const auto entries = read_text(R"({"ignored": [
    {"finding": "phone_missing-0123456789abcdef", "reason": "forwards to the new line",
     "until": "2027-01-31", "by": "maria", "recorded": "2026-12-02", "source": "contactos"},
    {"finding": "content_changed-00000000000000ff", "reason": "cookie banner"}]})",
                                 problems);
  CHECK(problems.empty());
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].reason == "forwards to the new line");
  CHECK(entries[0].holds_on("2027-01-31T23:59:00Z"));  // the last day holds
  CHECK_FALSE(entries[0].holds_on("2027-02-01T00:00:00Z"));
  CHECK(entries[1].holds_on("2099-01-01"));  // no date: until removed
  CHECK(fc::config::find_ignored(entries, k_id, "2026-12-02") == &entries[0]);
  CHECK(fc::config::find_ignored(entries, k_id, "2027-03-01") == nullptr);
  CHECK(fc::config::find_ignored(entries, "phone_missing-1111111111111111", "2026-12-02") ==
        nullptr);

  problems.clear();
  const auto bad = read_text(R"({"ignored": [
    {"finding": "phone_missing-XYZ", "reason": "r"},
    {"finding": "phone_missing-0123456789abcdef", "reason": "", "until": "31/01/2027"},
    {"finding": "phone_missing-0123456789abcdef", "reason": "r", "untill": "2027-01-31"}]})",
                             problems);
  CHECK(bad.size() == 1);  // only the last: a misspelt key is reported, the entry still read
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].where.line == 2);
  CHECK(problems[0].message.find("is not a finding id") != std::string::npos);
  CHECK(problems[1].where.line == 3);  // the empty reason
  CHECK(problems[2].message.find("YYYY-MM-DD") != std::string::npos);
  CHECK(problems[3].where.line == 4);
  CHECK(problems[3].message.find("did you mean \"until\"") != std::string::npos);

  CHECK(fc::config::is_finding_id("hours_changed-abcdef0123456789"));
  CHECK_FALSE(fc::config::is_finding_id("no_such_kind-abcdef0123456789"));
  CHECK_FALSE(fc::config::is_finding_id("phone_missing-ABCDEF0123456789"));
  CHECK_FALSE(fc::config::is_finding_id("phone_missing-abcdef012345678"));
  CHECK_FALSE(fc::config::is_calendar_date("2026-13-01"));
}

TEST_CASE("ignored.json: the dataset loader reads it as such, never as a guide") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "dataset" / "ignored.json")
      << R"({"ignored": [{"finding": ")" << k_id << R"(", "reason": "known"}]})";
  const auto config = fc::config::load(workspace.dir() / "rules", workspace.dir() / "dataset");
  CHECK(config.ok());
  CHECK(config.datasets.size() == 1);
  REQUIRE(config.ignored.size() == 1);
  CHECK(config.ignored[0].finding == k_id);

  std::ofstream(workspace.dir() / "dataset" / "ignored.json") << R"({"ignored": [{"finding": 1}]})";
  const auto broken = fc::config::load(workspace.dir() / "rules", workspace.dir() / "dataset");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.diagnostics[0].to_string().find("ignored.json:1:") != std::string::npos);
}

TEST_CASE("freshcheck ignore: records the fingerprint, refuses what is not one, keeps the file") {
  Workspace workspace;
  const fs::path dir = workspace.dir();
  std::string err;
  CHECK(run("ignore not-a-finding --reason x", dir, &err) == 2);
  CHECK(err.find("\"not-a-finding\" is not a finding id") != std::string::npos);
  CHECK(run(std::string("ignore ") + k_id + " --reason '  '", dir, &err) == 2);
  CHECK(err.find("--reason must say why") != std::string::npos);
  CHECK(run(std::string("ignore ") + k_id + " --reason x --until 2020-01-01", dir, &err) == 2);
  CHECK(err.find("already past") != std::string::npos);
  CHECK(run(std::string("ignore ") + k_id + " --reason x --until tomorrow", dir, &err) == 2);
  CHECK_FALSE(fs::exists(dir / "dataset" / "ignored.json"));

  REQUIRE(run(std::string("ignore ") + k_id +
                  " --reason $'forwards to\\nthe new line' --by maria --until 2099-12-31",
              dir, &err) == 0);
  REQUIRE(run("ignore content_changed-00000000000000ff --reason 'cookie banner'", dir) == 0);
  // The same finding again replaces its entry rather than adding one.
  REQUIRE(run(std::string("ignore ") + k_id + " --reason 'forwards, checked again' --by maria",
              dir) == 0);
  const json file = json::parse(Workspace::read(dir / "dataset" / "ignored.json"));
  REQUIRE(file.at("ignored").size() == 2);
  CHECK(file["ignored"][0].at("finding") == k_id);
  CHECK(file["ignored"][0].at("reason") == "forwards, checked again");
  CHECK_FALSE(file["ignored"][0].contains("until"));
  CHECK(file["ignored"][0].at("recorded").get<std::string>().size() == 10);

  // A file that does not read is never overwritten.
  std::ofstream(dir / "dataset" / "ignored.json") << "{\"ignored\": [";
  CHECK(run(std::string("ignore ") + k_id + " --reason x", dir, &err) == 2);
  CHECK(err.find("nothing was written") != std::string::npos);
  CHECK(Workspace::read(dir / "dataset" / "ignored.json") == "{\"ignored\": [");
}

TEST_CASE(
    "check: an ignored change is reported aside, neither alerting nor exiting 1, until its date") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      contacts_page("217 115 100", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  const auto seen = workspace.check();
  REQUIRE(seen.exit_code == 1);
  std::string id;
  for (const auto& finding : seen.report.at("findings"))
    if (finding.at("kind") == "phone_missing") id = finding.at("id");
  REQUIRE_FALSE(id.empty());
  const std::size_t findings = seen.report.at("findings").size();

  const fs::path file = workspace.dir() / "dataset" / "ignored.json";
  std::ofstream(file) << R"({"ignored": [{"finding": ")" << id
                      << R"(", "reason": "the old number forwards", "until": "2099-12-31"}]})";
  const auto quiet = workspace.check();
  CHECK(quiet.exit_code == (findings == 1 ? 0 : 1));
  CHECK(quiet.report.at("findings").size() == findings - 1);
  REQUIRE(quiet.report.at("ignored").size() == 1);
  CHECK(quiet.report["ignored"][0].at("finding").at("id") == id);
  CHECK(quiet.report["ignored"][0].at("reason") == "the old number forwards");
  CHECK(quiet.report["ignored"][0].at("until") == "2099-12-31");
  const std::string markdown = Workspace::read(workspace.dir() / "report" / "report.md");
  CHECK(markdown.find("Ignored (dataset/ignored.json)") != std::string::npos);
  CHECK(markdown.find(id) != std::string::npos);

  // Past its last day the entry no longer holds: the change alerts again.
  std::ofstream(file) << R"({"ignored": [{"finding": ")" << id
                      << R"(", "reason": "the old number forwards", "until": "2020-01-31"}]})";
  const auto again = workspace.check();
  CHECK(again.exit_code == 1);
  CHECK(again.report.at("findings").size() == findings);
  CHECK(again.report.at("ignored").empty());
}
