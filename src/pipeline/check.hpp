#pragma once
// `freshcheck check`: fetch every selected source, extract, compare with the dataset and the
// last snapshot, keep the snapshots, write the reports, and say which exit code applies.

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/exit_code.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"
#include "fetch/fetcher.hpp"
#include "report/report.hpp"
#include "util/clock.hpp"

namespace freshcheck::pipeline {

struct CheckOptions {
  std::filesystem::path snapshots = "snapshots";
  std::filesystem::path report = "report";
  std::filesystem::path pages;  // the last page of each source; empty: "pages" beside snapshots
  bool offline = false;         // replay the pages stored there
  std::vector<std::string> source_ids;  // empty: all
  int shard_index = 1;                  // --shard K/N: the sources whose position % N == K-1
  int shard_count = 1;
  bool allow_private = false;
  core::Severity threshold = core::Severity::warning;  // findings at or above it exit 1
  int escalate_after = 3;  // consecutive failed runs before source_unreachable is critical
  fetch::FetchOptions fetch;
  util::Clock clock = util::system_now;  // the time reports and evidence are stamped with
};

struct CheckOutcome {
  core::ExitCode exit_code = core::ExitCode::ok;
  report::RunReport report;
  std::vector<std::string> warnings;  // corrupt snapshots set aside, and the like
};

// Throws std::invalid_argument for selections that name no configured source. Fails, with
// what to do, when a snapshot or a report cannot be written (exit code write_failed): a
// run whose state is not kept must not pass for a good one.
core::Result<CheckOutcome> run_check(const config::Config& config, const CheckOptions& options);

// The sources a --source/--shard selection picks, in configuration order.
std::vector<const config::Source*> select_sources(const config::Config& config,
                                                  const CheckOptions& options);

}  // namespace freshcheck::pipeline
