// The real freshcheck binary, run as the nightly job and maintainers run it.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support.hpp"
#include "test_servers.hpp"

namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs the binary with `arguments` (already shell-quoted where needed).
Outcome run_freshcheck(const std::string& arguments) {
  const auto err_file = std::filesystem::temp_directory_path() /
                        ("freshcheck-test-stderr-" + std::to_string(::getpid()));
  const std::string command =
      std::string(FRESHCHECK_BINARY) + " " + arguments + " 2>" + err_file.string();
  Outcome outcome;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    outcome.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.err = read_file(err_file);
  std::filesystem::remove(err_file);
  return outcome;
}

const std::string k_pages = FRESHCHECK_FIXTURES "/pages/";

}  // namespace

TEST_CASE("extract --json finds every phone and e-mail of each fixture page, and nothing else") {
  for (const char* page :
       {"aima-contactos", "aima-contacts-en", "sns24-linhas", "seg-social-linhas"}) {
    SUBCASE(page) {
      const auto expected = nlohmann::json::parse(read_file(k_pages + page + ".expected.json"));
      const Outcome outcome =
          run_freshcheck("extract --json --url " + expected.at("url").get<std::string>() + " " +
                         k_pages + page + ".html");
      INFO(outcome.err);
      REQUIRE(outcome.exit_code == 0);
      const auto result = nlohmann::json::parse(outcome.out);

      std::set<std::string> phones, emails, links;
      for (const auto& phone : result.at("phones")) {
        phones.insert(phone.at("e164").get<std::string>());
        CHECK_FALSE(phone.at("raw").get<std::string>().empty());
        CHECK_FALSE(phone.at("type").get<std::string>().empty());
        CHECK(phone.at("block").get<std::string>().find_first_of("0123456789") !=
              std::string::npos);
      }
      for (const auto& email : result.at("emails")) {
        emails.insert(email.at("address").get<std::string>());
        CHECK(email.at("obfuscated").is_boolean());
      }
      for (const auto& link : result.at("links")) links.insert(link.at("url").get<std::string>());
      CHECK(result.at("hours").is_array());
      CHECK(result.at("phrases").is_array());

      CHECK(std::vector<std::string>(phones.begin(), phones.end()) ==
            expected.at("phones").get<std::vector<std::string>>());
      CHECK(std::vector<std::string>(emails.begin(), emails.end()) ==
            expected.at("emails").get<std::vector<std::string>>());
      for (const auto& link : expected.at("links_include"))
        CHECK(links.count(link.get<std::string>()) == 1);
      CHECK(result.at("document").at("warnings").empty());
    }
  }
}

TEST_CASE("extract reports context: type, heading and obfuscation") {
  const Outcome outcome = run_freshcheck("extract --json " + k_pages + "aima-contactos.html");
  REQUIRE(outcome.exit_code == 0);
  const auto result = nlohmann::json::parse(outcome.out);
  const auto& first = result.at("phones").at(0);
  CHECK(first.at("e164") == "+351217115000");
  CHECK(first.at("raw") == "217 115 000");
  CHECK(first.at("type") == "fixed_line");
  CHECK(first.at("heading") == "Contactos > Centro de Contacto");
  CHECK(first.at("block") ==
        "Centro de Contacto | 217 115 000 | Chamada para a rede fixa nacional");
  CHECK(first.at("hours") == "Mo-Fr 08:00-20:00; PH off");
  const auto& hours = result.at("hours").at(0);
  CHECK(hours.at("osm") == "Mo-Fr 08:00-20:00; PH off");
  CHECK(hours.at("raw") == "Dias úteis, das 8h00 às 20h00 (exceto feriados");
  CHECK(hours.at("phones") == nlohmann::json::array({"+351217115000"}));
  CHECK(result.at("hours").at(1).at("phones") == nlohmann::json::array({"+351965903700"}));
  CHECK(result.at("hours").at(1).contains("inherited_from"));
  bool cloudflare = false;
  for (const auto& email : result.at("emails"))
    if (email.at("address") == "geral@aima.gov.pt") cloudflare = email.at("obfuscated") == true;
  CHECK(cloudflare);
}

