// `freshcheck check` is exact: each real change is one finding on the right fact, one
// review takes it, a quiet night writes nothing, and the reports say what to do. The real
// binary against pages served on 127.0.0.1, modelled on a public-service contacts page.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "check_workspace.hpp"
#include "config/dataset_editor.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;

struct Command {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `freshcheck ARGUMENTS` in the workspace.
Command freshcheck_in(const Workspace& workspace, const std::string& arguments) {
  const fs::path out = workspace.dir() / "cmd-out.txt";
  const fs::path err = workspace.dir() / "cmd-err.txt";
  const int status = std::system(("cd " + workspace.dir().string() + " && " FRESHCHECK_BINARY " " +
                                  arguments + " > " + out.string() + " 2> " + err.string())
                                     .c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Workspace::read(out), Workspace::read(err)};
}

// A contacts page where the main number stands twice: in an intro sentence without hours,
// and in the table row that gives its hours, beside a neighbouring line with other hours.
std::string twice_page(const std::string& row_hours, const std::string& intro_extra = "",
                       const std::string& number_in_row = "217 115 000") {
  return R"(<!doctype html><html lang="pt"><head><meta charset="utf-8"><title>Contactos</title></head>
<body><main><h1>Contactos</h1><section><h2>Centro de Contacto</h2>
<p>Para qualquer questão sobre o seu processo ligue para o 217 115 000)" +
         intro_extra + R"( ou escreva-nos.</p>
<table><tr><td>Centro de Contacto</td><td>)" +
         number_in_row + "</td><td>" + row_hours + R"(</td></tr>
<tr><td>Linha alternativa</td><td>+351 965 903 700</td><td>Sábados, das 9h00 às 13h00</td></tr></table>
</section><section><h2>E-mail</h2><p>Escreva para geral@aima.gov.pt</p></section></main></body></html>)";
}

const nlohmann::json* find_kind(const nlohmann::json& report, const std::string& kind) {
  for (const auto& finding : report.at("findings"))
    if (finding.at("kind") == kind) return &finding;
  return nullptr;
}

// The tracked files of a snapshots folder: the lock file (which holds the pid of the run that
// holds it, and which git ignores) is not state.
std::map<std::string, std::string> folder_bytes(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().filename() != ".freshcheck.lock")
      files[fs::relative(entry.path(), folder).string()] = Workspace::read(entry.path());
  return files;
}

}  // namespace

TEST_CASE("hours follow the number: the table row's hours change, the intro sentence has none") {
  Workspace workspace;
  workspace.set_page(twice_page("2.ª a 6.ª feira, das 8h00 às 20h00"));
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(twice_page("2.ª a 6.ª feira, das 9h00 às 18h00"));
  const auto run = workspace.check();
  INFO(run.report.dump(2));
  CHECK(run.exit_code == 1);
  const auto* hours = find_kind(run.report, "hours_changed");
  REQUIRE(hours);
  CHECK(hours->at("fact") == "aima.contact-centre");
  CHECK(hours->at("published") == "Mo-Fr 08:00-20:00");
  CHECK(hours->at("observed") == "Mo-Fr 09:00-18:00");
  CHECK(hours->at("evidence").at("snippet") ==
        "Centro de Contacto | 217 115 000 | 2.ª a 6.ª feira, das 9h00 às 18h00");
  // Nothing for the neighbouring number, nothing missing.
  for (const auto& finding : run.report.at("findings"))
    CHECK((finding.at("kind") == "hours_changed" || finding.at("kind") == "content_changed"));
}

