#pragma once
// Which findings alert, and when an alerted change counts as gone. Shared by every
// channel, pure, so that GitHub issues and webhook posts agree.

#include <string>

#include "core/finding.hpp"
#include "report/report.hpp"

namespace freshcheck::alert {

// Content findings alert once confirmed (not "pending") and at or above the threshold. A
// source that cannot be fetched alerts only once that has lasted (the finding turned
// critical): one bad night is not news, and exit code 3 already says it.
bool should_alert(const core::Finding& finding, core::Severity threshold);

// Whether this run looked again at what a finding was about, so that its absence means the
// change is gone: the fact was checked at that source (report.checks), or, for findings
// about a whole source, the source was fetched and read. A source that was not selected
// (--source, --shard) or could not be fetched proves nothing.
bool was_checked_again(const report::RunReport& report, const std::string& source,
                       const std::string& fact);

// A digest of what a maintainer reads as the evidence: values, severity, before/now and
// the detail, but not the fetch time, which changes every run.
std::string evidence_digest(const core::Finding& finding);

}  // namespace freshcheck::alert