TEST_CASE("extract --scope and --phrase") {
  const Outcome outcome = run_freshcheck(
      "extract --json --scope '#marcacoes' --phrase 'AS MARCACOES NAO SAO FEITAS POR TELEFONE' "
      "--phrase 'marcações por telefone disponíveis' " +
      k_pages + "aima-contactos.html");
  REQUIRE(outcome.exit_code == 0);
  const auto result = nlohmann::json::parse(outcome.out);
  CHECK(result.at("phones").empty());
  const auto& phrases = result.at("phrases");
  REQUIRE(phrases.size() == 2);
  CHECK(phrases[0].at("found") == true);
  CHECK(phrases[0].at("heading") == "Contactos > Marcações");
  CHECK(phrases[1].at("found") == false);
}

TEST_CASE("extract prints a readable summary by default") {
  const Outcome outcome = run_freshcheck("extract " + k_pages + "aima-contactos.html");
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("Phones (2)") != std::string::npos);
  CHECK(outcome.out.find("+351965903700    mobile") != std::string::npos);
  CHECK(outcome.out.find("E-mails (2)") != std::string::npos);
  CHECK(outcome.out.find("Opening hours (3)") != std::string::npos);
}

TEST_CASE("extract --json with several pages prints one line each, and goes on past a bad one") {
  const std::string first = k_pages + "aima-contactos.html";
  const std::string second = k_pages + "sns24-linhas.html";
  const Outcome outcome =
      run_freshcheck("extract --json " + first + " /nonexistent/page.html " + second);
  INFO(outcome.err);
  CHECK(outcome.exit_code == 2);  // the unreadable file's code, after the others are read
  CHECK(outcome.err ==
        "freshcheck: cannot read /nonexistent/page.html: no such file or no permission\n");
  std::vector<nlohmann::json> lines;
  std::istringstream out(outcome.out);
  for (std::string line; std::getline(out, line);) lines.push_back(nlohmann::json::parse(line));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].at("input") == first);
  CHECK(lines[1].at("input") == "/nonexistent/page.html");
  CHECK(lines[1].at("error") ==
        "cannot read /nonexistent/page.html: no such file or no permission");
  CHECK(lines[2].at("input") == second);
  // Each line is what `extract --json` prints for that page alone, plus its input.
  for (std::size_t i : {std::size_t{0}, std::size_t{2}}) {
    const Outcome alone =
        run_freshcheck("extract --json " + lines[i].at("input").get<std::string>());
    REQUIRE(alone.exit_code == 0);
    nlohmann::json expected = nlohmann::json::parse(alone.out);
    CHECK_FALSE(expected.contains("input"));
    expected["input"] = lines[i].at("input");
    CHECK(lines[i] == expected);
    CHECK_FALSE(lines[i].at("phones").empty());
  }
  // As text, each page's summary comes under its input's name.
  const Outcome text = run_freshcheck("extract " + first + " " + second);
  CHECK(text.exit_code == 0);
  const auto at_first = text.out.find("== " + first + "\n");
  const auto at_second = text.out.find("== " + second + "\n");
  CHECK(at_first == 0);
  CHECK(at_second != std::string::npos);
  CHECK(at_second > at_first);
}

TEST_CASE("extract errors exit 2 and say what to do") {
  const Outcome missing = run_freshcheck("extract /nonexistent/page.html");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err ==
        "freshcheck: cannot read /nonexistent/page.html: no such file or no permission\n");

  const Outcome scope =
      run_freshcheck("extract --scope 'main[x]' " + k_pages + "aima-contactos.html");
  CHECK(scope.exit_code == 2);
  CHECK(scope.err.find("unsupported character '['") != std::string::npos);

  const Outcome region = run_freshcheck("extract --region ZZ " + k_pages + "aima-contactos.html");
  CHECK(region.exit_code == 2);

  const Outcome usage = run_freshcheck("extract");
  CHECK(usage.exit_code == 2);
  const Outcome unknown = run_freshcheck("frobnicate");
  CHECK(unknown.exit_code == 2);
}

TEST_CASE("validate passes a good configuration") {
  const std::string dir = FRESHCHECK_FIXTURES "/config/good";
  const Outcome outcome =
      run_freshcheck("validate --rules " + dir + "/rules --dataset " + dir + "/dataset");
  INFO(outcome.err);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.out == "ok: 2 sources, 5 facts in 1 datasets\n");
}