TEST_CASE("hours follow the number: occurrences that disagree are reported as such") {
  Workspace workspace;
  workspace.set_page(twice_page("2.ª a 6.ª feira, das 8h00 às 20h00"));
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      twice_page("2.ª a 6.ª feira, das 8h00 às 20h00", ", dias úteis, das 9h00 às 17h00"));
  const auto run = workspace.check();
  INFO(run.report.dump(2));
  const auto* hours = find_kind(run.report, "hours_changed");
  REQUIRE(hours);
  CHECK(hours->at("fact") == "aima.contact-centre");
  CHECK(hours->at("observed") == "Mo-Fr 09:00-17:00 | Mo-Fr 08:00-20:00");
  CHECK(hours->at("message").get<std::string>().find("different hours in different places") !=
        std::string::npos);
  // No single value to take: accept --update-dataset leaves it to a person.
  const auto accepted = freshcheck_in(workspace, "accept --all --update-dataset");
  CHECK(accepted.exit_code == 0);
  CHECK(accepted.out.find("fix by hand: " + hours->at("id").get<std::string>()) !=
        std::string::npos);
  CHECK(Workspace::read(workspace.dir() / "dataset" / "aima.json").find("Mo-Fr 08:00-20:00") !=
        std::string::npos);
}

TEST_CASE("a replaced number carries its hours: one finding, one review, number and hours") {
  Workspace workspace;
  workspace.set_page(twice_page("2.ª a 6.ª feira, das 8h00 às 20h00"));
  std::ofstream(workspace.dir() / "dataset" / "aima.json") << R"({"guide": {"id": "g"}, "facts": [
  {"id": "aima.contact-centre", "kind": "phone", "value": "+351 217115000",
   "hours": "Mo-Fr 08:00-20:00", "verify_at": ["contactos"]},
  {"id": "aima.alternative-line", "kind": "phone", "value": "965 903 700",
   "hours": "Sa 09:00-13:00", "verify_at": ["contactos"]}]}
)";
  REQUIRE(workspace.check().exit_code == 0);
  // The row now gives a new number with new hours; the intro sentence still has the old
  // number's neighbour text, so only the row holds the replacement.
  std::string page = twice_page("2.ª a 6.ª feira, das 9h00 às 17h00", "", "217 115 100");
  page.replace(page.find("ligue para o 217 115 000"), 24, "ligue para o 217 115 100");
  workspace.set_page(page);
  const auto run = workspace.check();
  INFO(run.report.dump(2));
  CHECK(run.exit_code == 1);
  const auto* missing = find_kind(run.report, "phone_missing");
  REQUIRE(missing);
  CHECK(missing->at("observed") == "+351217115100");
  CHECK(missing->at("observed_hours") == "Mo-Fr 09:00-17:00");
  CHECK(missing->at("message").get<std::string>().find("its hours differ") != std::string::npos);
  CHECK(find_kind(run.report, "hours_changed") == nullptr);

  const auto accepted = freshcheck_in(workspace, "accept --all --update-dataset");
  CHECK(accepted.exit_code == 0);
  const std::string dataset = Workspace::read(workspace.dir() / "dataset" / "aima.json");
  // Written in the dataset's own style ("+351 217115000"), hours in the same edit.
  CHECK(dataset.find(R"("value": "+351 217115100")") != std::string::npos);
  CHECK(dataset.find(R"("hours": "Mo-Fr 09:00-17:00")") != std::string::npos);
  const auto quiet = workspace.check();
  CHECK(quiet.exit_code == 0);
  CHECK(workspace.kinds(quiet).empty());
}

TEST_CASE("a replaced number whose hours still match says so") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      contacts_page("217 115 100", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  const auto run = workspace.check();
  const auto* missing = find_kind(run.report, "phone_missing");
  REQUIRE(missing);
  CHECK(missing->at("observed_hours").is_null());
  CHECK(missing->at("message").get<std::string>().find(
            "its hours still match (Mo-Fr 08:00-20:00)") != std::string::npos);
}

TEST_CASE("a number is written back in the style the dataset wrote it") {
  using freshcheck::config::format_like;
  CHECK(format_like("217 115 000", "+351217115000", "+351217115100") == "217 115 100");
  CHECK(format_like("217115000", "+351217115000", "+351217115100") == "217115100");
  CHECK(format_like("+351 217 115 000", "+351217115000", "+351217115100") == "+351 217 115 100");
  CHECK(format_like("+351 21 711 50 00", "+351217115000", "+351217115100") == "+351 21 711 51 00");
  CHECK(format_like("00351 217 115 000", "+351217115000", "+351217115100") == "00351 217 115 100");
  // Digits that do not fit the old layout, or another country: the usual form.
  CHECK(format_like("217 115 000", "+351217115000", "+351808202653") == "808 202 653");
  CHECK(format_like("217 115 000", "+351217115000", "+34912345678") == "+34 912 34 56 78");
}

