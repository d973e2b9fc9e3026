// Control characters from a page or a server (a redirect's Location, the page's text) reach
// no output raw: junit.xml stays XML, report.md and report.html show them as visible
// escapes, and neither the log nor extract's text output lets them drive a terminal
// (ESC[2J clears the screen, ESC]0;...BEL sets the window title).
#include <filesystem>
#include <fstream>
#include <string>

#include "check_workspace.hpp"
#include "support.hpp"
#include "util/text.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;

const std::string k_in_header = "\x1b[2J\x1b]0;AIMA encerrada\x07\x01\x1f";
const std::string k_hostile = k_in_header + "\r";

// The raw control bytes that must not leave the process in any output.
bool has_raw_controls(const std::string& text) {
  for (const char c : {'\x1b', '\x07', '\x01', '\x1f', '\r'})
    if (text.find(c) != std::string::npos) return true;
  return false;
}

bool parses_as_xml(const fs::path& path) {
  const std::string command =
      "python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' " +
      path.string() + " 2>/dev/null";
  return std::system(command.c_str()) == 0;
}

}  // namespace

TEST_CASE("printable: control characters become visible escapes, text stays") {
  using freshcheck::util::printable;
  CHECK(printable("Centro de Contacto: 217 115 000 — dias úteis") ==
        "Centro de Contacto: 217 115 000 — dias úteis");
  CHECK(printable("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(printable("\x1b]0;t\x07") == "\\x1b]0;t\\x07");
  CHECK(printable("linha 1\nlinha 2\tfim") == "linha 1\nlinha 2\tfim");
  CHECK(printable("linha 1\nlinha 2", false) == "linha 1\\x0alinha 2");
  CHECK(printable("a\rb") == "a\\x0db");
  CHECK(printable("\x7f") == "\\x7f");
  CHECK(printable("\xc2\x9b"
                  "2J") == "\\u009b2J");  // C1 CSI
  CHECK(printable("\xef\xbf\xbf") == "\\uffff");
  CHECK(printable("caf\xe9") == "caf\xef\xbf\xbd");  // not UTF-8: U+FFFD
}

TEST_CASE("control characters from a redirect and a page reach no report or log raw") {
  Workspace workspace;
  // Raw bytes: a well-behaved server library will not send these in a header.
  freshcheck::testing::RawServer redirect([](int socket, const freshcheck::testing::RawServer&) {
    freshcheck::testing::RawServer::read_request(socket);
    const std::string answer = "HTTP/1.1 302 Found\r\nLocation: /destino" + k_in_header +
                               "x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    ::send(socket, answer.data(), answer.size(), MSG_NOSIGNAL);
  });
  std::ofstream(workspace.dir() / "rules" / "aima.json")
      << R"({"site": "aima", "allow_private": true, "fetch": {"retries": 0}, "sources": [
        {"id": "contactos", "url": ")"
      << workspace.url("/contactos") << R"(", "scope": "main", "robots": false},
        {"id": "mudou", "url": ")"
      << redirect.url("/mudou") << R"(", "robots": false}]})";
  REQUIRE(workspace.check().report.at("sources").size() == 2);  // the baseline

  workspace.set_page(contacts_page(
      "217 115 000", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt",
      "<tr><td>Linha nova " + k_hostile + "</td><td>218 000 000</td></tr>", "visita 2"));
  const auto run = workspace.check();
  INFO(run.err);
  REQUIRE(run.exit_code == 1);
  const fs::path report = workspace.dir() / "report";
  // report.json escapes them itself (\u001b): the page's text is kept there as it was.
  CHECK(run.report.dump().find("\\u001b[2J") != std::string::npos);

  CHECK(parses_as_xml(report / "junit.xml"));
  for (const char* name : {"junit.xml", "report.md", "report.html"}) {
    INFO(name);
    CHECK_FALSE(has_raw_controls(Workspace::read(report / name)));
  }
  CHECK_FALSE(has_raw_controls(run.err));
  CHECK_FALSE(has_raw_controls(run.out));
  // Shown, not dropped: a reader sees that the page carried them.
  CHECK(Workspace::read(report / "report.md").find("\\x1b[2J") != std::string::npos);
  CHECK(Workspace::read(report / "report.html").find("\\x1b]0;AIMA encerrada\\x07") !=
        std::string::npos);
  CHECK(run.err.find("\\x1b") != std::string::npos);  // the redirect's Location, logged
}

TEST_CASE("extract's text output and block listing show control characters escaped") {
  const fs::path dir =
      fs::temp_directory_path() / ("freshcheck-hostile-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "page.html")
      << "<html><head><title>Contactos" << k_hostile << "</title></head><body><main><p>Linha "
      << k_hostile << " 217 115 000</p><a href=\"/x\">ver " << k_hostile
      << "</a></main></body></html>";
  const std::string command = std::string(FRESHCHECK_BINARY) +
                              " extract --blocks --url https://aima.gov.pt/pt/contactos " +
                              (dir / "page.html").string() + " > " + (dir / "out.txt").string() +
                              " 2> " + (dir / "err.txt").string();
  CHECK(WEXITSTATUS(std::system(command.c_str())) == 0);
  const std::string out = Workspace::read(dir / "out.txt");
  INFO(out);
  CHECK_FALSE(has_raw_controls(out));
  CHECK_FALSE(has_raw_controls(Workspace::read(dir / "err.txt")));
  CHECK(out.find("+351217115000") != std::string::npos);
  CHECK(out.find("[2J") != std::string::npos);  // the page's text is shown, made harmless
  fs::remove_all(dir);
}
