// The link checker's pure parts: link collection with line numbers, verdict rules, tel:
// and mailto: checks, the cache file and the ignore file.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "links/cache.hpp"
#include "links/checker.hpp"
#include "links/collect.hpp"
#include "links/verdict.hpp"
#include "support.hpp"

using namespace freshcheck;
using links::Verdict;

namespace {

std::vector<std::string> urls_and_lines(const std::vector<links::FoundLink>& found) {
  std::vector<std::string> out;
  for (const auto& link : found) out.push_back(std::to_string(link.where.line) + " " + link.url);
  return out;
}

fetch::FetchResult answered(long status, std::vector<fetch::Hop> hops = {},
                            fetch::ErrorKind error = fetch::ErrorKind::none) {
  fetch::FetchResult result;
  result.url = hops.empty() ? "https://www.sns24.gov.pt/" : hops.front().url;
  result.final_url = "https://www.sns24.gov.pt/contactos";
  result.http_status = status;
  result.redirects = std::move(hops);
  result.outcome = error == fetch::ErrorKind::none ? fetch::Outcome::ok : fetch::Outcome::failed;
  result.error = error;
  result.message = "what happened";
  return result;
}

}  // namespace

TEST_CASE("Markdown links: inline, images, autolinks, references, raw <a>, bare URLs, lines") {
  const std::string text =
      "# Segurança Social\n"
      "Ligue [300 502 502](tel:+351300502502) ou escreva para "
      "<mailto:geral@seg-social.pt>.\n"
      "![logótipo](img/logo.png \"Logo\")\n"
      "Veja `https://exemplo.pt/codigo` e https://www.seg-social.pt/inicio.\n"
      "```\n"
      "[não](https://dentro-do-bloco.pt/)\n"
      "```\n"
      "[form]: https://www.seg-social.pt/formularios\n"
      "<a href=\"https://www.portaldocidadao.pt/\">Portal</a> (https://eportugal.gov.pt/)\n";
  const auto found = links::links_in_markdown(text, "guia.md", "https://guia.pt/docs/");
  CHECK(urls_and_lines(found) == std::vector<std::string>{
                                     "2 tel:+351300502502",
                                     "2 mailto:geral@seg-social.pt",
                                     "3 https://guia.pt/docs/img/logo.png",
                                     "4 https://www.seg-social.pt/inicio",
                                     "8 https://www.seg-social.pt/formularios",
                                     "9 https://www.portaldocidadao.pt/",
                                     "9 https://eportugal.gov.pt/",
                                 });
  CHECK(found[0].text == "300 502 502");
  CHECK(found[0].where.file == "guia.md");
  CHECK(found[5].text == "Portal");
}

TEST_CASE("Markdown links without a base keep relative links as written") {
  const auto found = links::links_in_markdown("[a](../outro.md)\n", "-", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].url == "../outro.md");
}

TEST_CASE("HTML links carry the line of their <a> tag and resolve against the page") {
  const std::string page =
      "<!DOCTYPE html>\n<html><body>\n<main>\n<p>Marcações:\n"
      "<a href=\"/marcacoes\">online</a></p>\n"
      "<p><a href=\"tel:808200200\">808 200 200</a></p>\n"
      "<script>var x = '<a href=\"/nao\">';</script>\n"
      "</main></body></html>\n";
  const auto found = links::links_in_html(page, "loja.html", "https://www.lojadocidadao.pt/pt/");
  CHECK(urls_and_lines(found) ==
        std::vector<std::string>{"5 https://www.lojadocidadao.pt/marcacoes", "6 tel:808200200"});
  CHECK(found[1].text == "808 200 200");
}

TEST_CASE("plain text links: bare addresses, sentence punctuation left out") {
  const auto found = links::links_in_text(
      "IEFP: https://www.iefp.pt/contactos.\n\n(ver https://www.iefp.pt/a_(b))\n", "notas.txt", "");
  CHECK(urls_and_lines(found) ==
        std::vector<std::string>{"1 https://www.iefp.pt/contactos", "3 https://www.iefp.pt/a_(b)"});
}

TEST_CASE("input formats are told by name, then by content") {
  CHECK(links::detect_format("a.HTML", "") == links::InputFormat::html);
  CHECK(links::detect_format("a.md", "<html>") == links::InputFormat::markdown);
  CHECK(links::detect_format("a.txt", "") == links::InputFormat::text);
  CHECK(links::detect_format("", "  <!doctype html><p>") == links::InputFormat::html);
  CHECK(links::detect_format("", "# Guia\n[a](b)") == links::InputFormat::markdown);
}

TEST_CASE("fragment targets: ids and names, quoted or not") {
  const auto anchors = links::anchors_in_html(
      "<h2 id=\"contactos\">C</h2><a name='horario'></a><div class=x id=mapa></div>"
      "<p data-id=\"falso\">");
  CHECK(anchors == std::vector<std::string>{"contactos", "horario", "mapa"});
  CHECK(links::fragment_of("https://x.pt/a#hor%C3%A1rio") == "horário");
  CHECK(links::without_fragment("https://x.pt/a#b") == "https://x.pt/a");
}

TEST_CASE("tel: links: parsed with libphonenumber and compared with the link text") {
  CHECK(links::judge_tel("tel:+351217115000", "217 115 000", "PT").verdict == Verdict::ok);
  CHECK(links::judge_tel("tel:217115000", "Centro de Contacto", "PT").verdict == Verdict::ok);
  CHECK(links::judge_tel("tel:%2B351%20217%20115%20000", "+351 217 115 000", "PT").verdict ==
        Verdict::ok);
  const auto different = links::judge_tel("tel:+351217115000", "Ligue 808 202 653", "PT");
  CHECK(different.verdict == Verdict::broken);
  CHECK(different.reason == "the link dials +351 21 711 5000 but its text shows +351 808 202 653");
  const auto nonsense = links::judge_tel("tel:12", "", "PT");
  CHECK(nonsense.verdict == Verdict::broken);
  CHECK(nonsense.reason.find("tel:12 is not a phone number") == 0);
}

