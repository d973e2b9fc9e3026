#pragma once
// The report files of a run, by name, and their removal: a run removes the reports of the
// run before it as soon as it starts, so that a run that fails leaves no report at all
// rather than an earlier run's (which a CI job would show as this night's).

#include <array>
#include <filesystem>
#include <string_view>

#include "core/result.hpp"

namespace freshcheck::report {

// What write_reports writes.
inline constexpr std::array<std::string_view, 4> k_report_files = {"report.json", "report.md",
                                                                   "report.html", "junit.xml"};

// Removes each of k_report_files from `folder` that is there. Fails only when one is there
// and stays; a missing folder is fine.
core::Result<void> remove_reports(const std::filesystem::path& folder);

}  // namespace freshcheck::report
