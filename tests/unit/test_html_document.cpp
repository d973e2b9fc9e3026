// The block model: what a reader sees, in order, with headings and DOM locations.
#include <sys/resource.h>

#include <chrono>

#include "html/cfemail.hpp"
#include "html/document.hpp"
#include "html/selector.hpp"
#include "support.hpp"

using namespace freshcheck::html;

namespace {

Document parse(const std::string& html, const std::string& scope = "",
               const std::string& url = "https://aima.gov.pt/pt/contactos") {
  ParseOptions options;
  options.page_url = url;
  options.scope = scope;
  auto document = parse_document(html, options);
  REQUIRE(document.has_value());
  return std::move(document).value();
}

std::vector<std::string> texts(const Document& document) {
  std::vector<std::string> out;
  for (const auto& block : document.blocks) out.push_back(block.text);
  return out;
}

}  // namespace

TEST_CASE("paragraphs, list items, rows and headings become blocks in reading order") {
  const Document document =
      parse(R"(<html><head><title>Contactos</title><style>p{}</style></head><body>
    <h1>Contactos</h1>
    <p>Atendimento   telefónico</p>
    <ul><li>Linha 1: <b>217</b>&nbsp;115 000</li><li>Linha 2</li></ul>
    <table><thead><tr><th>Linha</th><th>Número</th></tr></thead>
      <tr><td>Centro de Contacto</td><td></td><td>217 115 000</td></tr></table>
    <div>Texto solto<p>dentro</p>depois</div>
    <script>var phone = "219999999";</script><template><p>219 999 998</p></template>
    <!-- 219 999 997 -->
  </body></html>)");
  CHECK(document.title == "Contactos");
  CHECK(texts(document) ==
        std::vector<std::string>{"Contactos", "Atendimento telefónico", "Linha 1: 217 115 000",
                                 "Linha 2", "Linha | Número", "Centro de Contacto | 217 115 000",
                                 "Texto solto", "dentro", "depois"});
  CHECK(document.blocks[0].kind == BlockKind::heading);
  CHECK(document.blocks[0].heading_level == 1);
  CHECK(document.blocks[2].kind == BlockKind::list_item);
  CHECK(document.blocks[5].kind == BlockKind::table_row);
  CHECK(document.blocks[6].kind == BlockKind::text);
}

TEST_CASE("every kind of white space is normalised — <br> keeps lines apart") {
  const Document document = parse(
      "<p>\t217\u00a0115\u202f000 \u2009 \u3000fim\u200b</p><p>Lisboa: 217 115 000<br>Porto:\n225 "
      "899 400</p>"
      "<pre>linha 1\nlinha 2</pre>");
  CHECK(texts(document) == std::vector<std::string>{"217 115 000 fim",
                                                    "Lisboa: 217 115 000\nPorto: 225 899 400",
                                                    "linha 1\nlinha 2"});
}

TEST_CASE("a line break is a space wherever it falls, beside bytes that look like one") {
  // Ċ is C4 8A and č is C4 8D: their second bytes are '\n' and '\r' with the high bit set.
  // Text is read eight bytes at a time, so each break is tried at every offset in a word.
  for (std::size_t lead = 0; lead < 16; ++lead) {
    const std::string x(lead, 'x');
    const Document document = parse("<p>" + x + "\u010a\u010d\n\u010a\r\n\u010d\rz</p>");
    CHECK(texts(document) == std::vector<std::string>{x + "\u010a\u010d \u010a \u010d z"});
  }
}

TEST_CASE("hidden elements are left out") {
  const Document document = parse(R"(<body>
    <p hidden>219 000 001</p><p aria-hidden="true">219 000 002</p>
    <p style="color:red; DISPLAY: none">219 000 003</p><div style="visibility:hidden">219 000 004</div>
    <noscript>219 000 005</noscript><svg><text>219 000 006</text></svg>
    <p aria-hidden="false">visível</p><div class="collapse">accordion body</div></body>)");
  CHECK(texts(document) == std::vector<std::string>{"visível", "accordion body"});
}

