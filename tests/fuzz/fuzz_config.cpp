// Rules, dataset and ignore files as a user could write them: any text gives diagnostics or a
// configuration, never a crash, a hang or unbounded memory.
#include "config/config.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const auto fields = fuzz::split_input(data, size, 3);
  config::Config config;
  config::load_rules_text(config, "rules/fuzz.json", fields[0]);
  config::load_dataset_text(config, "dataset/fuzz.json", fields[1]);
  config::cross_check(config);
  for (const auto& entry :
       config::read_ignored_text("dataset/ignored.json", fields[2], config.diagnostics))
    (void)entry.holds_on("2026-12-02");
  return 0;
}
