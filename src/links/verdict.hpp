#pragma once
// Verdicts as pure functions: a fetch result, a tel: or a mailto: link in, a verdict with
// its reason out. No network here, so each rule is tested alone.

#include <string>
#include <string_view>
#include <vector>

#include "fetch/fetcher.hpp"
#include "links/link.hpp"

namespace freshcheck::links {

struct Judgement {
  Verdict verdict = Verdict::unchecked;
  std::string reason;
  std::string suggestion;
  bool network_problem = false;
};

// `network_up`: some link of the run got an HTTP answer, so a host that does not resolve
// or answer is the link's fault, not the network's.
Judgement judge_fetch(const fetch::FetchResult& result, bool network_up);

// The redirect chain of a result: each hop with its status, then the final URL.
std::vector<ChainHop> chain_of(const fetch::FetchResult& result);

// The URL a link should point to now: the end of the leading run of permanent redirects
// (301, 308). Empty when the first hop is temporary or there is none.
std::string permanent_target(const fetch::FetchResult& result);

// tel: must be a number libphonenumber reads in `region`, and the same number as the one
// the link text shows (when the text shows one).
Judgement judge_tel(std::string_view url, std::string_view text, std::string_view region);

// mailto: must hold at least one address, each of valid syntax.
Judgement judge_mailto(std::string_view url);

bool is_valid_email_syntax(std::string_view address);

// "https://x.pt/a#contactos" -> "contactos" (percent-decoded); empty without a fragment.
std::string fragment_of(std::string_view url);
std::string without_fragment(std::string_view url);

}  // namespace freshcheck::links