TEST_CASE("validate lists every error with file:line:col and exits 2") {
  const std::string dir = FRESHCHECK_FIXTURES "/config/bad";
  const Outcome outcome =
      run_freshcheck("validate --rules " + dir + "/rules --dataset " + dir + "/dataset");
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.out.empty());
  const std::string rules = dir + "/rules/aima.json";
  const std::string dataset = dir + "/dataset/aima.json";
  const std::string broken = dir + "/dataset/broken.json";
  std::vector<std::string> lines;
  std::istringstream err(outcome.err);
  for (std::string line; std::getline(err, line);) lines.push_back(line);
  CHECK(lines ==
        std::vector<std::string>{
            rules + ":4:73: unknown key \"scpoe\" in source; did you mean \"scope\"? (known keys: "
                    "id, url, scope, region, allow_private, robots, verify_tls, headers, "
                    "accept_status, noise, note, render, render_timeout_seconds)",
            rules + ":5:37: source \"aima-contactos\": \"file:///etc/passwd\" is not an http(s) "
                    "URL; freshcheck fetches only http:// and https:// addresses",
            dataset + ":5:34: fact \"aima.email\": unknown kind \"emial\"; did you mean \"email\"? "
                      "(kinds: phone, email, link, hours, phrase)",
            broken + ":4:33: invalid JSON: syntax error while parsing object - unexpected string "
                     "literal; expected '}'",
            rules + ":5:12: duplicate source id \"aima-contactos\" (first defined at " + rules +
                ":4:12)",
            dataset +
                ":4:12: fact \"aima.contact-centre\": verify_at names source \"aima-contatos\", "
                "which no rules file defines; did you mean \"aima-contactos\"?",
            dataset + ":4:12: fact \"aima.contact-centre\": \"217 11\" is not a valid phone number "
                      "for region PT: no such number range in libphonenumber's numbering plan",
            "7 errors in the configuration; fix them and run validate again"});
}

TEST_CASE("extract fetches a URL, with the server's charset") {
  freshcheck::testing::HttpServer server;
  const std::string page = read_file(k_pages + "seg-social-linhas.html");
  server.routes().Get("/linhas", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(page, "text/html; charset=ISO-8859-1");
  });
  server.routes().Get("/robots.txt", [](const httplib::Request&, httplib::Response& r) {
    r.set_content("User-agent: *\nDisallow: /privado\n", "text/plain");
  });
  const Outcome outcome = run_freshcheck("extract --json --allow-private " + server.url("/linhas"));
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  const auto result = nlohmann::json::parse(outcome.out);
  CHECK(result.at("phones").size() == 5);
  CHECK(result.at("document").at("url") == server.url("/linhas"));
  CHECK(result.at("document").at("title") == "Linhas de atendimento - Segurança Social");

  // Without --allow-private, loopback is refused; a failed fetch exits 3 and says why.
  const Outcome refused = run_freshcheck("extract " + server.url("/linhas"));
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find("private or local address") != std::string::npos);

  const Outcome missing = run_freshcheck("extract --allow-private " + server.url("/nada"));
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("HTTP 404 from " + server.url("/nada")) != std::string::npos);

  const Outcome denied = run_freshcheck("extract --allow-private " + server.url("/privado/x"));
  CHECK(denied.exit_code == 3);
  CHECK(denied.err.find("robots.txt") != std::string::npos);
}

TEST_CASE("extract --source uses the rule's scope, region and the dataset's phrases") {
  freshcheck::testing::HttpServer server;
  const std::string page = read_file(k_pages + "aima-contactos.html");
  server.routes().Get("/pt/contactos", [&](const httplib::Request& request, httplib::Response& r) {
    CHECK(request.get_header_value("Accept-Language") == "pt-PT");
    CHECK(request.get_header_value("User-Agent") == "freshcheck/test +mailto:guide@example.org");
    r.set_content(page, "text/html; charset=utf-8");
  });
  const auto dir =
      std::filesystem::temp_directory_path() / ("freshcheck-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "rules");
  std::filesystem::create_directories(dir / "dataset");
  std::ofstream(dir / "rules" / "aima.json")
      << R"({"site": "aima", "allow_private": true, "fetch": {"max_per_host": 1, "retries": 0, "user_agent": "freshcheck/test +mailto:guide@example.org"
},
             "sources": [{
  "id" : "contactos",
         "url"
      : ")"
      << server.url("/pt/contactos")
      << R"(", "scope": "#centro-contacto", "robots": false, "headers": {"Accept-Language": "pt-PT"}}]})";
  std::ofstream(dir / "dataset" / "aima.json") << R"({"guide": {"id": "g"}, "facts": [
             {"id": "p", "kind": "phrase", "value": "Mesmo horário", "verify_at": ["contactos"]}]})";
  const Outcome outcome =
      run_freshcheck("extract --json --source contactos --rules " + (dir / "rules").string() +
                     " --dataset " + (dir / "dataset").string());
  std::filesystem::remove_all(dir);
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  const auto result = nlohmann::json::parse(outcome.out);
  CHECK(result.at("phones").size() == 2);
  CHECK(result.at("emails").empty());  // outside the scope
  REQUIRE(result.at("phrases").size() == 1);
  CHECK(result.at("phrases")[0].at("found") == true);
}

