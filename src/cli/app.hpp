#pragma once
// The command-line front end: parses arguments, runs one subcommand, maps the outcome to
// the documented exit codes. main() is one call to run().

#include <iosfwd>

namespace freshcheck::cli {

int run(int argc, char** argv);

}  // namespace freshcheck::cli
