// html::links_in_line: the links a Markdown, text or PDF block writes out in words.
#include <doctest/doctest.h>

#include "html/text_links.hpp"

using namespace freshcheck;

TEST_CASE("links_in_line finds markdown links, URLs and bare public-service hosts once each") {
  const auto links = html::links_in_line(
      "Veja [o portal](https://www.aima.gov.pt/pt/) ou contactenos.aima.gov.pt, e "
      "www.aima.gov.pt/pt.");
  REQUIRE(links.size() == 2);
  CHECK(links[0].url == "https://www.aima.gov.pt/pt/");
  CHECK(links[0].text == "o portal");
  CHECK(links[1].url == "https://contactenos.aima.gov.pt/");
}

TEST_CASE("links_in_line leaves out the host of an e-mail address") {
  CHECK(html::links_in_line("Escreva para geral@aima.gov.pt").empty());
}
