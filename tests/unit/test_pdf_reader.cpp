// PDF documents read into blocks: reading order across columns, table rows, page numbers,
// the facts extracted from them, and damaged or oversized files as values, never crashes.
// The fixtures are PDFs Chromium printed from tests/fixtures/pdf/leaflet.html (make.sh).
#include <algorithm>
#include <string>

#include "extract/extraction.hpp"
#include "pdf/layout.hpp"
#include "pdf/pdf_reader.hpp"
#include "pipeline/sources.hpp"
#include "reader/reader.hpp"
#include "support.hpp"
#include "util/base64.hpp"
#include "util/file.hpp"

using namespace freshcheck;

namespace {

std::string leaflet(const char* name = "leaflet.pdf") {
  auto bytes = util::read_file(std::string(FRESHCHECK_FIXTURES) + "/pdf/" + name);
  REQUIRE(bytes);
  return *bytes;
}

std::size_t index_of(const html::Document& document, const std::string& start) {
  for (std::size_t i = 0; i < document.blocks.size(); ++i)
    if (document.blocks[i].text.rfind(start, 0) == 0) return i;
  FAIL("no block starts with " << start);
  return 0;
}

pdf::Word word(double x, double y, const std::string& text, double size = 10) {
  return {x, x + 6.0 * static_cast<double>(text.size()), y, y + size, size, text};
}

}  // namespace

TEST_CASE("a two-column PDF leaflet is read column by column, with its table row by row") {
  auto document = pdf::read_pdf(leaflet(), {"https://example.pt/leaflet.pdf", 100});
  REQUIRE(document);
  const auto& blocks = document->blocks;
  // The left column whole, then the right one: never a line of each in turn.
  const auto first = index_of(*document, "A Loja do Cidadão reúne");
  const auto second = index_of(*document, "Traga o seu documento");
  const auto right = index_of(*document, "Linha de apoio");
  CHECK(first < second);
  CHECK(second < right);
  CHECK(blocks[first].text ==
        "A Loja do Cidadão reúne no mesmo espaço os serviços da Segurança Social, da Autoridade "
        "Tributária e do Instituto dos Registos e do Notariado. O atendimento faz-se por ordem de "
        "chegada, com senha retirada à entrada.");
  CHECK(blocks[right].kind == html::BlockKind::heading);
  // A number the column wrapped over two lines is whole again in its paragraph.
  CHECK(blocks[index_of(*document, "Para informações")].text ==
        "Para informações gerais ligue 210 489 000, de segunda a sexta-feira, das 9h00 às 18h00.");
  CHECK(blocks[first].dom_path == "page 1");

  const auto row = index_of(*document, "Segurança Social |");
  CHECK(blocks[row].kind == html::BlockKind::table_row);
  CHECK(blocks[row].text == "Segurança Social | 210 545 400 | Segunda a sexta, 9h00–16h00");
  CHECK(blocks[row].dom_path == "page 2");
  CHECK(blocks[row].heading_path ==
        std::vector<std::string>{"Loja do Cidadão de Laranjeiras", "Contactos por serviço"});
  CHECK(blocks[row + 1].text ==
        "Autoridade Tributária | 217 206 707 | Segunda a sexta, 9h00–19h00");
  CHECK(document->title == "Loja do Cidadão — contactos");
}

TEST_CASE("phones, hours, e-mails and written links come out of a PDF with their page") {
  auto document = pdf::read_pdf(leaflet(), {"https://example.pt/leaflet.pdf", 100});
  REQUIRE(document);
  extract::ExtractOptions options;
  options.region = "PT";
  const auto facts = extract::extract_all(*document, options);
  std::vector<std::string> phones;
  for (const auto& phone : facts.phones) phones.push_back(phone.e164);
  CHECK(phones == std::vector<std::string>{"+351210489000", "+351211950500", "+351210545400",
                                           "+351217206707", "+351211950500"});
  const auto social = std::find_if(facts.phones.begin(), facts.phones.end(),
                                   [](const auto& p) { return p.e164 == "+351210545400"; });
  REQUIRE(social != facts.phones.end());
  CHECK(social->evidence.location == "page 2");
  CHECK(social->hours_osm() == "Mo-Fr 09:00-16:00");
  REQUIRE(facts.emails.size() == 1);
  CHECK(facts.emails[0].address == "atendimento@lojadocidadao.example.pt");
  REQUIRE(facts.links.size() == 1);
  CHECK(facts.links[0].url == "https://agendamento.justica.gov.pt/");
}

TEST_CASE("the page cap reads the first pages and says the rest were left") {
  auto document = pdf::read_pdf(leaflet(), {"leaflet.pdf", 1});
  REQUIRE(document);
  CHECK(document->truncated);
  REQUIRE(document->warnings.size() == 1);
  CHECK(document->warnings[0] == "the PDF has 2 pages; only the first 1 were read");
  for (const auto& block : document->blocks) CHECK(block.dom_path == "page 1");
}

