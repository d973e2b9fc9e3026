#pragma once
// The findings of a run, written for the tools that read report.json (the DESIGN.md
// contract) and for people (report.md, short enough for an issue body).

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.hpp"
#include "core/result.hpp"

namespace freshcheck::report {

struct SourceStatus {
  std::string id;
  std::string url;
  std::string status;  // ok (baseline), changed, unchanged, unreachable, blocked, extraction_empty
  long http_status = 0;
  std::string final_url;
  std::string error;  // empty when fetched
};

struct RunReport {
  std::string started;
  std::string finished;
  std::vector<SourceStatus> sources;
  std::vector<core::Finding> findings;  // most severe first
};

nlohmann::json to_json(const RunReport& report);
std::string to_markdown(const RunReport& report);

// Writes report.json and report.md into `folder`, each atomically.
core::Result<void> write_reports(const RunReport& report, const std::filesystem::path& folder);

}  // namespace freshcheck::report
