// Configuration loading: every error names file, line and column, and says what to do.
#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "config/config.hpp"
#include "support.hpp"
#include "util/text.hpp"

using namespace freshcheck::config;

namespace {

std::vector<std::string> messages(const Config& config) {
  std::vector<std::string> out;
  for (const auto& diagnostic : config.diagnostics) out.push_back(diagnostic.to_string());
  return out;
}

constexpr const char* k_good_rules = R"(// rules/aima.json
{"site": "aima", "region": "PT", "sources": [
  {"id": "aima-contactos", "url": "https://aima.gov.pt/pt/contactos", "scope": "main"},
  /* the contact form */
  {"id": "aima-contact-form", "url": "https://contactenos.aima.gov.pt/"}
]}
)";

constexpr const char* k_good_dataset = R"({
  "guide": {"id": "how-to-call-aima", "title": "How to Call AIMA in English", "checked": "2026-07"},
  "facts": [
    {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 000",
     "hours": "Mo-Fr 08:00-20:00", "verify_at": ["aima-contactos"]},
    {"id": "aima.contact-form", "kind": "link", "value": "https://contactenos.aima.gov.pt/"}
  ]
})";

}  // namespace

TEST_CASE("a good configuration loads with no diagnostics") {
  Config config;
  load_rules_text(config, "rules/aima.json", k_good_rules);
  load_dataset_text(config, "dataset/aima.json", k_good_dataset);
  cross_check(config);
  CHECK(messages(config).empty());
  REQUIRE(config.sources.size() == 2);
  CHECK(config.sources[0].id == "aima-contactos");
  CHECK(config.sources[0].scope == "main");
  CHECK(config.sources[0].region == "PT");
  CHECK(config.sources[0].where.line == 3);
  CHECK(config.sources[1].site == "aima");
  REQUIRE(config.datasets.size() == 1);
  REQUIRE(config.datasets[0].facts.size() == 2);
  CHECK(config.datasets[0].facts[0].kind == FactKind::phone);
  CHECK(config.datasets[0].facts[0].verify_at == std::vector<std::string>{"aima-contactos"});
  CHECK(config.datasets[0].guide.title == "How to Call AIMA in English");
}

TEST_CASE("malformed JSON is reported at its line and column") {
  Config config;
  load_rules_text(config, "rules/x.json",
                  "{\"site\": \"x\",\n  \"sources\": [\n    {\"id\": \"a\",}\n  ]}");
  REQUIRE(config.diagnostics.size() == 1);
  CHECK(config.diagnostics[0].where.line == 3);
  CHECK(config.diagnostics[0].where.column == 16);
  CHECK(config.diagnostics[0].message.rfind("invalid JSON: syntax error while parsing object key",
                                            0) == 0);
}

TEST_CASE("unknown keys suggest the close one and list the known ones") {
  Config config;
  load_rules_text(config, "rules/x.json",
                  "{\"site\": \"x\", \"sources\": [\n  {\"id\": \"a\", \"url\": \"https://a.pt/\", "
                  "\"scpoe\": \"main\"}]}");
  CHECK(messages(config) ==
        std::vector<std::string>{"rules/x.json:2:39: unknown key \"scpoe\" in source; did you mean "
                                 "\"scope\"? (known keys: "
                                 "id, url, scope, region, allow_private, robots, verify_tls, "
                                 "headers, accept_status, noise, note, render, "
                                 "render_timeout_seconds)"});
}

TEST_CASE("missing required keys are reported at the object") {
  Config config;
  load_rules_text(config, "rules/x.json", "{\"site\": \"x\", \"sources\": [\n  {\"id\": \"a\"}]}");
  CHECK(messages(config) ==
        std::vector<std::string>{"rules/x.json:2:3: source is missing the required key \"url\""});
}

TEST_CASE("duplicate keys in one object are errors, not silently the last") {
  Config config;
  load_rules_text(config, "rules/x.json",
                  "{\"site\": \"x\", \"sources\": [\n  {\"id\": \"a\",\n   \"id\": \"b\", \"url\": "
                  "\"https://a.pt/\"}]}");
  CHECK(messages(config) ==
        std::vector<std::string>{"rules/x.json:3:4: duplicate key \"id\" (first at line 2, column "
                                 "4); remove one of them"});
}

