#pragma once
// `--alert github` opens at most a few issues per run: a page that suddenly shows 3,000 new
// numbers must not open 3,000 issues. The findings past the budget wait, listed in one
// summary issue that is refreshed each run and closed when nothing waits; each later run
// opens the next few.

#include <cstddef>
#include <string>
#include <vector>

#include "core/finding.hpp"

namespace freshcheck::alert {

inline constexpr std::size_t k_default_max_new_issues = 10;

// The id of the summary issue's finding: the same on every run.
std::string waiting_finding_id();

// The finding the summary issue is written from: the waiting findings listed (id, kind,
// source, message), the list cut to fit an issue body; its severity the highest of them.
core::Finding waiting_finding(const std::vector<const core::Finding*>& waiting,
                              std::size_t max_new_issues);

}  // namespace freshcheck::alert
