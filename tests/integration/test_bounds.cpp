// A hostile or broken page cannot make a run's memory or output grow with the square of what
// it holds: 8,000 numbers in one paragraph, 100,000 links in one block, through `check` with
// the real binary and a real server on 127.0.0.1.
#include <filesystem>
#include <map>
#include <string>

#include "check_workspace.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::Workspace;

// A Segurança Social style page whose one paragraph lists 8,000 numbers (about 80 KB).
std::string numbers_page(int seed) {
  std::string page =
      R"(<!doctype html><html lang="pt"><head><meta charset="utf-8"><title>Contactos</title></head>
<body><main id="conteudo"><h1>Contactos</h1><h2>Linhas de atendimento</h2><p>Centro de Contacto 217 115 000.)";
  for (int i = 0; i < 8000; ++i) page += " 2" + std::to_string(11000000 + seed * 1000000 + i * 7);
  return page + "</p></main></body></html>";
}

// A portal page whose one paragraph holds 100,000 links (about 3 MB, under the 5 MiB cap).
std::string links_page() {
  std::string page =
      R"(<!doctype html><html lang="pt"><head><meta charset="utf-8"><title>Serviços</title></head>
<body><main id="conteudo"><h1>Serviços</h1><p>Centro de Contacto 217 115 000. E-mail geral@aima.gov.pt.)";
  for (int i = 0; i < 100000; ++i)
    page += " <a href=\"/servicos/" + std::to_string(i) + "\">serviço</a>";
  return page + "</p></main></body></html>";
}

std::uintmax_t report_bytes(const Workspace& workspace) {
  std::uintmax_t largest = 0;
  for (const auto& entry : fs::directory_iterator(workspace.dir() / "report"))
    largest = std::max(largest, fs::file_size(entry.path()));
  return largest;
}

std::map<std::string, int> kind_counts(const freshcheck::testing::CheckRun& run) {
  std::map<std::string, int> counts;
  for (const auto& finding : run.report.at("findings")) ++counts[finding.at("kind")];
  return counts;
}

}  // namespace

TEST_CASE("8,000 new numbers in one paragraph: 50 findings and one 'and 7,950 more'") {
  Workspace workspace;
  workspace.set_page(numbers_page(0));
  const auto first = workspace.check();
  INFO(first.err);
  REQUIRE(first.exit_code != 2);
  const fs::path snapshot = workspace.dir() / "snapshots" / "contactos.json";
  REQUIRE(fs::exists(snapshot));
  CHECK(fs::file_size(snapshot) < 4'000'000);

  workspace.set_page(numbers_page(1));
  const auto second = workspace.check();
  INFO(second.err);
  CHECK(second.exit_code == 1);
  const auto counts = kind_counts(second);
  CHECK(counts.at("phone_new") == 51);
  bool summarised = false;
  for (const auto& finding : second.report.at("findings"))
    if (finding.at("message").get<std::string>().find("and 7,950 more phone_new") !=
        std::string::npos)
      summarised = true;
  CHECK(summarised);
  CHECK(report_bytes(workspace) < 1'000'000);
  // The baseline and the pending observation, each with 8,000 numbers and their windows:
  // linear (it was 612 MB for one observation when each number kept its whole paragraph).
  CHECK(fs::file_size(snapshot) < 10'000'000);
}

TEST_CASE("100,000 links in one block: the page is checked, and its outputs stay small") {
  Workspace workspace;
  workspace.set_page(links_page());
  const auto run = workspace.check();
  INFO(run.err);
  CHECK(run.exit_code == 0);  // checked: not 3 (unchecked), not 2 (std::bad_alloc)
  CHECK(run.report.at("findings").empty());
  CHECK(report_bytes(workspace) < 1'000'000);
  const fs::path snapshot = workspace.dir() / "snapshots" / "contactos.json";
  REQUIRE(fs::exists(snapshot));
  // The page itself, its block and its 100,000 link URLs: linear in the page.
  CHECK(fs::file_size(snapshot) < 16'000'000);
}