TEST_CASE("duplicate source ids across files name both places") {
  Config config;
  load_rules_text(config, "rules/a.json",
                  "{\"site\": \"a\", \"sources\": [{\"id\": \"s\", \"url\": \"https://a.pt/\"}]}");
  load_rules_text(config, "rules/b.json",
                  "{\"site\": \"b\",\n\"sources\": [{\"id\": \"s\", \"url\": \"https://b.pt/\"}]}");
  cross_check(config);
  CHECK(messages(config) ==
        std::vector<std::string>{
            "rules/b.json:2:20: duplicate source id \"s\" (first defined at rules/a.json:1:34)"});
}

TEST_CASE("duplicate fact ids") {
  Config config;
  load_rules_text(config, "rules/a.json", k_good_rules);
  load_dataset_text(config, "dataset/a.json",
                    "{\"guide\": {\"id\": \"g\"}, \"facts\": [\n"
                    "{\"id\": \"f\", \"kind\": \"email\", \"value\": \"geral@aima.gov.pt\"},\n"
                    "{\"id\": \"f\", \"kind\": \"email\", \"value\": \"geral@aima.gov.pt\"}]}");
  cross_check(config);
  CHECK(messages(config) ==
        std::vector<std::string>{
            "dataset/a.json:3:8: duplicate fact id \"f\" (first defined at dataset/a.json:2:8)"});
}

TEST_CASE("verify_at must name a defined source, with a suggestion") {
  Config config;
  load_rules_text(config, "rules/aima.json", k_good_rules);
  load_dataset_text(config, "dataset/a.json",
                    "{\"guide\": {\"id\": \"g\"}, \"facts\": [\n"
                    "  {\"id\": \"p\", \"kind\": \"phone\", \"value\": \"217 115 000\", "
                    "\"verify_at\": [\"aima-contatos\"]}]}");
  cross_check(config);
  CHECK(messages(config) ==
        std::vector<std::string>{"dataset/a.json:2:10: fact \"p\": verify_at names source "
                                 "\"aima-contatos\", which no rules "
                                 "file defines; did you mean \"aima-contactos\"?"});
}

TEST_CASE("URLs must be http or https") {
  Config config;
  load_rules_text(
      config, "rules/x.json",
      "{\"site\": \"x\", \"sources\": [\n  {\"id\": \"a\", \"url\": \"ftp://aima.gov.pt/\"},\n"
      "  {\"id\": \"b\", \"url\": \"aima.gov.pt/contactos\"}]}");
  CHECK(messages(config) ==
        std::vector<std::string>{
            "rules/x.json:2:22: source \"a\": \"ftp://aima.gov.pt/\" is not an http(s) URL; "
            "freshcheck "
            "fetches only http:// and https:// addresses",
            "rules/x.json:3:22: source \"b\": \"aima.gov.pt/contactos\" is not an http(s) URL; "
            "freshcheck fetches only http:// and https:// addresses"});
}

TEST_CASE("phone values libphonenumber cannot parse") {
  Config config;
  load_rules_text(config, "rules/aima.json", k_good_rules);
  load_dataset_text(config, "dataset/a.json",
                    "{\"guide\": {\"id\": \"g\"}, \"facts\": [\n"
                    "  {\"id\": \"short\", \"kind\": \"phone\", \"value\": \"217 11\"},\n"
                    "  {\"id\": \"words\", \"kind\": \"phone\", \"value\": \"call us\"},\n"
                    "  {\"id\": \"range\", \"kind\": \"phone\", \"value\": \"117 115 000\"},\n"
                    "  {\"id\": \"emergency\", \"kind\": \"phone\", \"value\": \"112\"}]}");
  cross_check(config);
  CHECK(messages(config) ==
        std::vector<std::string>{"dataset/a.json:2:10: fact \"short\": \"217 11\" is not a valid "
                                 "phone number for region PT: "
                                 "no such number range in libphonenumber's numbering plan",
                                 "dataset/a.json:3:10: fact \"words\": \"call us\" is not a valid "
                                 "phone number for region PT: "
                                 "not a phone number",
                                 "dataset/a.json:4:10: fact \"range\": \"117 115 000\" is not a "
                                 "valid phone number for region "
                                 "PT: no such number range in libphonenumber's numbering plan"});
}