TEST_CASE("heading path follows the outline — sections scope their headings") {
  const Document document = parse(R"(<body><h1>Contactos</h1>
    <section><h2>Centro de Contacto</h2><p>a</p><h3>Horário</h3><p>b</p></section>
    <section><h2>Outros</h2><p>c</p></section>
    <details><summary>Linha de apoio</summary><p>d</p></details><p>e</p></body>)");
  const auto& blocks = document.blocks;
  REQUIRE(blocks.size() == 10);
  CHECK(blocks[2].text == "a");
  CHECK(blocks[2].heading_path == std::vector<std::string>{"Contactos", "Centro de Contacto"});
  CHECK(blocks[4].heading_path ==
        std::vector<std::string>{"Contactos", "Centro de Contacto", "Horário"});
  CHECK(blocks[6].heading_path == std::vector<std::string>{"Contactos", "Outros"});
  CHECK(blocks[7].kind == BlockKind::summary);
  CHECK(blocks[8].text == "d");
  CHECK(blocks[8].heading_path == std::vector<std::string>{"Contactos", "Linha de apoio"});
  CHECK(blocks[9].text == "e");
  CHECK(blocks[9].heading_path == std::vector<std::string>{"Contactos"});
}

TEST_CASE("blocks after a closed accordion lose its title") {
  const Document document =
      parse("<h1>A</h1><details><summary>S</summary><p>in</p></details><p>out</p>");
  REQUIRE(document.blocks.size() == 4);
  CHECK(document.blocks[3].text == "out");
  CHECK(document.blocks[3].heading_path == std::vector<std::string>{"A"});
}

TEST_CASE("DOM locations name ids and positions") {
  const Document document =
      parse("<main id=\"conteudo\"><table><tr><td>a</td></tr><tr><td>b</td></tr></table></main>");
  REQUIRE(document.blocks.size() == 2);
  CHECK(document.blocks[0].dom_path == "body>main#conteudo>table>tbody>tr");
  CHECK(document.blocks[1].dom_path == "body>main#conteudo>table>tbody>tr:nth-of-type(2)");
}

TEST_CASE("scope limits blocks to the selected region") {
  const std::string html = R"(<body><header><p>Tel. 219 000 000</p></header>
    <main><div class="card" id="linhas"><h2>Linhas</h2><p>217 115 000</p></div>
    <div class="card"><p>outro</p></div></main><footer><p>rodapé</p></footer></body>)";
  CHECK(texts(parse(html, "main")) == std::vector<std::string>{"Linhas", "217 115 000", "outro"});
  CHECK(texts(parse(html, "#linhas")) == std::vector<std::string>{"Linhas", "217 115 000"});
  CHECK(texts(parse(html, "main .card p")) == std::vector<std::string>{"217 115 000", "outro"});
  CHECK(texts(parse(html, "main > .card#linhas > p")) == std::vector<std::string>{"217 115 000"});
  CHECK(texts(parse(html, "header, footer")) ==
        std::vector<std::string>{"Tel. 219 000 000", "rodapé"});
  const Document nothing = parse(html, "#contactos");
  CHECK(nothing.blocks.empty());
  CHECK(nothing.warnings ==
        std::vector<std::string>{"scope \"#contactos\" matched no element: the page layout may "
                                 "have changed; fix the rule's scope"});
}

TEST_CASE("a scope keeps everything after a table whose cells hold <br> and <small>") {
  // Issue 11: each <br> ended the scope one element early, so with two of them the scope
  // closed inside the table and the second section vanished without a warning.
  const std::string html = R"(<html><body><main><section><table>
<tr><th>A</th><td>217 115 000<br><small>x</small></td></tr>
<tr><th>B</th><td>+351 965 903 700<br><small>y</small></td></tr>
</table><p>after table</p></section>
<section><h2>Other line</h2><p>808 257 257</p></section></main></body></html>)";
  const std::vector<std::string> all = {"A | 217 115 000\nx", "B | +351 965 903 700\ny",
                                        "after table", "Other line", "808 257 257"};
  CHECK(texts(parse(html)) == all);
  const Document scoped = parse(html, "main");
  CHECK(texts(scoped) == all);
  CHECK(scoped.warnings.empty());
  // Hidden and skipped elements inside the scope do not end it either.
  CHECK(texts(parse("<div id=x><p>a<span hidden>h</span><script>s</script></p><p>b<br>c</p>"
                    "<p>d</p></div><p>out</p>",
                    "#x")) == std::vector<std::string>{"a", "b\nc", "d"});
}

TEST_CASE("a scope that matches inside a block says its text was not read") {
  const std::string html =
      "<table><tr><th>Linha</th><td class=tel>217 115 000</td></tr></table>"
      "<p>Ligue <span id=n>808 257 257</span></p>";
  for (const std::string scope : {"td.tel", "#n"}) {
    const Document document = parse(html, scope);
    CHECK(document.blocks.empty());
    REQUIRE(document.warnings.size() == 1);
    CHECK(document.warnings[0].find("matches an element inside a larger block") !=
          std::string::npos);
  }
  CHECK(parse(html, "#n").warnings[0].find("(body>p>span#n)") != std::string::npos);
  // A scope that also holds whole blocks reads them, and still says what it could not read.
  const Document mixed = parse(html + "<p class=tel>213 000 000</p>", ".tel");
  CHECK(texts(mixed) == std::vector<std::string>{"213 000 000"});
  CHECK(mixed.warnings.size() == 1);
}