TEST_CASE("one URL, one finding: a link that is also a source's page is gone") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "dataset" / "links.json")
      << R"({"guide": {"id": "links"}, "facts": [
        {"id": "aima.contacts-page", "kind": "link", "value": ")"
      << workspace.url("/contactos") << R"("}]})";
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_status(404);
  const auto run = workspace.check();
  INFO(run.report.dump(2));
  CHECK(run.exit_code == 1);
  REQUIRE(workspace.kinds(run) == std::vector<std::string>{"link_broken"});
  const auto& finding = run.report.at("findings")[0];
  CHECK(finding.at("fact") == "aima.contacts-page");
  CHECK(finding.at("severity") == "critical");
  const std::string message = finding.at("message");
  CHECK(message.find("is broken") != std::string::npos);
  CHECK(message.find("it is also the page of source contactos") != std::string::npos);
  CHECK(run.report.at("sources")[0].at("status") == "unreachable");
}

TEST_CASE("the guide shows an unknown number twice: one guide_mismatch, unique ids") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "guide.md")
      << "# How to call AIMA\n"
         "| Contact centre | 217 115 000 |\n| Old line | 808 202 653 |\n"
         "Still listed elsewhere: +351 808 202 653, and [the "
         "form](https://contactenos.aima.gov.pt/)"
         " or https://contactenos.aima.gov.pt/ again.\n";
  std::ofstream(workspace.dir() / "dataset" / "aima.json")
      << R"({"guide": {"id": "how-to-call-aima", "file": "guide.md"}, "facts": [
      {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 000", "verify_at": ["contactos"]}]})";
  const auto run = workspace.check();
  INFO(run.report.dump(2));
  std::vector<std::string> observed;
  for (const auto& finding : run.report.at("findings"))
    if (finding.at("kind") == "guide_mismatch") observed.push_back(finding.at("observed"));
  std::sort(observed.begin(), observed.end());
  CHECK(observed == std::vector<std::string>{"+351808202653", "https://contactenos.aima.gov.pt/"});
}

TEST_CASE("a fact that nothing checks fails validate, naming the sources that show it") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);  // stored pages to look in
  std::ofstream(workspace.dir() / "dataset" / "aima.json") << R"({"guide": {"id": "g"}, "facts": [
  {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 000", "verify_at": ["contactos"]},
  {"id": "aima.email", "kind": "email", "value": "geral@aima.gov.pt"},
  {"id": "aima.other", "kind": "phrase", "value": "marcações por telefone", "verify_at": []}]}
)";
  const auto validate = freshcheck_in(workspace, "validate");
  CHECK(validate.exit_code == 2);
  CHECK(validate.err.find("dataset/aima.json:3:10: fact \"aima.email\" (email) has an empty "
                          "verify_at: no source checks it") != std::string::npos);
  CHECK(validate.err.find("the stored pages of contactos show it today: \"verify_at\": "
                          "[\"contactos\"]") != std::string::npos);
  CHECK(validate.err.find("dataset/aima.json:4:10: fact \"aima.other\" (phrase) has an empty "
                          "verify_at") != std::string::npos);
  CHECK(validate.err.find("no stored page of a configured source shows it today") !=
        std::string::npos);
  // check refuses it too: a configuration error, not a silence.
  CHECK(workspace.check().exit_code == 2);
  // Without stored pages, validate says how to find the sources.
  fs::remove_all(workspace.dir() / "snapshots");
  const auto offline = freshcheck_in(workspace, "validate");
  CHECK(offline.exit_code == 2);
  CHECK(offline.err.find("freshcheck import-guide --rules DIR GUIDE") != std::string::npos);
}

