// E-mail extraction: plain, mailto, and the obfuscations official pages use.
#include "extract/email.hpp"
#include "support.hpp"
#include "util/text.hpp"

using namespace freshcheck::extract;

namespace {

std::vector<std::string> addresses(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& match : find_emails(text))
    out.push_back(match.address + (match.obfuscated ? " *" : ""));
  return out;
}

}  // namespace

TEST_CASE("plain addresses") {
  CHECK(addresses("E-mail: geral@aima.gov.pt.") == std::vector<std::string>{"geral@aima.gov.pt"});
  CHECK(addresses("Escreva para Apoio.Migrante@ACM.gov.pt ou info@sef.pt") ==
        std::vector<std::string>{"Apoio.Migrante@acm.gov.pt", "info@sef.pt"});
  CHECK(addresses("(dpo@aima.gov.pt)") == std::vector<std::string>{"dpo@aima.gov.pt"});
}

TEST_CASE("obfuscated addresses") {
  CHECK(addresses("geral [at] aima.gov.pt") == std::vector<std::string>{"geral@aima.gov.pt *"});
  CHECK(addresses("geral(arroba)aima.gov.pt") == std::vector<std::string>{"geral@aima.gov.pt *"});
  CHECK(addresses("geral (at) aima (dot) gov (dot) pt") ==
        std::vector<std::string>{"geral@aima.gov.pt *"});
  CHECK(addresses("geral [at] aima [ponto] gov [ponto] pt") ==
        std::vector<std::string>{"geral@aima.gov.pt *"});
  CHECK(addresses("geral arroba aima.gov.pt") == std::vector<std::string>{"geral@aima.gov.pt *"});
  // The word in any case.
  CHECK(addresses("geral ARROBA aima.gov.pt") == std::vector<std::string>{"geral@aima.gov.pt *"});
  CHECK(addresses("geral ArRoBa aima.gov.pt") == std::vector<std::string>{"geral@aima.gov.pt *"});
  CHECK(addresses("geral {at} aima.gov.pt") == std::vector<std::string>{"geral@aima.gov.pt *"});
}

TEST_CASE("things that are not addresses") {
  CHECK(addresses("Write to us at aima.gov.pt").empty());
  CHECK(addresses("[email protected]").empty());
  CHECK(addresses("Siga-nos @aima_pt").empty());
  CHECK(addresses("user@localhost").empty());
  CHECK(addresses("a reunião é às 10h @ sala 2").empty());
  CHECK(addresses("geral [at] aima").empty());
}

TEST_CASE("mailto URLs") {
  CHECK(addresses_in_mailto("mailto:geral@aima.gov.pt?subject=Marca%C3%A7%C3%A3o") ==
        std::vector<std::string>{"geral@aima.gov.pt"});
  CHECK(addresses_in_mailto("MAILTO:a@AIMA.gov.pt,%20b@aima.gov.pt") ==
        std::vector<std::string>{"a@aima.gov.pt", "b@aima.gov.pt"});
  CHECK(addresses_in_mailto("https://aima.gov.pt/").empty());
}

TEST_CASE("search folding ignores case, accents, quotes and spacing") {
  using freshcheck::util::fold_for_search;
  CHECK(fold_for_search("As marcações  NÃO são feitas por telefone") ==
        fold_for_search("as marcacoes nao sao feitas por telefone"));
  CHECK(fold_for_search("“Intermediários”\u00a0pagos") == "\"intermediarios\" pagos");
  CHECK(fold_for_search("Atendimento") != fold_for_search("Atendimentos"));
}
