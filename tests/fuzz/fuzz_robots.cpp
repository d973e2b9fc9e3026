// robots.txt: any text parses; any path gets an answer.
#include "fetch/robots.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const auto fields = fuzz::split_input(data, size, 2);
  const auto rules = fetch::RobotsRules::parse(fields[0], "freshcheck");
  (void)rules.allows(fields[1].empty() ? std::string_view("/pt/contactos") : fields[1]);
  return 0;
}
