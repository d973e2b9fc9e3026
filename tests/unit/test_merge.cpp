// merge-reports: the shards' reports of one night made into the report of the whole night.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "pipeline/merge.hpp"
#include "report/report.hpp"

namespace {

namespace fs = std::filesystem;
namespace fc = freshcheck;

class Folder {
 public:
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "freshcheck-merge-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  ~Folder() {
    std::error_code error;
    fs::remove_all(m_path, error);
  }
  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

fc::core::Finding finding(const std::string& id, fc::core::FindingKind kind,
                          fc::core::Severity severity, const std::string& source) {
  fc::core::Finding out;
  out.id = id;
  out.kind = kind;
  out.severity = severity;
  out.source = source;
  out.fact = source + ".main";
  out.message = "changed";
  return out;
}

fc::report::RunReport shard(const std::string& started, const std::string& finished,
                            const std::string& source, fc::report::Status status) {
  fc::report::RunReport report;
  report.started = started;
  report.finished = finished;
  fc::report::SourceStatus line;
  line.id = source;
  line.url = "https://aima.gov.pt/" + source;
  line.status = status;
  report.sources.push_back(line);
  report.checks.push_back({source, source + ".main"});
  return report;
}

}  // namespace

TEST_CASE("merge-reports: one night from its shards, most severe first, each source once") {
  Folder folder;
  auto first = shard("2026-12-02T04:17:05Z", "2026-12-02T04:19:00Z", "contactos",
                     fc::report::Status::changed);
  first.findings.push_back(finding("content_changed-00000000000000aa",
                                   fc::core::FindingKind::content_changed, fc::core::Severity::info,
                                   "contactos"));
  auto second =
      shard("2026-12-02T04:17:01Z", "2026-12-02T04:18:00Z", "linha", fc::report::Status::changed);
  second.findings.push_back(finding("phone_missing-00000000000000bb",
                                    fc::core::FindingKind::phone_missing,
                                    fc::core::Severity::critical, "linha"));
  REQUIRE(fc::report::write_reports(first, folder.path() / "1"));
  REQUIRE(fc::report::write_reports(second, folder.path() / "2"));

  const auto merged = fc::pipeline::merge_reports({folder.path() / "1", folder.path() / "2"});
  REQUIRE(merged);
  CHECK(merged->started == "2026-12-02T04:17:01Z");
  CHECK(merged->finished == "2026-12-02T04:19:00Z");
  CHECK(merged->sources.size() == 2);
  CHECK(merged->checks.size() == 2);  // what lets an issue close: every shard's checks
  REQUIRE(merged->findings.size() == 2);
  CHECK(merged->findings[0].id == "phone_missing-00000000000000bb");
  CHECK(fc::pipeline::exit_code_of(*merged, fc::core::Severity::warning) ==
        fc::core::ExitCode::findings);
  CHECK(fc::pipeline::exit_code_of(*merged, fc::core::Severity::critical) ==
        fc::core::ExitCode::findings);

  // The same shard twice: refused, naming both folders.
  const auto twice = fc::pipeline::merge_reports({folder.path() / "1", folder.path() / "1"});
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message.find("source contactos is in both") != std::string::npos);
  // A folder without a report says so.
  const auto missing = fc::pipeline::merge_reports({folder.path() / "none"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("no report at") != std::string::npos);
}

TEST_CASE("merge-reports: the exit code is check's: pending is 0, a source not read is 3") {
  auto report = shard("2026-12-02T04:17:00Z", "2026-12-02T04:18:00Z", "contactos",
                      fc::report::Status::changed);
  auto pending = finding("phone_missing-00000000000000cc", fc::core::FindingKind::phone_missing,
                         fc::core::Severity::critical, "contactos");
  pending.state = fc::core::FindingState::pending;
  report.findings.push_back(pending);
  CHECK(fc::pipeline::exit_code_of(report, fc::core::Severity::warning) == fc::core::ExitCode::ok);
  report.sources[0].status = fc::report::Status::unreachable;
  CHECK(fc::pipeline::exit_code_of(report, fc::core::Severity::warning) ==
        fc::core::ExitCode::sources_unchecked);
}
