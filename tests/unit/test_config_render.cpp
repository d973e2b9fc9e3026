// The "render" source keys: only "chromium", and a bounded timeout.
#include "config/config.hpp"
#include "support.hpp"

using namespace freshcheck::config;

namespace {
std::vector<std::string> messages(const Config& config) {
  std::vector<std::string> out;
  for (const auto& diagnostic : config.diagnostics) out.push_back(diagnostic.to_string());
  return out;
}
}  // namespace

TEST_CASE("render: chromium with a timeout loads, other renderers and timeouts are errors") {
  Config good;
  load_rules_text(
      good, "rules/aima.json",
      R"({"site": "aima", "sources": [{"id": "form", "url": "https://contactenos.aima.gov.pt/",
                      "render": "chromium", "render_timeout_seconds": 45},
                     {"id": "static", "url": "https://aima.gov.pt/pt/contactos"}]})");
  CHECK(messages(good).empty());
  REQUIRE(good.sources.size() == 2);
  CHECK(good.sources[0].render == "chromium");
  CHECK(good.sources[0].render_timeout_seconds == 45);
  CHECK(good.sources[1].render.empty());
  CHECK(good.sources[1].render_timeout_seconds == 20);

  Config bad;
  load_rules_text(bad, "rules/aima.json",
                  "{\"site\": \"aima\", \"sources\": [{\"id\": \"form\", \"url\": "
                  "\"https://contactenos.aima.gov.pt/\",\n \"render\": \"firefox\", "
                  "\"render_timeout_seconds\": 0}]}");
  const auto found = messages(bad);
  REQUIRE(found.size() == 2);
  CHECK(found[0].find("render must be \"chromium\"") != std::string::npos);
  CHECK(found[1].find("render_timeout_seconds") != std::string::npos);
}
