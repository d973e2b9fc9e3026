#pragma once
// Sentences about a source that the Markdown and HTML reports both show, so that both say
// the same thing.

#include <string>

#include "report/report.hpp"

namespace freshcheck::report {

// Why this source has no comparison with the page before (its first good fetch, or a
// baseline lost to a corrupt snapshot), in plain text; empty when it had one.
std::string baseline_note(const SourceStatus& source);

}  // namespace freshcheck::report