TEST_CASE("scope matching stays linear on a deep page") {
  // Matching each element by backtracking over its ancestors cost depth^compounds: with
  // "#gone div div div" this page took minutes.
  std::string html = "<body>";
  for (int i = 0; i < 990; ++i) html += "<div>";
  html += "<p>217 115 000</p>";
  for (int i = 0; i < 990; ++i) html += "</div>";
  const auto started = std::chrono::steady_clock::now();
  const Document gone = parse(html, "#gone div div div");
  CHECK(gone.blocks.empty());
  CHECK(gone.warnings.size() == 1);
  CHECK(texts(parse(html, "body > div div > div > div p")) ==
        std::vector<std::string>{"217 115 000"});
  CHECK(texts(parse(html, "body > div > p")).empty());
  MESSAGE("three scoped reads of a page 990 <div>s deep: "
          << std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - started)
                 .count()
          << " ms");
}

TEST_CASE("headings outside the scope still give context inside it") {
  const Document document = parse("<h1>Contactos</h1><div id=x><p>217 115 000</p></div>", "#x");
  REQUIRE(document.blocks.size() == 1);
  CHECK(document.blocks[0].heading_path == std::vector<std::string>{"Contactos"});
}

TEST_CASE("selector syntax errors say where") {
  CHECK_FALSE(Selector::parse("").has_value());
  CHECK(Selector::parse("main >").error().message ==
        "cannot read selector \"main >\" at character 6: selector ends early; supported: tag, #id, "
        ".class, *, descendant ' ', child '>', ','");
  CHECK(Selector::parse("a:hover").error().message.find("unsupported character ':'") !=
        std::string::npos);
  CHECK(Selector::parse("div.a.b > #c, footer").has_value());
}

TEST_CASE("links resolve against the page URL and <base>") {
  const Document document = parse(R"html(<head><base href="/pt/"></head><body><p>
    <a href="contactos">Contactos</a> <a href="https://contactenos.aima.gov.pt/">Contacte-nos</a>
    <a href="//www.portaldascomunidades.mne.gov.pt/">MNE</a> <a href="javascript:void(0)">x</a>
    <a href="mailto:geral@aima.gov.pt?subject=Ol%C3%A1">e-mail</a> <a href="tel:+351217115000">ligar</a>
    <a href="../en/"><img alt="English"></a> <a href=" /pt/faq ">FAQ</a></p></body>)html");
  REQUIRE(document.blocks.size() == 1);
  std::vector<std::string> urls;
  for (const auto& link : document.blocks[0].links) urls.push_back(link.url + " " + link.text);
  CHECK(urls == std::vector<std::string>{
                    "https://aima.gov.pt/pt/contactos Contactos",
                    "https://contactenos.aima.gov.pt/ Contacte-nos",
                    "https://www.portaldascomunidades.mne.gov.pt/ MNE",
                    "mailto:geral@aima.gov.pt?subject=Ol%C3%A1 e-mail", "tel:+351217115000 ligar",
                    "https://aima.gov.pt/en/ English", "https://aima.gov.pt/pt/faq FAQ"});
  CHECK(document.url == "https://aima.gov.pt/pt/");
}

TEST_CASE("Cloudflare-protected addresses are decoded in text and links") {
  // "geral@aima.gov.pt" XOR 0x45, as Cloudflare serves it.
  const std::string hex = "45222037242905242c28246b222a336b3531";
  CHECK(decode_cfemail(hex) == "geral@aima.gov.pt");
  CHECK_FALSE(decode_cfemail("zz").has_value());
  CHECK_FALSE(decode_cfemail("4522").has_value());  // decodes to no address
  CHECK(cfemail_payload_in_href("/cdn-cgi/l/email-protection#" + hex) == hex);

  const Document document =
      parse("<p>E-mail: <span class=\"__cf_email__\" data-cfemail=\"" + hex +
            "\">[email&#160;protected]</span></p><p><a href=\"/cdn-cgi/l/email-protection#" + hex +
            "\">[email&#160;protected]</a></p>");
  REQUIRE(document.blocks.size() == 2);
  CHECK(document.blocks[0].text == "E-mail: geral@aima.gov.pt");
  CHECK(document.blocks[0].protected_emails == std::vector<std::string>{"geral@aima.gov.pt"});
  REQUIRE(document.blocks[1].links.size() == 1);
  CHECK(document.blocks[1].links[0].url == "mailto:geral@aima.gov.pt");
  CHECK(document.blocks[1].links[0].obfuscated);
}

