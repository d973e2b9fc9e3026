// Runs of plain text set aside before gumbo parses a page (html/plain_text_runs.hpp): the tree
// must be the tree of the page as it is, node for node, text for text, line for line.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fuzz/parsed_tree_text.hpp"
#include "html/gumbo_util.hpp"
#include "html/plain_text_runs.hpp"
#include "support.hpp"

using freshcheck::fuzz::parsed_tree_text;
using freshcheck::html::ParsedHtml;
using freshcheck::html::PlainTextRuns;

namespace {

// The two parses of `page`; returns how many runs were set aside.
std::size_t check_same_tree(const std::string& page) {
  const ParsedHtml set_aside(page, ParsedHtml::PlainText::set_aside);
  const ParsedHtml parsed(page, ParsedHtml::PlainText::parsed);
  CAPTURE(page);
  CHECK(parsed_tree_text(set_aside) == parsed_tree_text(parsed));
  return set_aside.runs_set_aside();
}

const std::string k_page = R"(<!DOCTYPE html>
<html lang="pt-PT"><head><meta charset="utf-8"><title>Contactos — AIMA</title>
<style>.menu li{display:inline-block} a > b {color:#036}</style>
<script>window.dataLayer=window.dataLayer||[]; if (a < b && c > d) x("</div>");</script>
</head><body>
<nav class="menu"><ul><li><a href="/pt/servicos">Serviços para cidadãos</a></li></ul></nav>
<main id="contactos"><h1>Contactos da Agência</h1>
<p>O Centro de Contacto atende de segunda a sexta-feira, das 9h00 às 17h00, exceto feriados.
Ligue <a href="tel:+351217115000">217 115 000</a> (chamada para a rede fixa nacional).</p>
<table><tr><th>Serviço</th><th>Telefone</th></tr>
<tr><td>Autorizações de residência</td><td>217 115 000 &mdash; opção 2</td></tr></table>
<!-- a comment that holds <p>markup</p> and -- dashes -->
<svg viewBox="0 0 10 10"><title>Ícone do telefone</title><path d="M0 0h10"/></svg>
<p>Também pode escrever para <a href="mailto:geral@aima.gov.pt">geral@aima.gov.pt</a>.</p>
</main></body></html>
)";

}  // namespace

TEST_CASE("an official page parses to the same tree with its plain text set aside") {
  CHECK(check_same_tree(k_page) >= 6);
}

TEST_CASE("the runs set aside are put back as the page has them, offsets mapped back") {
  const std::string page = "<p>  Segunda a sexta-feira, das 9h às 17h  </p><p>curto</p>";
  const PlainTextRuns runs(page);
  REQUIRE(runs.count() == 1);
  const std::string_view html = runs.html();
  // The run is the text between its white space; the markup around it stays where it was.
  CHECK(html.substr(0, 5) == "<p>  ");
  CHECK(html.substr(5 + PlainTextRuns::k_placeholder_size) == "  </p><p>curto</p>");
  std::string restored;
  runs.append_restored(html.substr(3, 4 + PlainTextRuns::k_placeholder_size), restored);
  CHECK(restored == "  Segunda a sexta-feira, das 9h às 17h  ");
  CHECK(runs.page_offset(0) == 0);
  CHECK(runs.page_offset(5) == 5);  // the placeholder: where the run begins
  const std::size_t after = 5 + PlainTextRuns::k_placeholder_size;
  CHECK(runs.page_offset(after) == page.find("  </p>"));
  CHECK(runs.page_offset(html.size()) == page.size());
}

TEST_CASE("text the parser would change, and text beside character references, stays") {
  // Line breaks end runs (lines must keep their numbers), as do references, control
  // characters, noncharacters and carriage returns.
  const std::vector<std::string> pages = {
      "<p>primeira linha do texto\nsegunda linha do texto</p>",
      "<p>antes da referência &amp; depois da referência</p>",
      "<p>antes da referência &ampdepois da referência sem ponto</p>",
      "<p>controlo \x01 no meio do texto longo</p>",
      "<p>C1 \xC2\x85 no meio do texto longo</p>",
      "<p>não carácter \xEF\xB7\x90 no meio do texto</p>",
      "<p>não carácter \xEF\xBF\xBE no meio do texto</p>",
      "<p>retorno\r\ndo carro no meio do texto</p>",
      "<p>nulo \0 no meio do texto longo</p>",
      "<pre>\nlinha depois do pre, que o parser deixa cair</pre>",
      "<textarea>\ntexto da caixa de texto, longo o bastante</textarea>",
      "<p>emoji 😀 no meio do texto longo</p>",
      "<p>inválido \xC3 no meio do texto longo</p>"};
  for (const std::string& page : pages) check_same_tree(page);
}

TEST_CASE("a page that holds what a placeholder looks like keeps all its text") {
  CHECK(check_same_tree("<p>uso privado \xF3\xB0\x80\x80 num texto longo</p><p>outro texto "
                        "longo o bastante</p>") == 0);
  CHECK(check_same_tree("<p>referência &#xF0000; num texto longo</p><p>outro texto longo o "
                        "bastante</p>") == 0);
  CHECK(check_same_tree("<p>referência &#983040; num texto longo</p><p>outro texto longo o "
                        "bastante</p>") == 0);
}

