#include "report/report_files.hpp"

#include <fmt/format.h>

namespace freshcheck::report {

core::Result<void> remove_reports(const std::filesystem::path& folder) {
  for (const std::string_view name : k_report_files) {
    const std::filesystem::path path = folder / name;
    std::error_code error;
    const auto status = std::filesystem::symlink_status(path, error);
    // Only files (or links) by those names are reports; anything else is left for a person.
    if (!std::filesystem::is_regular_file(status) && !std::filesystem::is_symlink(status)) continue;
    if (!std::filesystem::remove(path, error) && error)
      return core::fail(fmt::format(
          "cannot remove the last run's {}: {}; a report of an earlier run must not stay where "
          "this run's belongs, so check the folder's permissions",
          path.string(), error.message()));
  }
  return {};
}

}  // namespace freshcheck::report