TEST_CASE("kinds, types, scopes and regions are checked") {
  Config config;
  load_rules_text(config, "rules/x.json",
                  "{\"site\": \"x\", \"region\": \"XX\", \"sources\": [\n"
                  "  {\"id\": \"a\", \"url\": \"https://a.pt/\", \"scope\": \"main[role=x]\", "
                  "\"allow_private\": \"yes\"}]}");
  load_dataset_text(config, "dataset/a.json",
                    "{\"guide\": {\"id\": \"g\"}, \"facts\": [\n"
                    "  {\"id\": \"a\", \"kind\": \"phnoe\", \"value\": \"217 115 000\"},\n"
                    "  {\"id\": \"b\", \"kind\": \"email\", \"value\": \"geral.aima.gov.pt\"},\n"
                    "  {\"id\": \"c\", \"kind\": \"link\", \"value\": \"https://a.pt/\", "
                    "\"hours\": \"Mo-Fr 08:00-20:00\"},\n"
                    "  {\"id\": \"d\", \"kind\": \"phrase\", \"value\": 42}]}");
  CHECK(messages(config) ==
        std::vector<std::string>{
            "rules/x.json:1:25: rules file: region \"XX\" is not a region libphonenumber knows; "
            "use an "
            "ISO 3166 code such as \"PT\"",
            "rules/x.json:2:48: source \"a\": scope: cannot read selector \"main[role=x]\" at "
            "character "
            "5: unsupported character '['; supported: tag, #id, .class, *, descendant ' ', child "
            "'>', ','",
            "rules/x.json:2:81: \"allow_private\" in source must be true or false, got a string",
            "dataset/a.json:2:23: fact \"a\": unknown kind \"phnoe\"; did you mean \"phone\"? "
            "(kinds: "
            "phone, email, link, hours, phrase)",
            "dataset/a.json:3:41: fact \"b\": \"geral.aima.gov.pt\" is not an e-mail address",
            "dataset/a.json:4:66: fact \"c\": \"hours\" belongs on phone facts only",
            "dataset/a.json:5:42: \"value\" in fact must be a string, got a number"});
}

TEST_CASE("load() reads folders and reports missing ones") {
  const Config config = load("/nonexistent/rules", "/nonexistent/dataset");
  CHECK(messages(config) ==
        std::vector<std::string>{
            "/nonexistent/rules: rules folder not found; create it or pass its path with --rules",
            "/nonexistent/dataset: dataset folder not found; create it or pass its path with "
            "--dataset"});
}

TEST_CASE("published hours must be OpenStreetMap opening_hours") {
  Config config;
  load_rules_text(config, "rules/aima.json", k_good_rules);
  load_dataset_text(config, "dataset/a.json",
                    "{\"guide\": {\"id\": \"g\"}, \"facts\": [\n"
                    "  {\"id\": \"p\", \"kind\": \"phone\", \"value\": \"217 115 000\", \"hours\": "
                    "\"weekdays 8-20\"}]}");
  cross_check(config);
  CHECK(messages(config) ==
        std::vector<std::string>{"dataset/a.json:2:65: fact \"p\": hours \"weekdays 8-20\" are not "
                                 "OpenStreetMap opening_hours: "
                                 "\"weekdays\" is not a weekday or weekday range (Mo, Tu, We, Th, "
                                 "Fr, Sa, Su); write them like "
                                 "\"Mo-Fr 08:00-20:00; PH off\""});
}

TEST_CASE("fetch settings and per-source fetch keys") {
  Config config;
  load_rules_text(config, "rules/x.json",
                  "{\"site\": \"x\", \"fetch\": {\"max_per_host\": 2, \"delay_ms\": 500, "
                  "\"timeout_seconds\": 20},\n"
                  " \"sources\": [{\"id\": \"a\", \"url\": \"https://a.pt/\", \"robots\": false, "
                  "\"verify_tls\": false,\n"
                  "   \"headers\": {\"Accept-Language\": \"pt-PT\"}, \"accept_status\": [403]}]}");
  CHECK(messages(config).empty());
  REQUIRE(config.sources.size() == 1);
  const Source& source = config.sources[0];
  CHECK_FALSE(source.robots);
  CHECK_FALSE(source.verify_tls);
  CHECK(source.headers.at("Accept-Language") == "pt-PT");
  CHECK(source.accept_status == std::vector<long>{403});
  CHECK(source.fetch.max_per_host == 2);
  CHECK(source.fetch.delay_ms == 500);
  CHECK(source.fetch.timeout_seconds == 20);
  CHECK_FALSE(source.fetch.retries.has_value());

  Config bad;
  load_rules_text(bad, "rules/x.json",
                  "{\"site\": \"x\", \"fetch\": {\"max_per_host\": 0, \"retires\": 2},\n"
                  " \"sources\": [{\"id\": \"a\", \"url\": \"https://a.pt/\", \"accept_status\": "
                  "[\"403\"], \"headers\": {\"X\": 1}}]}");
  CHECK(messages(bad) ==
        std::vector<std::string>{
            "rules/x.json:1:44: unknown key \"retires\" in fetch settings; did you mean "
            "\"retries\"? (known keys: "
            "max_per_host, delay_ms, timeout_seconds, retries, max_body_bytes, user_agent)",
            "rules/x.json:1:41: \"max_per_host\" in fetch settings must be a whole number from 1 "
            "to 64",
            "rules/x.json:2:93: \"headers\" in source must map names to strings",
            "rules/x.json:2:68: source \"a\": accept_status entries must be HTTP status codes"});
}