TEST_CASE("mailto: links: every address must be valid syntax") {
  CHECK(links::judge_mailto("mailto:geral@aima.gov.pt").verdict == Verdict::ok);
  CHECK(links::judge_mailto("mailto:a@x.pt,b.c@y.pt?subject=Ol%C3%A1").verdict == Verdict::ok);
  CHECK(links::judge_mailto("mailto:").verdict == Verdict::broken);
  CHECK(links::judge_mailto("mailto:geral@aima").verdict == Verdict::broken);
  CHECK(links::judge_mailto("mailto:geral@@aima.gov.pt").verdict == Verdict::broken);
  CHECK(links::judge_mailto("mailto:a..b@x.pt").verdict == Verdict::broken);
  CHECK(links::is_valid_email_syntax("info@câmara-lisboa.pt"));
}

TEST_CASE("fetch results to verdicts") {
  using fetch::ErrorKind;
  CHECK(links::judge_fetch(answered(200), true).verdict == Verdict::ok);
  const auto permanent = links::judge_fetch(
      answered(200, {{"http://sns24.gov.pt/", 301}, {"https://www.sns24.gov.pt/", 302}}), true);
  CHECK(permanent.verdict == Verdict::redirected);
  CHECK(permanent.suggestion == "https://www.sns24.gov.pt/");
  CHECK(links::judge_fetch(answered(200, {{"https://a.pt/", 302}}), true).suggestion.empty());
  CHECK(links::judge_fetch(answered(404, {}, ErrorKind::http_status), true).verdict ==
        Verdict::broken);
  CHECK(links::judge_fetch(answered(403, {}, ErrorKind::http_status), true).verdict ==
        Verdict::blocked);
  const auto limited = links::judge_fetch(answered(429, {}, ErrorKind::http_status), true);
  CHECK(limited.verdict == Verdict::unchecked);
  CHECK(limited.network_problem);
  auto maintenance = answered(503, {}, ErrorKind::http_status);
  CHECK(links::judge_fetch(maintenance, true).verdict == Verdict::broken);
  maintenance.headers["retry-after"] = "3600";
  const auto later = links::judge_fetch(maintenance, true);
  CHECK(later.verdict == Verdict::unchecked);
  CHECK(later.network_problem);
  CHECK(links::judge_fetch(answered(0, {}, ErrorKind::dns), true).verdict == Verdict::broken);
  const auto offline = links::judge_fetch(answered(0, {}, ErrorKind::dns), false);
  CHECK(offline.verdict == Verdict::unchecked);
  CHECK(offline.network_problem);
  CHECK(links::judge_fetch(answered(0, {}, ErrorKind::tls), true).verdict == Verdict::broken);
  CHECK(links::judge_fetch(answered(200, {}, ErrorKind::blocked), true).verdict ==
        Verdict::blocked);
  const auto robots = links::judge_fetch(answered(0, {}, ErrorKind::robots_denied), true);
  CHECK(robots.verdict == Verdict::unchecked);
  CHECK_FALSE(robots.network_problem);
}

TEST_CASE("cache ages and the ignore file") {
  CHECK(links::parse_age("1d") == std::chrono::seconds(86'400));
  CHECK(links::parse_age("12h") == std::chrono::seconds(43'200));
  CHECK(links::parse_age("90") == std::chrono::seconds(90));
  CHECK_FALSE(links::parse_age("1w"));
  CHECK_FALSE(links::parse_age("h"));
  CHECK(links::parse_ignore_file("# comment\n^mailto:\n\n  \nlinkedin\\.com\n") ==
        std::vector<std::string>{"^mailto:", "linkedin\\.com"});
  CHECK_FALSE(links::Exclusions::compile({"(unclosed"}));
}

TEST_CASE("the cache keeps settled verdicts and forgets them after max age") {
  const auto path = std::filesystem::temp_directory_path() /
                    ("freshcheck-links-cache-" + std::to_string(::getpid()) + ".json");
  const auto now = links::LinkCache::Clock::now();
  auto cache = links::LinkCache::load(path, std::chrono::hours(24), now);
  links::LinkResult ok;
  ok.url = "https://www.iefp.pt/";
  ok.verdict = Verdict::redirected;
  ok.status = 200;
  ok.chain = {{"https://www.iefp.pt/", 301}, {"https://iefp.pt/", 200}};
  ok.where = {{"guia.md", 4}};
  links::LinkResult offline;
  offline.url = "https://www.at.gov.pt/";
  offline.network_problem = true;
  cache.store(ok, now);
  cache.store(offline, now);
  REQUIRE(cache.save(path));
  const auto again = links::LinkCache::load(path, std::chrono::hours(24), now);
  REQUIRE(again.find(ok.url));
  CHECK(again.find(ok.url)->chain.size() == 2);
  CHECK(again.find(ok.url)->from_cache);
  CHECK(again.find(ok.url)->where.empty());
  CHECK_FALSE(again.find(offline.url));
  const auto later =
      links::LinkCache::load(path, std::chrono::hours(24), now + std::chrono::hours(25));
  CHECK_FALSE(later.find(ok.url));
  std::filesystem::remove(path);
}
