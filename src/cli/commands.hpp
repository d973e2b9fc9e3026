#pragma once
// One function per subcommand. Each registers its options on the CLI11 app and returns
// the action to run once parsing succeeded.

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/exit_code.hpp"

namespace freshcheck::cli {

using Action = std::function<core::ExitCode()>;

// Loads the configuration and prints every diagnostic to stderr; empty when it has errors
// (the caller exits 2).
std::optional<config::Config> load_valid_config(const std::string& rules,
                                                const std::string& dataset);

void add_extract_command(CLI::App& app, Action& action);
void add_validate_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_accept_command(CLI::App& app, Action& action);
void add_import_guide_command(CLI::App& app, Action& action);
void add_links_command(CLI::App& app, Action& action);

}  // namespace freshcheck::cli