TEST_CASE("ISO-8859-1 and windows-1252 pages are decoded before parsing") {
  // "Atendimento à população — 217 115 000" in windows-1252, declared as ISO-8859-1.
  const std::string latin1 =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
      "</head><body><p>Atendimento \xe0 popula\xe7\xe3o \x97 217 115 000</p></body></html>";
  const Document from_meta = parse(latin1);
  CHECK(from_meta.charset == "windows-1252");
  CHECK(texts(from_meta) == std::vector<std::string>{"Atendimento à população — 217 115 000"});

  // No declaration at all and not valid UTF-8: windows-1252, as browsers do.
  const Document undeclared = parse(
      "<p>Informa\xe7\xf5"
      "es</p>");
  CHECK(texts(undeclared) == std::vector<std::string>{"Informações"});

  // The HTTP header wins over the meta tag.
  ParseOptions options;
  options.http_charset = "iso-8859-1";
  auto from_http = parse_document(
      "<meta charset=\"utf-8\"><p>S\xe1"
      "bado</p>",
      options);
  REQUIRE(from_http.has_value());
  CHECK(from_http->blocks[0].text == "Sábado");

  // A UTF-8 BOM overrides everything.
  const Document bom = parse("\xEF\xBB\xBF<meta charset=\"iso-8859-1\"><p>Sábado</p>");
  CHECK(texts(bom) == std::vector<std::string>{"Sábado"});
}

TEST_CASE("hostile nesting ends as a truncated parse, quickly and in bounded memory") {
  struct rusage before;
  getrusage(RUSAGE_SELF, &before);

  std::string deep = "<p>Tel. 217 115 000</p>";
  for (int i = 0; i < 300'000; ++i) deep += "<div>";
  deep += "219 999 999";
  const Document deep_document = parse(deep);
  CHECK(deep_document.truncated);
  CHECK(deep_document.blocks.at(0).text == "Tel. 217 115 000");
  REQUIRE(deep_document.warnings.size() == 1);
  CHECK(deep_document.warnings[0].rfind("page cut at byte", 0) == 0);

  std::string tables = "<p>Tel. 217 115 000</p>";
  for (int i = 0; i < 20'000; ++i) tables += "<table><tr><td>";
  const Document table_document = parse(tables);
  CHECK(table_document.truncated);
  CHECK(table_document.blocks.at(0).text == "Tel. 217 115 000");

  struct rusage after;
  getrusage(RUSAGE_SELF, &after);
  // ru_maxrss is in KiB; the unbounded parse took gigabytes.
  CHECK(after.ru_maxrss - before.ru_maxrss < 512 * 1024);
}

TEST_CASE("safe_parse_length ignores void, optional-end and raw-text elements") {
  std::string flat;
  for (int i = 0; i < 5000; ++i) flat += "<p>x<li>y<br><img src=a><td>z";
  CHECK(safe_parse_length(flat) == flat.size());
  std::string script = "<script>";
  for (int i = 0; i < 5000; ++i) script += "<div>";
  script += "</script><p>ok</p>";
  CHECK(safe_parse_length(script) == script.size());
  std::string closed;
  for (int i = 0; i < 5000; ++i) closed += "<div><span>a</span></div>";
  CHECK(safe_parse_length(closed) == closed.size());
  std::string deep;
  for (int i = 0; i < 2000; ++i) deep += "<div>";
  CHECK(safe_parse_length(deep) == k_max_nesting_depth * 5);
}

TEST_CASE("blocks under the same headings share them") {
  const Document document =
      parse("<h1>Contactos</h1><p>um</p><p>dois</p><h2>Linha</h2><p>três</p>");
  REQUIRE(document.blocks.size() == 5);
  CHECK(document.blocks[1].heading_path == std::vector<std::string>{"Contactos"});
  CHECK(&document.blocks[1].heading_path.texts() == &document.blocks[2].heading_path.texts());
  CHECK(document.blocks[4].heading_path == std::vector<std::string>{"Contactos", "Linha"});
  CHECK(&document.blocks[1].heading_path.texts() != &document.blocks[4].heading_path.texts());
  CHECK(HeadingPath().empty());
  CHECK(HeadingPath() == HeadingPath(std::vector<std::string>{}));
}
