// A scope read from a slice of the page (html/scope_slice.hpp) must read exactly as the
// whole page does: the same blocks (text, kind, headings above, DOM path, links with their
// lines, cells), title, page URL and warnings. Each case parses a page both ways and
// compares; the cases that must take the slice say so, the hostile ones may fall back.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/document_text.hpp"
#include "html/document.hpp"
#include "html/scope_slice.hpp"
#include "support.hpp"

using namespace freshcheck;
using namespace freshcheck::html;

namespace {

Document parse(const std::string& page, const std::string& scope, bool slice) {
  ParseOptions options;
  options.page_url = "https://aima.gov.pt/pt/contactos";
  options.scope = scope;
  options.slice_scope = slice;
  auto document = parse_document(page, options);
  REQUIRE(document);
  return std::move(document).value();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// Parses both ways and compares; returns whether the slice was used.
bool same_both_ways(const std::string& page, const std::string& scope) {
  const Document whole = parse(page, scope, false);
  const Document sliced = parse(page, scope, true);
  INFO("scope " << scope << "\npage:\n" << page);
  CHECK(fuzz::document_text(sliced) == fuzz::document_text(whole));
  CHECK_FALSE(whole.sliced);
  return sliced.sliced;
}

const std::string k_head =
    "<!DOCTYPE html>\r\n<html lang=\"pt-PT\"><head><meta charset=\"utf-8\">\n"
    "<title>Contactos &amp; horários — AIMA</title>\n"
    "<base href=\"https://aima.gov.pt/pt/\">\n"
    "<style>.x{color:red}\n</style>\n"
    "<script>var a = \"</div>\"; if (a < b) { x = '<section id=\"contactos\">'; }\n</script>\n"
    "</head>\n";

std::string official_page(const std::string& before, const std::string& after) {
  return k_head +
         "<body class=\"pagina\">\n<header><nav class=\"menu\"><ul><li><a href=\"/a\">Início"
         "</a></li>\n<li><a href=\"noticias?x=1&amp;y=2\">Notícias</a></li></ul></nav></header>\n"
         "<main id=\"conteudo\"><h1 class=\"t\">Atendimento\n ao público</h1>\n"
         "<!-- menu\r\n lateral -->\n<article><section class=\"s1\"><h2>Documentos</h2>\n"
         "<p>Texto com <a href=\"/doc\" title=\"Doc\">ligação</a>\r\nnuma linha.</p>\n"
         "<table><tr><th>Ato</th><th>Taxa</th></tr><tr><td>Pedido</td><td>10,00 €</td></tr>"
         "</table></section>\n" +
         before +
         "<section class=\"contactos\" id=\"contactos\" aria-labelledby=\"h\">\n"
         "<h2 id=\"h\">Contactos</h2>\n<div class=\"bloco\">\n"
         "<p class=\"tel\">Telefone: <a href=\"tel:+351217115000\">(+351) 217 115 000</a></p>\n"
         "<p>Linha: 808 202 653<br>Horário: dias úteis, das 9h00 às 17h00</p>\n"
         "<ul><li>E-mail: <a href=\"mailto:geral@aima.gov.pt\">geral@aima.gov.pt</a>\n"
         "<li>Formulário: <a href=\"contacto/formulario\">aqui</a></ul>\n"
         "<table><thead><tr><th>Serviço</th><th>Telefone</th></tr></thead>\n"
         "<tr><td>Geral</td><td>217 115 000</td></tr></table>\n"
         "<address>Av. António Augusto de Aguiar, 20</address></div></section>\n" +
         after +
         "<aside><h2>Ver também</h2><ul><li><a href=\"/v\">Outro</a></li></ul></aside></article>"
         "</main>\n<footer><p>Linha geral: 300 000 000</p><p>Gerada às 10:00 · pedido 7</p>"
         "</footer>\n<script>/* fim */</script></body></html>\n";
}

}  // namespace

TEST_CASE("an id scope on an official-style page reads from its slice, the same as the page") {
  CHECK(same_both_ways(official_page("", ""), "#contactos"));
  CHECK(same_both_ways(official_page("", ""), "section#contactos"));
  CHECK(same_both_ways(official_page("", ""), "main #contactos"));
  // The scope's own heading path comes from headings before the slice.
  const Document document = parse(official_page("", ""), "#contactos", true);
  REQUIRE(document.blocks.size() > 1);
  CHECK(document.blocks[1].heading_path ==
        std::vector<std::string>{"Atendimento ao público", "Contactos"});
  CHECK(document.title == "Contactos & horários — AIMA");
}

TEST_CASE("every id of the fixture pages reads the same as a slice and as a page") {
  int pages = 0;
  int sliced = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(FRESHCHECK_FIXTURES) + "/pages")) {
    if (entry.path().extension() != ".html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string page = bytes.str();
    ++pages;
    std::set<std::string> ids;
    const std::regex id_attribute(R"re(\bid="([A-Za-z][\w-]*)")re");
    for (std::sregex_iterator it(page.begin(), page.end(), id_attribute), end; it != end; ++it)
      ids.insert((*it)[1]);
    for (const std::string& id : ids) {
      INFO(entry.path().filename().string() << " #" << id);
      if (same_both_ways(page, "#" + id)) ++sliced;
    }
  }
  CHECK(pages >= 4);
  MESSAGE(sliced << " ids of " << pages << " fixture pages read from a slice");
  CHECK(sliced > 0);
}

