#pragma once
// One function per subcommand. Each registers its options on the CLI11 app and returns
// the action to run once parsing succeeded.

#include <CLI/CLI.hpp>
#include <functional>

#include "core/exit_code.hpp"

namespace freshcheck::cli {

using Action = std::function<core::ExitCode()>;

void add_extract_command(CLI::App& app, Action& action);
void add_validate_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_accept_command(CLI::App& app, Action& action);
void add_import_guide_command(CLI::App& app, Action& action);

}  // namespace freshcheck::cli
