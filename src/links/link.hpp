#pragma once
// The link checker's vocabulary: a link found in an input (with where it was written), and
// the verdict on it. Shared by the collectors, the engine and the writers.

#include <string>
#include <vector>

namespace freshcheck::links {

// Where a link was written: a file (or URL, or "stdin") and a 1-based line (0: unknown).
struct Where {
  std::string file;
  int line = 0;
  bool operator==(const Where&) const = default;
};

struct FoundLink {
  std::string url;   // absolute (http, https, file, mailto, tel, ...) or as written
  std::string text;  // what the reader sees: a tel: link's number is compared with it
  Where where;
};

enum class Verdict { ok, redirected, broken, blocked, unchecked };

const char* to_string(Verdict verdict);

struct ChainHop {
  std::string url;
  long status = 0;
};

// One URL's verdict, with every place it was written.
struct LinkResult {
  std::string url;
  Verdict verdict = Verdict::unchecked;
  long status = 0;  // the last HTTP status seen, 0 when there was none
  std::string final_url;
  std::vector<ChainHop> chain;  // every redirect hop, then the final URL
  // Why: for broken, blocked and unchecked the reason; for a permanent redirect where to
  // point the link now. Empty for a plain ok.
  std::string reason;
  std::string suggestion;        // a permanent redirect's target: the URL to write instead
  bool network_problem = false;  // unchecked because of the network (exit 3), not by choice
  bool from_cache = false;
  std::vector<Where> where;
};

struct Summary {
  std::size_t total = 0, ok = 0, redirected = 0, broken = 0, blocked = 0, unchecked = 0;
  std::size_t network_problems = 0;
};

Summary summarise(const std::vector<LinkResult>& results);

}  // namespace freshcheck::links