TEST_CASE("import-guide drafts every number and link of the shipped guide") {
  const Outcome outcome =
      run_freshcheck("import-guide " FRESHCHECK_FIXTURES "/guides/how-to-call-aima.txt");
  INFO(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  const auto draft = nlohmann::json::parse(outcome.out);
  CHECK(draft.at("guide").at("id") == "how-to-call-aima");
  CHECK(draft.at("guide").at("title") == "How to Call AIMA in English — Portugal Immigration Line");
  std::vector<std::string> phones, links, emails;
  for (const auto& fact : draft.at("facts")) {
    if (fact.at("kind") == "phone")
      phones.push_back(fact.at("value").get<std::string>() + " " +
                       fact.at("hours").get<std::string>());
    if (fact.at("kind") == "link") links.push_back(fact.at("value"));
    if (fact.at("kind") == "email") emails.push_back(fact.at("value"));
    CHECK(fact.at("verify_at").empty());
  }
  CHECK(phones == std::vector<std::string>{"217 115 000 Mo-Fr 08:00-20:00",
                                           "+351 965 903 700 Mo-Fr 08:00-20:00"});
  CHECK(links ==
        std::vector<std::string>{"https://contactenos.aima.gov.pt/", "https://aima.gov.pt/"});
  // The guide's copy hides its e-mail behind Cloudflare ("[email protected]"): nothing to take.
  CHECK(emails.empty());
  CHECK(draft.at("facts")[0].at("id") == "how-to-call-aima.aima-contact-centre");
}

TEST_CASE("import-guide reads Markdown and HTML guides too") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("freshcheck-guide-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "guide.md")
      << "# Calling SNS 24\n\n## Numbers\n\n- SNS 24: 808 24 24 24, 24 horas por dia\n"
         "- Write to [the contact form](https://www.sns24.gov.pt/contacto/) or "
         "info@sns24.gov.pt\n";
  std::ofstream(dir / "guide.html")
      << "<html><body><h1>Guide</h1><p>Ligue <a href=\"tel:+351217115000\">217 115 000</a>"
         " ou veja <a href=\"https://aima.gov.pt/\">aima.gov.pt</a></p></body></html>";
  const Outcome markdown = run_freshcheck("import-guide " + (dir / "guide.md").string());
  const Outcome html = run_freshcheck("import-guide --id aima " + (dir / "guide.html").string());
  std::filesystem::remove_all(dir);
  REQUIRE(markdown.exit_code == 0);
  REQUIRE(html.exit_code == 0);
  const auto md = nlohmann::json::parse(markdown.out).at("facts");
  REQUIRE(md.size() == 3);
  CHECK(md[0].at("value") == "808 24 24 24");
  CHECK(md[0].at("hours") == "24/7");
  CHECK(md[1].at("value") == "info@sns24.gov.pt");
  CHECK(md[2].at("value") == "https://www.sns24.gov.pt/contacto/");
  const auto page = nlohmann::json::parse(html.out).at("facts");
  REQUIRE(page.size() == 2);
  CHECK(page[0].at("value") == "217 115 000");
  CHECK(page[1].at("value") == "https://aima.gov.pt/");
}

TEST_CASE("the shipped AIMA rules and dataset validate") {
  const Outcome outcome = run_freshcheck("validate --rules " FRESHCHECK_SOURCE_DIR
                                         "/rules --dataset " FRESHCHECK_SOURCE_DIR "/dataset");
  INFO(outcome.err);
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.out == "ok: 3 sources, 6 facts in 1 datasets\n");
}

