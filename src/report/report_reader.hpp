#pragma once
// report.json read back into the run it describes, for the commands that act on a report
// after review (`freshcheck accept`). The one reader of the format report.cpp writes.

#include <filesystem>

#include "core/result.hpp"
#include "report/report.hpp"

namespace freshcheck::report {

// The run in `file`. Fails with what to do when the file is missing, is not JSON, or is not
// a report this version writes (a field of the wrong type, an unknown kind or status).
core::Result<RunReport> read_report(const std::filesystem::path& file);

}  // namespace freshcheck::report
