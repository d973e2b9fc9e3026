#pragma once
// A workspace for `freshcheck check` end to end: a temporary folder with rules and a
// dataset, a real server on 127.0.0.1 serving the contacts page (changeable between runs),
// and the real binary run in it.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_servers.hpp"

namespace freshcheck::testing {

namespace fs = std::filesystem;

inline std::string contacts_page(const std::string& main_number, const std::string& hours,
                                 const std::string& email, const std::string& extra = "",
                                 const std::string& noise = "visita 1") {
  return R"(<!doctype html><html lang="pt"><head><meta charset="utf-8"><title>Contactos</title></head><body>
<div class="cookies">Utilizamos cookies. )" +
         noise + R"(</div>
<main id="conteudo"><h1>Contactos</h1>
<section><h2>Centro de Contacto</h2><p>)" +
         hours + R"(</p>
<table><tr><td>Centro de Contacto</td><td>)" +
         main_number + R"(</td></tr>
<tr><td>Linha alternativa</td><td>+351 965 903 700</td></tr>)" +
         extra + R"(</table></section>
<section><h2>E-mail</h2><p>Escreva para )" +
         email + R"(</p></section>
</main></body></html>)";
}

// Every finding id in a report is unique: alert dedupe and `freshcheck accept ID` rely on
// it. Workspace::check asserts it after every run, so every end-to-end check test does.
inline void check_unique_finding_ids(const nlohmann::json& report) {
  if (!report.is_object() || !report.contains("findings")) return;
  std::set<std::string> ids;
  for (const auto& finding : report.at("findings")) {
    INFO(finding.dump(2));
    CHECK(ids.insert(finding.at("id").get<std::string>()).second);
  }
}

struct CheckRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  nlohmann::json report;
};

class Workspace {
 public:
  Workspace()
      : m_dir(fs::temp_directory_path() / ("freshcheck-check-" + std::to_string(::getpid()))) {
    fs::remove_all(m_dir);
    fs::create_directories(m_dir / "rules");
    fs::create_directories(m_dir / "dataset");
    set_page(contacts_page("217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
    m_server.routes().Get("/contactos",
                          [this](const httplib::Request&, httplib::Response& response) {
                            std::lock_guard lock(m_mutex);
                            if (m_status != 200) {
                              response.status = m_status;
                              return;
                            }
                            send_uncompressed(response, m_page, "text/html; charset=utf-8");
                          });
    write_rules("", "");
    std::ofstream(m_dir / "dataset" / "aima.json")
        << R"({"guide": {"id": "how-to-call-aima"}, "facts": [
      {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 000", "hours": "Mo-Fr 08:00-20:00",
       "verify_at": ["contactos"]},
      {"id": "aima.email", "kind": "email", "value": "geral@aima.gov.pt", "verify_at": ["contactos"]}]})";
  }
  ~Workspace() { fs::remove_all(m_dir); }

  // Rewrites the rules with extra keys for the rules file and for the source.
  void write_rules(const std::string& rules_extra, const std::string& source_extra) {
    std::ofstream(m_dir / "rules" / "aima.json")
        << R"({"site": "aima", "allow_private": true, "fetch": {"retries": 0}, )" << rules_extra
        << R"( "sources": [{"id": "contactos", "url": ")" << m_server.url("/contactos")
        << R"(", "scope": "main", "robots": false )" << source_extra << "}]}";
  }

  void set_page(std::string page) {
    std::lock_guard lock(m_mutex);
    m_page = std::move(page);
  }
  void set_status(int status) {
    std::lock_guard lock(m_mutex);
    m_status = status;
  }

  // `environment`: "NAME=value ..." for the run. The alert variables a CI runner may have
  // set are cleared first, so that only what a test gives reaches the binary.
  CheckRun check(const std::string& extra = "", const std::string& environment = "") {
    const fs::path out = m_dir / "stdout.txt";
    const fs::path err = m_dir / "stderr.txt";
    const std::string command = "cd " + m_dir.string() +
                                " && env -u GITHUB_TOKEN -u GITHUB_REPOSITORY -u GITHUB_API_URL -u "
                                "FRESHCHECK_WEBHOOK_URL " +
                                environment + " " + FRESHCHECK_BINARY + " check " + extra + " > " +
                                out.string() + " 2> " + err.string();
    const int status = std::system(command.c_str());
    CheckRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = read(out);
    run.err = read(err);
    std::ifstream report(m_dir / "report" / "report.json");
    if (report) run.report = nlohmann::json::parse(report);
    check_unique_finding_ids(run.report);
    return run;
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::vector<std::string> kinds(const CheckRun& run) const {
    std::vector<std::string> out;
    for (const auto& finding : run.report.at("findings")) out.push_back(finding.at("kind"));
    return out;
  }

  const fs::path& dir() const { return m_dir; }
  httplib::Server& routes() { return m_server.routes(); }
  std::string url(const std::string& path) const { return m_server.url(path); }

 private:
  fs::path m_dir;
  freshcheck::testing::HttpServer m_server;
  std::mutex m_mutex;
  std::string m_page;
  int m_status = 200;
};

}  // namespace freshcheck::testing