TEST_CASE("the slice is smaller than the page and keeps its line numbers") {
  const std::string page =
      official_page(std::string(2000, ' ') + "<p>" + std::string(20000, 'a') + "</p>\n",
                    "<p>" + std::string(20000, 'b') + "</p>");
  const auto slice = slice_for_scope(page, "contactos");
  REQUIRE(slice);
  CHECK(slice->html.size() < page.size() / 5);
  // The slice ends with the element's end tag, on the line it has in the page (every CR of
  // this page is followed by a LF, so counting LFs counts lines).
  const std::string end_tag = "</div></section>";
  const std::size_t element_end = page.find(end_tag) + end_tag.size();
  CHECK(slice->html.ends_with(end_tag));
  CHECK(std::count(slice->html.begin(), slice->html.end(), '\n') ==
        std::count(page.begin(), page.begin() + static_cast<std::ptrdiff_t>(element_end), '\n'));
  CHECK(same_both_ways(page, "#contactos"));
}

TEST_CASE(
    "pages a slice cannot follow fall back to the whole page, and the others take the slice") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"duplicate id", official_page("", "<div id=\"contactos\"><p>Outro 213 000 000</p></div>")},
      {"no such id", replaced(official_page("", ""), "\"contactos\" id=\"contactos\"",
                              "\"contactos\" id=\"outro\"")},
      {"unclosed section inside",
       replaced(official_page("", ""), "<div class=\"bloco\">", "<div class=\"bloco\"><section>")},
      {"inside a paragraph", official_page("<p>Antes ", "depois</p>")},
      {"inside a link", official_page("<a href=\"/x\">", "</a>")},
      {"inside bold, closed later", official_page("<b>", "</b>")},
      {"misnested bold around a div", official_page("<b><div>", "</b></div>")},
      {"inside a list item", official_page("<ul><li>", "</ul>")},
      {"inside a table cell", official_page("<table><tr><td>", "</td></tr></table>")},
      {"inside a heading", official_page("<h3>", "</h3>")},
      {"inside a hidden block", official_page("<div hidden>", "</div>")},
      {"an unclosed heading before", official_page("<h3>Secção sem fim\n", "")},
      {"title after the element", official_page("", "<title>Outro título</title>")},
      {"base after the element", official_page("", "<base href=\"https://x.pt/\">")},
      {"svg before", official_page("<svg><style><div id=x></style></svg>", "")},
      {"escaped script", official_page("<script><!-- <script> </script> --></script>", "")},
      {"noscript", official_page("<noscript><div>", "</div></noscript>")},
      {"template", official_page("<template><div id=\"contactos\"></div></template>", "")},
      {"entity in an id", official_page("<div id=\"contact&#111;s\"></div>", "")},
      {"comment not closed", official_page("<!-- ", "")},
      {"form around", official_page("<form>", "</form>")},
      {"cloudflare e-mail before",
       official_page("<p><a href=\"/cdn-cgi/l/email-protection#zz\">[email]</a></p>"
                     "<span data-cfemail=\"0\">x</span>",
                     "")},
      {"cloudflare e-mail after",
       official_page("",
                     "<p><a href=\"/cdn-cgi/l/email-protection#zz\">x</a>"
                     "<span data-cfemail=\"0\">y</span></p>")},
      {"unclosed formatting before", official_page("<p><i>itálico\n<div>bloco</div>", "")},
      {"font elements alike", official_page("<font color=a><font color=b><font color=c>"
                                            "<font color=d><p>x</p>",
                                            "")},
      {"nested same tag", official_page("<section><section>", "</section></section>")},
      {"CRLF and lone CR", official_page("<p>um\r\ndois\rtrês\n</p>\r", "")},
      {"character references", official_page("<p>&#32;&Tab;</p>&#32;<table>&#32;</table>", "")},
      {"uppercase tags", official_page("<DIV CLASS=\"A\"><H3>Título</H3></DIV>", "")},
      {"pre around", official_page("<pre>", "</pre>")},
      {"stray end tags", official_page("</p></li></div></span>", "")},
  };
  // Pages where the element stands where the slice can follow it all the same: a <p> its
  // section closes, a <form>, nested sections, CRLF, references, upper case, stray end tags.
  const std::set<std::string> sliceable = {
      "inside a paragraph",      "form around",     "cloudflare e-mail before",
      "cloudflare e-mail after", "nested same tag", "CRLF and lone CR",
      "character references",    "uppercase tags",  "stray end tags"};
  for (const auto& [name, page] : cases) {
    INFO(name);
    CHECK(same_both_ways(page, "#contactos") == (sliceable.count(name) > 0));
  }
}

