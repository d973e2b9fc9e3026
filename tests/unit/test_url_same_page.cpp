// url::same_page: when a published link and where it led count as one page. A move is a
// link_redirected finding, so what does not count as one matters as much as what does.
#include <doctest/doctest.h>

#include "url/url.hpp"

using namespace freshcheck;

TEST_CASE("same_page ignores host case, a trailing slash and an upgrade to https") {
  CHECK(url::same_page("http://www.AIMA.gov.pt/pt/contactos",
                       "https://www.aima.gov.pt/pt/contactos/"));
  CHECK(url::same_page("https://a.pt/", "https://a.pt"));
}

TEST_CASE("same_page tells another path, query or host apart") {
  CHECK_FALSE(url::same_page("https://a.pt/contactos", "https://a.pt/pt/contactos"));
  CHECK_FALSE(url::same_page("https://a.pt/x?id=1", "https://a.pt/x?id=2"));
  CHECK_FALSE(url::same_page("https://a.pt/x", "https://b.pt/x"));
}

TEST_CASE("same_page compares text it cannot parse as it is written") {
  CHECK(url::same_page("not a url", "not a url"));
  CHECK_FALSE(url::same_page("not a url", "https://a.pt/"));
}
