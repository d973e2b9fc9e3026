#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.hpp"

namespace freshcheck::cli {

void add_lock_timeout_option(CLI::App& command, int& seconds) {
  command
      .add_option("--lock-timeout", seconds,
                  "Seconds to wait while another freshcheck run uses the snapshots folder, "
                  "then exit 5")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

core::Result<store::StateLock, core::ExitCode> lock_state(const std::filesystem::path& snapshots,
                                                          int timeout_seconds) {
  auto lock =
      store::StateLock::acquire(snapshots, std::chrono::seconds(timeout_seconds), [&](long holder) {
        spdlog::info("{} is using {}; waiting up to {} s for it to finish",
                     holder > 0 ? fmt::format("another freshcheck run (pid {})", holder)
                                : std::string("another freshcheck run"),
                     snapshots.string(), timeout_seconds);
      });
  if (lock) return std::move(lock).value();
  std::cerr << "freshcheck: " << lock.error().message << '\n';
  return core::fail(lock.error().busy ? core::ExitCode::state_locked
                                      : core::ExitCode::usage_or_config);
}

}  // namespace freshcheck::cli
