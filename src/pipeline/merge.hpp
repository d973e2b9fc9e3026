#pragma once
// `freshcheck merge-reports`: the reports of the shards of one night (`check --shard K/N`, one
// job each) made into the one report a whole run would have written, so that the alerts go
// out once, from the final job, and an issue is closed only by the shard that checked its
// source again (the merged report holds every shard's sources and checks).

#include <filesystem>
#include <vector>

#include "core/exit_code.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"
#include "report/report.hpp"

namespace freshcheck::pipeline {

// Reads report.json in each folder and merges them: the run spans from the first start to
// the last finish; sources, checks, findings and ignored findings are put together, findings
// most severe first. Fails, naming the folder, when a report cannot be read or when two
// reports hold the same source (shards of one night never overlap: one was run twice, or
// with another N).
core::Result<report::RunReport> merge_reports(const std::vector<std::filesystem::path>& folders);

// The exit code a run with this report gives (as `check`): 1 for a confirmed finding at or
// above `threshold` that is not about fetching, else 3 when a source could not be read or a
// link not fetched, else 0.
core::ExitCode exit_code_of(const report::RunReport& report, core::Severity threshold);

}  // namespace freshcheck::pipeline
