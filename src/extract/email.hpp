#pragma once
// E-mail addresses in text: plain ones and the obfuscations official pages use
// ("geral [at] aima.gov.pt", "geral(arroba)aima.gov.pt", "geral at aima dot gov dot pt" is
// not taken: a bare "at" is too common in English prose).

#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::extract {

struct EmailMatch {
  std::string address;  // local part as written, domain lower-cased
  std::string raw;      // as written in the text
  bool obfuscated = false;
};

std::vector<EmailMatch> find_emails(std::string_view text);

// The addresses of a mailto: URL ("mailto:a@x.pt,b@x.pt?subject=..."), percent-decoded.
std::vector<std::string> addresses_in_mailto(std::string_view url);

// Lower-cases the domain, the part mail servers treat case-insensitively.
std::string normalise_address(std::string_view address);

}  // namespace freshcheck::extract
