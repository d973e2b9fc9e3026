// `check` runs the links engine over a dataset's guide: "guide": {"links": {"scope",
// "exclude"}} checks the guide's own links in its main content, nightly.
#include <fstream>

#include "check_workspace.hpp"
#include "support.hpp"

using freshcheck::testing::Workspace;

namespace {

std::string guide_page(const Workspace& workspace, const std::string& main_links) {
  return "<!DOCTYPE html><html><body>\n<nav><a href=\"" + workspace.url("/menu-antigo") +
         "\">Menu</a></nav>\n<main><h1>How to call AIMA</h1>\n" + main_links +
         "</main></body></html>\n";
}

std::vector<std::string> link_findings(const freshcheck::testing::CheckRun& run) {
  std::vector<std::string> out;
  for (const auto& finding : run.report.at("findings"))
    if (finding.at("source") == "guide-links:how-to-call-aima")
      out.push_back(finding.at("kind").get<std::string>() + " " +
                    finding.at("published").get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("check: the guide's own links, within its scope and exclusions") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "guide.html")
      << guide_page(workspace, "<p><a href=\"" + workspace.url("/contactos") +
                                   "\">Contacts</a></p>\n<p><a href=\"" +
                                   workspace.url("/formulario") + "\">Form</a></p>\n<p><a href=\"" +
                                   workspace.url("/interno") + "\">Internal</a></p>\n");
  std::ofstream(workspace.dir() / "dataset" / "aima.json")
      << R"({"guide": {"id": "how-to-call-aima", "file": "guide.html",
              "links": {"scope": "main", "exclude": ["/interno$"]}},
             "facts": []})";
  const auto broken = workspace.check("--allow-private");
  CHECK(broken.exit_code == 1);
  CHECK(link_findings(broken) ==
        std::vector<std::string>{"link_broken " + workspace.url("/formulario")});

  std::ofstream(workspace.dir() / "guide.html") << guide_page(
      workspace, "<p><a href=\"" + workspace.url("/contactos") + "\">Contacts</a></p>\n");
  const auto fixed = workspace.check("--allow-private");
  CHECK(link_findings(fixed).empty());
}

TEST_CASE("validate: guide links need a valid scope and RE2 exclusions") {
  Workspace workspace;
  std::ofstream(workspace.dir() / "dataset" / "aima.json")
      << R"({"guide": {"id": "g", "links": {"scope": "main", "exclude": ["(unclosed"], "deep": 1}},
             "facts": []})";
  const auto run = workspace.check();
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("exclude entries must be regular expressions") != std::string::npos);
  CHECK(run.err.find("unknown key \"deep\" in guide links") != std::string::npos);
}