TEST_CASE("a damaged, cut or empty PDF is an error value") {
  const std::string whole = leaflet();
  CHECK_FALSE(pdf::read_pdf("%PDF-1.7\nnot really a document", {}));
  CHECK_FALSE(pdf::read_pdf("", {}));
  // Cut in half: Poppler may still recover the first page; it must not crash either way.
  auto cut = pdf::read_pdf(std::string_view(whole).substr(0, whole.size() / 2), {});
  if (cut) CHECK(cut->blocks.size() < 13);
}

TEST_CASE("layout: aligned lines of two text columns are read one column after the other") {
  std::vector<pdf::Word> words;
  // Two columns of full lines, 10 pt type, a 30 pt gutter; the lines face each other.
  for (int line = 0; line < 4; ++line) {
    const double y = 100 + line * 12;
    words.push_back(word(50, y, "esquerda" + std::to_string(line) + "-aaaaaaaaaaaa"));
    words.push_back(word(300, y, "direita" + std::to_string(line) + "-bbbbbbbbbbbbb"));
  }
  const auto blocks = pdf::lay_out(words, 10);
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].text ==
        "esquerda0-aaaaaaaaaaaa esquerda1-aaaaaaaaaaaa esquerda2-aaaaaaaaaaaa "
        "esquerda3-aaaaaaaaaaaa");
  CHECK_FALSE(blocks[0].table_row);
  CHECK(blocks[1].text.rfind("direita0", 0) == 0);
}

TEST_CASE("layout: a grid with a narrow column is a table, one block per row") {
  std::vector<pdf::Word> words;
  for (int row = 0; row < 3; ++row) {
    const double y = 100 + row * 16;
    words.push_back(word(50, y, "Loja"));
    words.push_back(word(80, y, std::to_string(row + 1)));
    words.push_back(word(200, y, "21" + std::to_string(row) + "0000000"));
    words.push_back(word(320, y, "9h-17h"));
  }
  const auto blocks = pdf::lay_out(words, 10);
  REQUIRE(blocks.size() == 3);
  CHECK(blocks[0].table_row);
  CHECK(blocks[0].text == "Loja 1 | 2100000000 | 9h-17h");
  CHECK(blocks[2].text == "Loja 3 | 2120000000 | 9h-17h");
}

TEST_CASE("read_document chooses the reader by type, then by the bytes, then by the name") {
  using reader::Format;
  CHECK(reader::format_for("application/pdf", "x", "") == Format::pdf);
  CHECK(reader::format_for("text/html", "%PDF-1.4", "") == Format::pdf);
  CHECK(reader::format_for("", "# Contactos", "guia.md") == Format::markdown);
  CHECK(reader::format_for("text/plain; charset=utf-8", "Contactos", "") == Format::text);
  CHECK(reader::format_for("", "<!doctype html><p>x", "guia") == Format::html);
  CHECK(reader::format_for("", "bytes", "folheto.PDF") == Format::pdf);
  auto markdown = reader::read_document("# Contactos\nLinha: 217 115 000\n", "text/markdown", {});
  REQUIRE(markdown);
  REQUIRE(markdown->blocks.size() == 2);
  CHECK(markdown->blocks[0].kind == html::BlockKind::heading);
  CHECK(markdown->blocks[1].heading_path == std::vector<std::string>{"Contactos"});
}

TEST_CASE("read_page reads a PDF answer, keeps it for replay, and fails a broken one") {
  fetch::FetchResult result;
  result.outcome = fetch::Outcome::ok;
  result.final_url = "http://127.0.0.1/folheto.pdf";
  result.http_status = 200;
  result.headers["content-type"] = "application/pdf";
  result.body = leaflet();
  auto page = pipeline::read_page(result, "", false);
  REQUIRE(page);
  CHECK(page->document.blocks.size() == 13);
  // The snapshot keeps the bytes as text; replaying them reads the same document.
  CHECK(page->text.rfind("freshcheck-pdf-base64:", 0) == 0);
  fetch::FetchResult replayed = result;
  replayed.body = page->text;
  auto again = pipeline::read_page(replayed, "", true);
  REQUIRE(again);
  CHECK(again->document.blocks.size() == 13);
  CHECK(util::base64_decode(util::base64_encode(std::string_view("a\0b\xFF", 4))) ==
        std::string("a\0b\xFF", 4));

  result.body = "%PDF-1.7 and then nothing";
  auto broken = pipeline::read_page(result, "main", false);
  REQUIRE_FALSE(broken);
  CHECK(broken.error().kind == fetch::ErrorKind::unreadable);
  CHECK(broken.error().message.find("is a PDF that could not be read") != std::string::npos);
}
