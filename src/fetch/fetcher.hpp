#pragma once
// The fetch stage: many URLs at once on one thread with libcurl's multi interface. Every
// request ends as a FetchResult value: a page, "not modified", or an error kind with a
// message a person understands. A failed fetch is never a content change.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fetch/policy.hpp"
#include "http/headers.hpp"

namespace freshcheck::fetch {

struct FetchRequest {
  std::string id;  // the caller's label for logs and progress; results come back in request order
  std::string url;
  bool allow_private = false;  // may reach loopback/private addresses (tests, local sites)
  bool respect_robots = true;
  bool verify_tls = true;
  std::string etag;                            // from the snapshot: sent as If-None-Match
  std::string last_modified;                   // from the snapshot: sent as If-Modified-Since
  std::map<std::string, std::string> headers;  // extra request headers (per-host settings)
  std::vector<long> accepted_statuses;         // non-2xx codes this site uses for real pages
  // Per-site overrides of FetchOptions; unset means the run's default. Host-wide ones
  // (connections, delay) are taken from the first request to reach the host.
  std::optional<int> max_per_host;
  std::optional<Milliseconds> per_host_delay;
  std::optional<Milliseconds> total_timeout;
  std::optional<int> max_retries;
  std::optional<std::size_t> max_body_bytes;
  std::optional<std::string> user_agent;
  // Link checks: ask with HEAD first and fall back to GET when HEAD's answer is an error
  // status (servers that refuse or mishandle HEAD), after Retry-After when one was sent.
  bool head_first = false;
  // Link checks: keep at most this many bytes of a GET body and stop the transfer there; the
  // result is `ok` with the body's beginning (enough to recognise a bot wall).
  std::optional<std::size_t> keep_body_bytes;
  // Link checks of thousands of URLs: the result keeps only Content-Type and Retry-After, and
  // transfers use a small receive buffer, so memory stays flat.
  bool lean = false;
};

struct Hop {
  std::string url;
  long http_status = 0;
};

enum class Outcome { ok, not_modified, failed };

const char* to_string(Outcome outcome);

struct FetchResult {
  std::string id;
  std::string url;
  Outcome outcome = Outcome::failed;
  std::string final_url;
  long http_status = 0;
  std::vector<Hop> redirects;  // every hop before the final URL, with its status
  // Lower-case names: content-type, etag, last-modified, retry-after, server, ...
  http::Headers headers;
  std::string body;  // decompressed; empty unless outcome is ok
  int attempts = 0;
  Milliseconds elapsed{0};
  ErrorKind error = ErrorKind::none;
  std::string message;  // for people: what happened and what to do
};

struct FetchOptions {
  int max_concurrency = 16;
  int max_per_host = 3;  // government sites: a few connections at a time
  Milliseconds per_host_delay{0};
  Milliseconds connect_timeout{10'000};
  Milliseconds total_timeout{30'000};
  long low_speed_bytes_per_second = 100;
  Milliseconds low_speed_window{10'000};
  int max_redirects = 10;
  std::size_t max_body_bytes = 5u << 20;     // on the wire
  std::size_t max_decoded_bytes = 5u << 20;  // after gzip/deflate/br
  RetryPolicy retry;
  // Retry timed-out attempts. Link checks turn it off: a link that stayed silent for the
  // whole timeout is judged, not waited for twice.
  bool retry_timeouts = true;
  // Names the tool; rules add the maintainers' contact URL ("fetch": {"user_agent": ...}).
  std::string user_agent = "freshcheck/" FRESHCHECK_VERSION " (guide freshness checker)";
  std::string robots_product = "freshcheck";
  // Called on the fetch thread as each request finishes, for progress lines.
  std::function<void(const FetchResult&, std::size_t done, std::size_t total)> on_result;
  // Called on the fetch thread after on_result, with the request's index. It may take the
  // result (fetch_all then returns what it left in that place), so that a caller reads each
  // answer while the others are still on the wire and holds no more of them than it must.
  std::function<void(std::size_t index, FetchResult& result)> on_finished;
  // Random numbers in [0, 1) for retry jitter; injectable so tests are repeatable.
  std::function<double()> jitter;
};

std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests,
                                   const FetchOptions& options);

}  // namespace freshcheck::fetch