TEST_CASE("import-guide --rules fills verify_at with the sources whose pages show each value") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "guide.txt")
      << "# How to call AIMA\nContact centre: 217 115 000, weekdays 8:00-20:00\n"
         "Old line: 808 202 653\nE-mail: geral@aima.gov.pt\n";
  const auto imported = freshcheck_in(workspace, "import-guide --rules rules guide.txt");
  INFO(imported.err);
  CHECK(imported.exit_code == 0);
  const auto draft = nlohmann::json::parse(imported.out);
  std::map<std::string, nlohmann::json> verify_at;
  for (const auto& fact : draft.at("facts")) verify_at[fact.at("value")] = fact.at("verify_at");
  CHECK(verify_at.at("217 115 000") == nlohmann::json::array({"contactos"}));
  CHECK(verify_at.at("geral@aima.gov.pt") == nlohmann::json::array({"contactos"}));
  CHECK(verify_at.at("808 202 653") == nlohmann::json::array());
  CHECK(imported.err.find("2 of 3 facts are shown by the pages of 1 source") != std::string::npos);
}

TEST_CASE("links use their site's settings: a site-level allow_private and headers reach them") {
  Workspace workspace;
  workspace.write_rules("", R"(, "headers": {"X-Guide-Check": "aima"})");
  std::string header_seen;
  std::mutex mutex;
  workspace.routes().Get("/formulario", [&](const httplib::Request& request, httplib::Response& r) {
    std::lock_guard lock(mutex);
    header_seen = request.get_header_value("X-Guide-Check");
    r.set_content("<html><body>Formulário</body></html>", "text/html");
  });
  // No verify_at: the link is tied to its site by host alone.
  std::ofstream(workspace.dir() / "dataset" / "links.json")
      << R"({"guide": {"id": "links"}, "facts": [
        {"id": "aima.form", "kind": "link", "value": ")"
      << workspace.url("/formulario") << R"("}]})";
  const auto run = workspace.check();
  INFO(run.err);
  CHECK(run.exit_code == 0);  // checked, not "could not be checked" (3)
  CHECK(workspace.kinds(run).empty());
  std::lock_guard lock(mutex);
  CHECK(header_seen == "aima");
}

TEST_CASE("a quiet night writes nothing: the snapshot folder is byte for byte the same") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  const auto before = folder_bytes(workspace.dir() / "snapshots");
  const auto written = fs::last_write_time(workspace.dir() / "snapshots" / "contactos.json");
  REQUIRE(!before.empty());
  const auto quiet = workspace.check();
  CHECK(quiet.exit_code == 0);
  CHECK(workspace.kinds(quiet).empty());
  CHECK(folder_bytes(workspace.dir() / "snapshots") == before);
  CHECK(fs::last_write_time(workspace.dir() / "snapshots" / "contactos.json") == written);
  // The run's times are in the report, not in the tracked files.
  CHECK(quiet.report.at("run").at("started").is_string());
  CHECK(before.at("contactos.json").find("fetched_at") == std::string::npos);
  CHECK(before.at("contactos.json").find("last_success") == std::string::npos);

  // A changed page, then the original again: the snapshot moves only with the changes.
  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  REQUIRE(workspace.check().exit_code == 1);
  const auto pending = folder_bytes(workspace.dir() / "snapshots");
  CHECK(pending != before);
  workspace.set_page(
      contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  REQUIRE(workspace.check().exit_code == 0);
  const auto settled = folder_bytes(workspace.dir() / "snapshots");
  REQUIRE(workspace.check().exit_code == 0);
  CHECK(folder_bytes(workspace.dir() / "snapshots") == settled);
}

TEST_CASE("content_changed counts what changed: one edited sentence is one block, words marked") {
  Workspace workspace;
  const auto page = [](const std::string& sentence) {
    return contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt",
                         "<tr><td>" + sentence + "</td><td></td></tr>");
  };
  workspace.set_page(page("O atendimento presencial é feito apenas com marcação prévia nas lojas"));
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(page("O atendimento presencial é feito sem marcação prévia nas lojas"));
  const auto run = workspace.check();
  INFO(run.report.dump(2));
  REQUIRE(workspace.kinds(run) == std::vector<std::string>{"content_changed"});
  const auto& finding = run.report.at("findings")[0];
  CHECK(finding.at("message") ==
        "contactos: 1 text block changed in scope (1 edited, 0 added, 0 removed)");
  REQUIRE(finding.at("evidence").at("changes").size() == 1);
  const std::string md = Workspace::read(workspace.dir() / "report" / "report.md");
  CHECK(md.find("feito ~~apenas~~ ~~com~~ marcação") != std::string::npos);
  CHECK(md.find("feito **sem** marcação") != std::string::npos);
  CHECK(md.find("```") == std::string::npos);  // no code block: long lines wrap
  const std::string html = Workspace::read(workspace.dir() / "report" / "report.html");
  CHECK(html.find("feito <mark>apenas</mark> <mark>com</mark> marcação") != std::string::npos);
  CHECK(html.find("feito <mark>sem</mark> marcação") != std::string::npos);
  CHECK(html.find("white-space:pre-wrap") != std::string::npos);
}