TEST_CASE("noise patterns and confirm_runs are checked") {
  Config config;
  load_rules_text(config, "rules/x.json",
                  "{\"site\": \"x\", \"confirm_runs\": 0, \"sources\": [\n"
                  "  {\"id\": \"a\", \"url\": \"https://a.pt/\", \"noise\": [\"visitas: \\\\d+\", "
                  "\"(unclosed\"]}]}");
  CHECK(messages(config) ==
        std::vector<std::string>{
            "rules/x.json:1:31: \"confirm_runs\" in rules file must be a whole number from 1 to 30",
            "rules/x.json:2:66: source \"a\": noise entries must be regular expressions (RE2 "
            "syntax): missing ): (unclosed"});
}

namespace {

// A rules file as a minifier writes it: one line, here of about a megabyte. Notes hold
// accented text so that columns (code points) and bytes differ.
std::string minified_rules(int sources) {
  std::string text = R"({"site":"aima","region":"PT","sources":[)";
  for (int i = 0; i < sources; ++i) {
    if (i > 0) text += ',';
    text += fmt::format(
        R"({{"id":"loja-{}","url":"https://www.lojadocidadao.pt/lojas/{}","scope":"main",)"
        R"("headers":{{"Accept-Language":"pt-PT"}},"note":"Atendimento à população nº {}"}})",
        i, i, i);
  }
  return text + "]}";
}

int column_of(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string_view::npos);
  return static_cast<int>(freshcheck::util::code_point_count(text.substr(0, at))) + 1;
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("a minified rules file of 10,000 sources loads in linear time, positions exact") {
  std::string text = minified_rules(10'000);
  // One mistake at the very end, so that its column is found at the far end of the line.
  const std::string last_url = "\"https://www.lojadocidadao.pt/lojas/9999\"";
  text.replace(text.rfind(last_url), last_url.size(), "\"ftp://lojas/9999\"");

  const auto started = std::chrono::steady_clock::now();
  const std::clock_t cpu_started = std::clock();
  Config config;
  load_rules_text(config, "rules/lojas.json", text);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  // Before position tracking was linear this took minutes (87 s for a file like this).
  MESSAGE("10,000 sources on one line of "
          << text.size() << " bytes: " << took.count() << " ms, CPU "
          << (std::clock() - cpu_started) * 1000 / CLOCKS_PER_SEC << " ms");

  REQUIRE(config.sources.size() == 10'000);
  CHECK(config.sources[0].where.line == 1);
  CHECK(config.sources[0].where.column == column_of(text, "\"loja-0\""));
  CHECK(config.sources[9'999].where.line == 1);
  CHECK(config.sources[9'999].where.column == column_of(text, "\"loja-9999\""));
  CHECK(config.sources[9'999].where.column < static_cast<int>(text.rfind("\"loja-9999\"")) + 1);
  REQUIRE(config.diagnostics.size() == 1);
  CHECK(config.diagnostics[0].where.line == 1);
  CHECK(config.diagnostics[0].where.column == column_of(text, "\"ftp://lojas/9999\""));
}

TEST_CASE("positions stay right when a line's tokens are visited after a later line's") {
  // A parse error after values on several lines: the index answers out of order too.
  const LocatedJson document =
      LocatedJson::parse("x.json", "{\"a\": \"é\", \"b\":\n [1, \"ç\", 2],\n \"c\": tru }");
  REQUIRE(document.diagnostics().size() == 1);
  CHECK(document.diagnostics()[0].where.line == 3);
  CHECK(document.value_at(nlohmann::json::json_pointer("/b/1")).column == 6);
  CHECK(document.value_at(nlohmann::json::json_pointer("/a")).column == 7);
}

TEST_CASE("nesting deeper than 64 levels is an error at the bracket, quickly") {
  const LocatedJson fine = LocatedJson::parse("x.json", nested_arrays(k_max_json_depth));
  CHECK(fine.diagnostics().empty());
  CHECK(fine.value().is_array());

  for (const std::size_t depth : {std::size_t{65}, std::size_t{100}, std::size_t{100'000}}) {
    CAPTURE(depth);
    const auto started = std::chrono::steady_clock::now();
    Config config;
    load_rules_text(config, "rules/deep.json",
                    "{\"site\": \"x\",\n \"sources\": [{\"id\": \"a\", \"url\": \"https://a.pt/\", "
                    "\"note\": " +
                        nested_arrays(depth) + "}]}");
    MESSAGE(depth << " levels: "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count()
                  << " ms");
    REQUIRE(config.diagnostics.size() == 1);
    // The file's object, the sources array and the source object are 3 levels; the
    // note's 62nd bracket is the 65th level.
    CHECK(config.diagnostics[0].to_string() ==
          "rules/deep.json:2:119: arrays and objects nested deeper than 64 levels; a rules or "
          "dataset file needs a few: look for brackets that are never closed");
    CHECK(config.sources.empty());
  }
}

TEST_CASE("credentials in a URL are refused, and never repeated in the message") {
  Config config;
  load_rules_text(
      config, "rules/x.json",
      "{\"site\": \"x\", \"sources\": [\n"
      "  {\"id\": \"a\", \"url\": \"https://guia:s3gr3d0@portal.seg-social.pt/\"},\n"
      "  {\"id\": \"b\", \"url\": \"HTTPS:/token@www.sns24.gov.pt/contactos\"},\n"
      "  {\"id\": \"c\", \"url\": \"https://:s3gr3d0@www.iefp.pt/\"},\n"
      "  {\"id\": \"ok\", \"url\": \"https://www.portaldasfinancas.gov.pt/at@x?a=@b\"}]}");
  load_dataset_text(config, "dataset/x.json",
                    "{\"guide\": {\"id\": \"g\", \"url\": \"https://eu:s3gr3d0@guia.example/\"},\n"
                    " \"facts\": [{\"id\": \"f\", \"kind\": \"link\", \"value\": "
                    "\"http://eu:s3gr3d0@aima.gov.pt/\"},\n"
                    "  {\"id\": \"m\", \"kind\": \"email\", \"value\": \"geral@aima.gov.pt\"}]}");
  CHECK(messages(config) ==
        std::vector<std::string>{
            "rules/x.json:2:22: source \"a\": \"https://[credentials]@portal.seg-social.pt/\" "
            "carries a user name or password, which would be copied into snapshots, reports and "
            "logs; remove it from the URL and send credentials in the source's \"headers\" (for "
            "example \"Authorization\")",
            "rules/x.json:3:22: source \"b\": \"HTTPS:/[credentials]@www.sns24.gov.pt/contactos\" "
            "carries a user name or password, which would be copied into snapshots, reports and "
            "logs; remove it from the URL and send credentials in the source's \"headers\" (for "
            "example \"Authorization\")",
            "rules/x.json:4:22: source \"c\": \"https://[credentials]@www.iefp.pt/\" carries a "
            "user name or password, which would be copied into snapshots, reports and logs; "
            "remove it from the URL and send credentials in the source's \"headers\" (for "
            "example \"Authorization\")",
            "dataset/x.json:1:30: guide: \"https://[credentials]@guia.example/\" carries a user "
            "name or password, which would be copied into snapshots, reports and logs; remove it "
            "from the URL: a published address must work without them",
            "dataset/x.json:2:49: fact \"f\": \"http://[credentials]@aima.gov.pt/\" carries a "
            "user name or password, which would be copied into snapshots, reports and logs; "
            "remove it from the URL: a published address must work without them"});
  for (const auto& message : messages(config)) {
    CHECK(message.find("s3gr3d0") == std::string::npos);
    CHECK(message.find("token") == std::string::npos);
  }
}
