// Hours tied to the phone numbers they apply to, on whole pages in three layouts.
#include <fstream>
#include <map>
#include <sstream>

#include "extract/extraction.hpp"
#include "html/document.hpp"
#include "support.hpp"

using namespace freshcheck;

namespace {

extract::Extraction extract_page(const std::string& page) {
  std::ifstream in(std::string(FRESHCHECK_FIXTURES "/pages/hours/") + page, std::ios::binary);
  REQUIRE(in);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto document = html::parse_document(bytes.str(), {});
  REQUIRE(document.has_value());
  return extract::extract_all(*document, {});
}

std::map<std::string, std::string> hours_by_phone(const std::string& page) {
  std::map<std::string, std::string> out;
  for (const auto& phone : extract_page(page).phones) out[phone.e164] = phone.hours_osm();
  return out;
}

}  // namespace

TEST_CASE("table layout: hours in the same row, and 'mesmo horário'") {
  CHECK(hours_by_phone("table.html") ==
        std::map<std::string, std::string>{{"+351217115000", "Mo-Fr 08:00-20:00"},
                                           {"+351965903700", "Mo-Fr 08:00-20:00"},
                                           {"+351210545400", "Mo-Fr 09:00-18:00"},
                                           {"+351808242424", "24/7"},
                                           {"+351210489000", "Mo-Fr 08:30-19:30; Sa 09:30-15:00"}});
}

TEST_CASE("heading sections: the hours paragraph of the section, nested sections included") {
  CHECK(hours_by_phone("sections.html") ==
        std::map<std::string, std::string>{{"+351213500000", "Mo-Fr 09:00-17:30; PH off"},
                                           {"+351912345678", "Mo-Fr 09:00-17:30; PH off"},
                                           {"112", "24/7"},
                                           {"+351808200204", "24/7"},
                                           {"+351213500099", ""}});
}

TEST_CASE("list items: same item, nested item, and 'same hours'") {
  CHECK(hours_by_phone("list.html") ==
        std::map<std::string, std::string>{{"+351217115000", "Mo-Fr 08:00-20:00"},
                                           {"+351965903700", "Mo-Fr 08:00-20:00"},
                                           {"+351210545400", "Mo-Fr 09:00-18:00"},
                                           {"+351808781212", "09:00-21:00"},
                                           {"112", "24/7"}});
}

TEST_CASE("extract lists each statement with the phones it applies to") {
  const auto extraction = extract_page("table.html");
  REQUIRE(extraction.hours.size() == 5);
  CHECK(extraction.hours[0].osm() == "Mo-Fr 08:00-20:00");
  CHECK(extraction.hours[0].raw == "Dias úteis, 8h00-20h00");
  CHECK(extraction.hours[0].phones == std::vector<std::string>{"+351217115000"});
  CHECK(extraction.hours[1].inherited_from == extraction.hours[0].evidence.block_index);
  CHECK(extraction.hours[1].phones == std::vector<std::string>{"+351965903700"});
}

TEST_CASE("two services in one cell, a phone per line, a timetable row, dated lines") {
  CHECK(hours_by_phone("services.html") ==
        std::map<std::string, std::string>{{"+351300502502", "Mo-Fr 09:00-18:00"},
                                           {"+351808242424", "24/7"},
                                           {"+351217115000", "Mo-Fr 09:00-17:00"},
                                           {"+351217115001", "Sa 10:00-13:00"},
                                           {"+351213500100", "Mo-Th 09:00-17:00; Fr 09:00-13:00"}});
  const auto extraction = extract_page("services.html");
  std::vector<std::string> raws;
  for (const auto& statement : extraction.hours) raws.push_back(statement.raw);
  // Each service's statement keeps its own label; the dated lines state no weekly hours.
  CHECK(raws == std::vector<std::string>{
                    "Atendimento personalizado: dias úteis, 9h-18h",
                    "Serviço automático: 24 horas por dia",
                    "24 horas por dia, 7 dias por semana",
                    "Linha A: 217 115 000, dias úteis 9h-17h",
                    "Linha B: 217 115 001, sábados 10h-13h",
                    "Balcão (213 500 100) | 9h-17h | 9h-17h | 9h-17h | 9h-17h | 9h-13h | Encerrado",
                });
}