TEST_CASE("markup the scan cannot be sure of stops it, and the rest parses as it is") {
  const std::string text = "<p>um texto bastante longo para ser posto de lado</p>";
  // Before the markup its text is set aside; after it, none is.
  for (const std::string unsure :
       {"<template><p>x</p></template>", "<frameset></frameset>", "<plaintext>",
        "<svg><![CDATA[ a < b ]]></svg>", "<svg><foreignObject><div>x</div></foreignObject></svg>",
        "<svg><p>html no desenho</p></svg>", "<math><mi><b>x</b></mi></math>",
        "<select><style>a<b</style></select>", "<script><!-- <script> </script> --></script>",
        "<svg><style>a<b</style></svg>", "<svg></div></svg>", "<svg><math></svg>"}) {
    CAPTURE(unsure);
    CHECK(check_same_tree(text + unsure + text) == 1);
  }
}

TEST_CASE("markup the scan reads as the tokenizer does lets it go on") {
  const std::string text = "<p>um texto bastante longo para ser posto de lado</p>";
  for (const std::string sure : {
           "<!-- comentário com <p> e -- traços -->",
           "<!---->",
           "<!-->",
           "<!--->",
           "<!-- fim com --!> ",
           "<!DOCTYPE html PUBLIC \"-//W3C//DTD\">",
           "<?xml version=\"1.0\"?>",
           "</>",
           "</ bogus>",
           "<div title=\"a > b\" data-x='c > d' data-y=e>",
           "<div title=\"a\"/>",
           "<a href=x/>",
           "<div a=\"1\"b=2 / c>",
           "<script>if (a < b) document.write(\"</p>\");</script>",
           "<script>x</script >",
           "<SCRIPT>a<b</SCRIPT>",
           "<style>a > b { c: d }</style>",
           "<title>Título &amp; mais</title>",
           "<textarea><p>não é markup</p></textarea>",
           "<xmp><b>não é markup</b></xmp>",
           "<iframe><p>não é markup</p></iframe>",
           "<noembed><p>não é markup</p></noembed>",
           "<noframes><p>não é markup</p></noframes>",
           "<noscript><p>é markup</p></noscript>",
           "<select><option>Português</option><script>a<b</script></select>",
           "<select><option>x</option></select><style>a<b</style>",
           "<select><textarea><p>raw</p></textarea>",
           "<svg><title>Ícone</title><desc>descrição</desc><g><path d=\"M0\"/></g></svg>",
           "<svg><style>.a{fill:red}</style><script>x()</script></svg>",
           "<math><mi>x</mi><mo>=</mo><mn>2</mn></math>",
           "<svg/><math/>",
           "a < b",
           "<",
       }) {
    CAPTURE(sure);
    CHECK(check_same_tree(text + sure + text) == 2);
  }
}

TEST_CASE("random pages parse to the same tree with their plain text set aside") {
  const std::vector<std::string> pieces = {
      "Segunda a sexta-feira, das 9h às 17h",
      "  texto com espaços à volta, longo o bastante  ",
      "texto com &amp; referência e mais palavras",
      "linha um com palavras\nlinha dois com palavras",
      "retorno\r\ndo carro e palavras",
      "tab\tseparado e palavras suficientes",
      "nulo \0 e palavras suficientes",
      "controlo \x01\x7F e palavras suficientes",
      "C1 \xC2\x85 e não carácter \xEF\xB7\x90 e palavras",
      "😀 emoji e mais palavras aqui",
      "a < b e palavras suficientes",
      "&lt;p&gt; escrito como texto longo",
      "&amp",
      "&#65;",
      "\n",
      " ",
      "<p>",
      "</p>",
      "<div class=\"a>b\">",
      "</div>",
      "<a href='x>y' title=z>",
      "</a>",
      "<a href=x/>",
      "<br/>",
      "<img alt=\"imagem\">",
      "<table>",
      "<tr>",
      "<td>",
      "</td>",
      "</table>",
      "<caption>",
      "<colgroup>",
      "<col>",
      "<select>",
      "<option>",
      "</select>",
      "<input>",
      "<textarea>",
      "</textarea>",
      "<title>",
      "</title>",
      "<script>",
      "if (a<b) x();",
      "</script>",
      "<!--",
      "-->",
      "--!>",
      "<style>",
      "</style>",
      "<svg>",
      "<path d='M0'/>",
      "<g>",
      "</g>",
      "</svg>",
      "<math>",
      "<mi>",
      "</mi>",
      "</math>",
      "<desc>",
      "</desc>",
      "<foreignObject>",
      "<![CDATA[ x ]]>",
      "<!-- comentário -->",
      "<!-->",
      "<!DOCTYPE html>",
      "<?xml x?>",
      "</>",
      "</ x>",
      "<template>",
      "</template>",
      "<frameset>",
      "<pre>",
      "</pre>",
      "<xmp>",
      "</xmp>",
      "<iframe>",
      "</iframe>",
      "<noscript>",
      "</noscript>",
      "<head>",
      "</head>",
      "<body>",
      "</body>",
      "<html>",
      "</html>",
      "<li>",
      "<ul>",
      "<h1>",
      "<b>",
      "</b>",
      "<font color=red>",
      "<button>",
      "<form>",
      "<div title=\"sem fim",
      "\"",
      "'",
      "<",
      ">",
      "/",
      "=",
      "</script",
      "</title x='>'>",
  };
  std::size_t pages_with_runs = 0;
  freshcheck::test::for_random_texts(pieces, 24, 3000, [&](const std::string& page) {
    if (check_same_tree(page) > 0) ++pages_with_runs;
  });
  CHECK(pages_with_runs > 1000);  // the comparison means something only where text went aside
}
