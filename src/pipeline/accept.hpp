#pragma once
// `freshcheck accept`: after review, the observed page becomes the snapshot's baseline, and
// with --update-dataset the dataset takes the observed values, so one pull request carries
// both.

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/exit_code.hpp"
#include "core/result.hpp"

namespace freshcheck::pipeline {

struct AcceptOptions {
  std::filesystem::path snapshots = "snapshots";
  std::filesystem::path report = "report";
  bool all = false;
  std::vector<std::string> finding_ids;
  bool update_dataset = false;
};

struct AcceptOutcome {
  std::vector<std::string> sources;         // whose pending observation became the baseline
  std::vector<std::string> dataset_edits;   // "file: fact field old -> new"
  std::vector<std::string> left_to_people;  // findings no value can be taken from
};

// Why an accept stopped, and the exit code that says so: usage_or_config for a missing
// report, an unknown id or a dataset that no longer holds the reviewed value; write_failed
// for a snapshot that could not be saved.
struct AcceptFailure {
  core::ExitCode exit_code = core::ExitCode::usage_or_config;
  std::string message;
};

// Accepting any finding of a source accepts that source's whole pending observation: the
// page is one unit.
core::Result<AcceptOutcome, AcceptFailure> run_accept(const config::Config& config,
                                                      const AcceptOptions& options);

}  // namespace freshcheck::pipeline