TEST_CASE("the main job without network: names the sources, exits 3, reports no content change") {
  // A network namespace with only loopback: not even a DNS query leaves the machine.
  if (std::system("unshare -n true >/dev/null 2>&1") != 0) {
    MESSAGE("unshare -n is not available (needs root); this case did not run");
    return;
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("freshcheck-offline-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string command = "cd " + dir.string() +
                              " && unshare -n " FRESHCHECK_BINARY
                              " check --rules " FRESHCHECK_SOURCE_DIR
                              "/rules --dataset " FRESHCHECK_SOURCE_DIR "/dataset >/dev/null 2>" +
                              (dir / "err.txt").string();
  const int status = std::system(command.c_str());
  CHECK(WEXITSTATUS(status) == 3);
  std::ifstream in(dir / "report" / "report.json");
  REQUIRE(in);
  const auto report = nlohmann::json::parse(in);
  std::vector<std::string> unreachable;
  for (const auto& finding : report.at("findings")) {
    CHECK(finding.at("kind") == "source_unreachable");
    unreachable.push_back(finding.at("source"));
  }
  std::sort(unreachable.begin(), unreachable.end());
  CHECK(unreachable ==
        std::vector<std::string>{"aima-contact-form", "aima-contactos", "aima-home"});
  for (const auto& source : report.at("sources")) CHECK(source.at("status") == "unreachable");
  std::filesystem::remove_all(dir);
}

namespace {

// What the dynamic loader said during `extract --json FILE` under LD_DEBUG=files (on standard
// error), and the files it opened with dlopen there.
struct LoaderLog {
  std::string said;
  std::vector<std::string> dlopened;  // file names

  bool opened(const std::string& name) const {
    return std::find(dlopened.begin(), dlopened.end(), name) != dlopened.end();
  }
};

LoaderLog extract_loader_log(const std::string& file) {
  ::setenv("LD_DEBUG", "files", 1);
  const Outcome outcome = run_freshcheck("extract --json " + file);
  ::unsetenv("LD_DEBUG");
  REQUIRE(outcome.exit_code == 0);
  LoaderLog log{outcome.err, {}};
  std::istringstream lines(outcome.err);
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find("file=");
    if (at == std::string::npos || line.find("dynamically loaded by") == std::string::npos)
      continue;
    const std::string path = line.substr(at + 5, line.find(' ', at) - at - 5);
    log.dlopened.push_back(path.substr(path.rfind('/') + 1));
  }
  return log;
}

}  // namespace

TEST_CASE("extract opens each module and libcurl only for a page that needs it") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("freshcheck-test-modules-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& html) {
    std::ofstream(dir / name) << html;
    return (dir / name).string();
  };

  // An empty page: nothing to read, so nothing is opened; the start-up figure of an empty
  // page depends on it.
  const LoaderLog empty = extract_loader_log(write("empty.html", ""));
  CHECK(empty.dlopened.empty());
#ifndef FRESHCHECK_LIBRARIES_PRELOADED  // sanitizer builds load them at start
  CHECK(empty.said.find("file=libcurl.so") == std::string::npos);
  CHECK(empty.said.find("file=libcrypto.so") == std::string::npos);
#endif

  // A number opens the phone module; ASCII text needs no ICU.
  const LoaderLog phone = extract_loader_log(write("phone.html", "<p>Ligue 217 115 000</p>"));
  CHECK(phone.opened("freshcheck-phone.so"));
  CHECK_FALSE(phone.opened("freshcheck-icu.so"));
  CHECK_FALSE(phone.opened("freshcheck-pdf.so"));

  // A link opens libcurl (to resolve it), accented hours text the ICU module.
  const LoaderLog link = extract_loader_log(
      write("link.html", "<p>Atendimento das 9h às 17h: <a href=\"contactos\">contactos</a></p>"));
  CHECK(link.opened("freshcheck-icu.so"));
  CHECK_FALSE(link.opened("freshcheck-pdf.so"));
#ifndef FRESHCHECK_LIBRARIES_PRELOADED
  CHECK(link.opened("libcurl.so.4"));
#endif

  // A PDF opens the PDF module.
  CHECK(extract_loader_log(FRESHCHECK_FIXTURES "/pdf/leaflet.pdf").opened("freshcheck-pdf.so"));
  std::filesystem::remove_all(dir);
}
