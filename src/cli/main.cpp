#include "cli/app.hpp"

int main(int argc, char** argv) {
  return freshcheck::cli::run(argc, argv);
}
