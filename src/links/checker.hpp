#pragma once
// The link checker's engine: found links in, one verdict per distinct URL out. http(s)
// links go through the fetch stage (HEAD first, GET when HEAD is refused, no bodies beyond
// what a verdict needs, Retry-After honoured up to the timeout); tel:, mailto: and file:
// links are judged here without a network.

#include <chrono>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "links/cache.hpp"
#include "links/link.hpp"

namespace re2 {
class RE2;
}

namespace freshcheck::links {

// Compiled --exclude and .freshcheckignore patterns (RE2, matched anywhere in the URL).
class Exclusions {
 public:
  // Fails naming the first pattern that does not compile.
  static core::Result<Exclusions> compile(const std::vector<std::string>& patterns);
  // The pattern that matches `url`, or nothing.
  const std::string* match(const std::string& url) const;

 private:
  std::vector<std::shared_ptr<const re2::RE2>> m_patterns;
};

// The patterns of an ignore file: one a line, blank lines and "#" comments skipped.
std::vector<std::string> parse_ignore_file(std::string_view text);

struct CheckOptions {
  int concurrency = 64;                       // transfers at once, in total
  int max_per_host = 16;                      // of which at most this many to one host
  std::chrono::milliseconds timeout{20'000};  // per request; also caps Retry-After waits
  int retries = 2;
  std::chrono::milliseconds retry_base_delay{500};
  std::string user_agent;  // empty: freshcheck's own
  bool allow_private = false;
  bool respect_robots = true;
  bool fragments = false;  // check #fragment links against the page's ids and names
  std::string region = "PT";
  Exclusions exclusions;
  LinkCache* cache = nullptr;
  // Called as each fetch finishes, for a progress line.
  std::function<void(std::size_t done, std::size_t total)> on_progress;
};

// Takes the links by value: they are let go of once grouped, before the network phase,
// which is when the memory of a large run peaks.
std::vector<LinkResult> check_links(std::vector<FoundLink> found, const CheckOptions& options);

// Inputs: "-" (standard input), a file, or an http(s) URL (a published page). Relative links
// resolve against `base` when given, else the page's URL or the file's own file:// URL.
struct InputError {
  std::string message;
  bool network = false;  // a page that could not be fetched (exit 3), not a usage error
};

struct InputOptions {
  std::string base;
  bool allow_private = false;
  std::chrono::milliseconds timeout{20'000};
  std::string user_agent;
};

core::Result<std::vector<FoundLink>, InputError> collect_inputs(
    const std::vector<std::string>& inputs, const InputOptions& options,
    std::istream& standard_input);

}  // namespace freshcheck::links