TEST_CASE("report.md is valid GitHub Markdown: cmark-gfm renders it, every fetched line filled") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "dataset" / "links.json")
      << R"({"guide": {"id": "links"}, "facts": [
        {"id": "aima.gone", "kind": "link", "value": ")"
      << workspace.url("/nada") << R"("}]})";
  REQUIRE(workspace.check().exit_code == 1);  // the dead link
  workspace.set_page(contacts_page("217 115 999", "Dias úteis, das 8h00 às 18h00",
                                   "geral@aima.gov.pt <b>*urgente*</b> `x` | y",
                                   "<tr><td>Linha nova</td><td>218 000 000</td></tr>"));
  const auto run = workspace.check();
  REQUIRE(run.exit_code == 1);
  const fs::path md = workspace.dir() / "report" / "report.md";
  const std::string text = Workspace::read(md);
  std::istringstream lines(text);
  std::size_t fetched = 0;
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    if (line.rfind("|", 0) != 0) CHECK(line.find("\\|") == std::string::npos);
    if (line.rfind("- fetched:", 0) == 0) {
      ++fetched;
      CHECK(std::regex_search(line, std::regex(R"(^- fetched: \d{4}-\d\d-\d\dT)")));
    }
  }
  CHECK(fetched == run.report.at("findings").size());
  const fs::path html = workspace.dir() / "report.md.html";
  REQUIRE(std::system(("cmark-gfm --unsafe -e table -e strikethrough -e autolink " + md.string() +
                       " > " + html.string())
                          .c_str()) == 0);
  const std::string rendered = Workspace::read(html);
  INFO(rendered);
  CHECK(rendered.find("\\|") == std::string::npos);
  CHECK(rendered.find("<table>") != std::string::npos);
  CHECK(rendered.find("<td>phone_missing</td>") != std::string::npos);
  CHECK(rendered.find("<details><summary>phone_missing:") != std::string::npos);
  // Page text is text: no markup of its own gets through.
  CHECK(rendered.find("<b>") == std::string::npos);
  CHECK(rendered.find("<em>urgente</em>") == std::string::npos);
  CHECK(rendered.find("<code>freshcheck accept phone_missing-") != std::string::npos);
  CHECK(rendered.find("<strong>999</strong>") != std::string::npos);
}

TEST_CASE("report.html shows the fact, the published value, what is seen now and what to do") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      contacts_page("217 115 000", "Dias úteis, das 8h00 às 18h00", "geral@aima.gov.pt"));
  const auto run = workspace.check();
  const auto* hours = find_kind(run.report, "hours_changed");
  REQUIRE(hours);
  const std::string id = hours->at("id");
  CHECK(hours->at("accept") == "freshcheck accept " + id + " --update-dataset");
  const std::string html = Workspace::read(workspace.dir() / "report" / "report.html");
  const auto at = html.find("id=\"" + id + "\"");
  REQUIRE(at != std::string::npos);
  const std::string section = html.substr(at, html.find("</section>", at) - at);
  CHECK(section.find("<dt>fact</dt><dd><code>aima.contact-centre</code></dd>") !=
        std::string::npos);
  CHECK(section.find("<dt>published</dt><dd><code>Mo-Fr 08:00-20:00</code></dd>") !=
        std::string::npos);
  CHECK(section.find("<dt>now</dt><dd><code>Mo-Fr 08:00-18:00</code></dd>") != std::string::npos);
  CHECK(section.find("check the official page, then freshcheck accept " + id +
                     " --update-dataset") != std::string::npos);
}