TEST_CASE("random pages read the same from a slice as whole") {
  // Well-formed fragments, as most pages are, and hostile ones at one in eight: misnesting,
  // implied ends, formatting elements, raw text, comments, references, every line break.
  const std::vector<std::string> plain = {
      "<div><p>Texto 213 000 000</p></div>",
      "<section><h2>Secção</h2><p>a</p></section>",
      "<ul><li>um</li><li><a href=\"/l\">dois</a></li></ul>",
      "<h3>Sub\r\ntítulo</h3>",
      "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
      "<!-- c\n -->",
      "\r\n",
      "\n",
      "\r",
      "<p>linha<br>outra</p>",
      "<script>x</script>",
      "<style>p{}</style>",
      "<details><summary>Mais</summary><p>x</p></details>",
      "<dl><dt>T</dt><dd>D</dd></dl>",
      "<div id=\"c2\" class=\"a b\">c2</div>",
      "<p>&amp; &#32; &nbsp;</p>",
      "<img alt=\"a\">",
      "<address>Rua</address>",
      "<nav><a href=\"/n\">n</a></nav>",
      "<span hidden>h</span>"};
  const std::vector<std::string> hostile = {"<div>",        "</div>",
                                            "<section>",    "</section>",
                                            "<p>",          "</p>",
                                            "<li>",         "<ul>",
                                            "</ul>",        "<b>",
                                            "</b>",         "<i>",
                                            "</i>",         "<a href=\"/l\">",
                                            "</a>",         "<h2>",
                                            "</h2>",        "<h3>",
                                            "<table>",      "</table>",
                                            "<tr>",         "<td>",
                                            "texto ",       "<summary>",
                                            "</summary>",   "<font color=r>",
                                            "</font>",      "<pre>",
                                            "</pre>",       "<dl><dt>",
                                            "<dd>",         "<?x?>",
                                            "</x y=\">\">", "&#32;"};
  std::mt19937 random(20261202);
  int sliced = 0;
  for (int round = 0; round < 400; ++round) {
    auto piece_run = [&](int count) {
      std::string out;
      for (int i = 0; i < count; ++i)
        out +=
            random() % 8 == 0 ? hostile[random() % hostile.size()] : plain[random() % plain.size()];
      return out;
    };
    const std::string scope_body = "<h2>Contactos</h2><p>Tel. 217 115 000</p>" + piece_run(8);
    const std::string page = "<!DOCTYPE html><html><head><title>T</title></head><body>" +
                             piece_run(25) + "<div id=\"contactos\">" + scope_body + "</div>" +
                             piece_run(15) + "</body></html>";
    INFO("round " << round);
    if (same_both_ways(page, "#contactos")) ++sliced;
  }
  MESSAGE(sliced << " of 400 random pages read from a slice");
  CHECK(sliced > 40);  // the comparison above is only worth something if slices are taken
}
