// Links resolved against a page: a fragment keeps the page, and the join of a plain path
// to the page's origin gives what curl's full parse gives.
#include <doctest/doctest.h>

#include <string>

#include "url/url.hpp"

using namespace freshcheck;

TEST_CASE("a fragment-only link stays on its page") {
  const url::BaseUrl page("https://aima.gov.pt/pt/contactos?lang=pt#topo");
  CHECK(page.resolve("#formulario") == "https://aima.gov.pt/pt/contactos?lang=pt#formulario");
  CHECK(page.resolve(" #a b ") == "https://aima.gov.pt/pt/contactos?lang=pt#a%20b");
  CHECK(url::resolve("file:///tmp/p1.html", "#conteudo") == "file:///tmp/p1.html#conteudo");
}

TEST_CASE("a page's links resolve as curl's full parse resolves them") {
  // url::resolve parses the base for each link; BaseUrl joins plain paths to the origin.
  for (const std::string base :
       {"https://aima.gov.pt/pt/contactos?x=1#topo", "HTTPS://Www.AIMA.gov.pt:443/pt/",
        "http://127.0.0.1:8080/a/b/c.html", "https://user:secret@aima.gov.pt/",
        "file:///tmp/p1.html", "https://aima.gov.pt"}) {
    const url::BaseUrl page(base);
    for (const std::string reference : {"/page/75037",
                                        "/",
                                        "/pt/contactos",
                                        "/a.b/c-d_e~f",
                                        "/a/./b",
                                        "/a/../b",
                                        "/.well-known",
                                        "/a b",
                                        "/a%20b",
                                        "/a?b=c",
                                        "/a#b",
                                        "//other.pt/x",
                                        "page2.html",
                                        "../up",
                                        "?q=1",
                                        "",
                                        "https://example.pt/x",
                                        "mailto:a@b.pt",
                                        "tel:+351217115000",
                                        " /padded "}) {
      CAPTURE(base);
      CAPTURE(reference);
      CHECK(page.resolve(reference) == url::resolve(base, reference));
    }
  }
  CHECK(url::BaseUrl("https://aima.gov.pt/pt/contactos").resolve("/page/1") ==
        "https://aima.gov.pt/page/1");
  CHECK(url::BaseUrl("https://aima.gov.pt/pt/").resolve("/a/../b") == "https://aima.gov.pt/b");
}

TEST_CASE("a scheme is told in any case, and only before the first colon") {
  CHECK(url::has_scheme("tel:+351217115000", "tel"));
  CHECK(url::has_scheme("TEL:+351217115000", "tel"));
  CHECK(url::has_scheme("MailTo:a@b.pt", "mailto"));
  CHECK_FALSE(url::has_scheme("tel", "tel"));
  CHECK_FALSE(url::has_scheme("telx:1", "tel"));
  CHECK_FALSE(url::has_scheme("/tel:1", "tel"));
  CHECK_FALSE(url::has_scheme("https://a.pt/tel:1", "tel"));
  for (const std::string link : {"tel:1", "Tel:1", "mailto:a@b.pt", "javascript:void(0)",
                                 "data:text/plain,x", "https://a.pt", "x:y", ":tel", "tel"})
    for (const std::string scheme : {"tel", "mailto", "javascript", "data", "https"})
      CHECK_MESSAGE(url::has_scheme(link, scheme) == (url::scheme_of(link) == scheme), link);
}
