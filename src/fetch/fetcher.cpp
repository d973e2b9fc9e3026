#include "fetch/fetcher.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <memory>
#include <random>

#include "fetch/robots.hpp"
#include "http/headers.hpp"
#include "http/retry_after.hpp"
#include "url/url.hpp"
#include "util/curl_global.hpp"
#include "util/text.hpp"

namespace freshcheck::fetch {

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok:
      return "ok";
    case Outcome::not_modified:
      return "not_modified";
    case Outcome::failed:
      return "failed";
  }
  return "failed";
}

namespace {

using Clock = std::chrono::steady_clock;

// The proxy curl will use for `parts`, from the usual environment variables, or "".
std::string proxy_for(const url::UrlParts& parts) {
  const auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  std::string no_proxy = env("no_proxy");
  if (no_proxy.empty()) no_proxy = env("NO_PROXY");
  for (const std::string_view piece : util::split(no_proxy, ',')) {
    std::string entry = util::ascii_lower(piece);
    if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (entry.empty()) continue;
    const bool subdomain =
        parts.host.size() > entry.size() && parts.host.compare(parts.host.size() - entry.size() - 1,
                                                               std::string::npos, "." + entry) == 0;
    if (entry == "*" || parts.host == entry || subdomain) return {};
  }
  std::string proxy = parts.scheme == "https" ? env("https_proxy") : env("http_proxy");
  if (proxy.empty() && parts.scheme == "https") proxy = env("HTTPS_PROXY");
  if (proxy.empty()) proxy = env("all_proxy");
  if (proxy.empty()) proxy = env("ALL_PROXY");
  return proxy;
}

struct HostState;

// One request's journey through redirects and retries.
struct Job {
  std::size_t index = 0;
  const FetchRequest* request = nullptr;
  std::string url;  // the current hop
  std::vector<Hop> hops;
  int attempt = 0;  // on the current hop
  int total_attempts = 0;
  Clock::time_point started;
  Clock::time_point first_attempt;  // when its first transfer started: the wait budget's start
  bool robots = false;              // fetching a host's robots.txt, not a source
  bool use_get = false;             // a head_first request whose HEAD was refused: GET from now on
  std::string host_key;
  HostState* host = nullptr;  // m_hosts's entry for host_key (std::map: stable address)
};

// One attempt in flight: an easy handle and what its callbacks saw.
struct Transfer {
  Job* job = nullptr;
  CURL* easy = nullptr;
  curl_slist* request_headers = nullptr;
  std::string body;
  http::Headers headers;  // the last response's, filled by http::collect_header
  std::size_t max_body = 0;
  std::size_t max_decoded = 0;
  std::size_t keep_bytes = 0;  // keep_body_bytes of the request; 0 for the whole body
  bool kept_enough = false;    // stopped on purpose after keep_bytes
  bool head = false;
  bool too_large = false;
  bool allow_private = false;
  bool proxied = false;
  std::string refused_address;
  std::string user_agent;  // curl keeps a pointer to it
  char error_buffer[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (request_headers) curl_slist_free_all(request_headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

struct HostState {
  int active = 0;
  int max_active = 0;
  Milliseconds delay{0};
  Clock::time_point next_start{};
  enum class Robots { unknown, fetching, ready } robots = Robots::unknown;
  RobotsRules rules = RobotsRules::allow_all();
  std::vector<Job*> waiting_for_robots;
};

extern "C" size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->keep_bytes > 0 && transfer->body.size() + bytes >= transfer->keep_bytes) {
    transfer->body.append(data, transfer->keep_bytes - transfer->body.size());
    transfer->kept_enough = true;
    return 0;  // ends the transfer: the caller asked for the beginning only
  }
  // Counted after decompression: a small gzip body can inflate to gigabytes.
  if (transfer->body.size() + bytes > transfer->max_decoded) {
    transfer->too_large = true;
    return 0;
  }
  transfer->body.append(data, bytes);
  return bytes;
}

extern "C" int check_wire_size(void* user, curl_off_t, curl_off_t downloaded, curl_off_t,
                               curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  if (static_cast<std::size_t>(downloaded) > transfer->max_body) {
    transfer->too_large = true;
    return 1;
  }
  return 0;
}

// Refuses private addresses at connect time, on the address DNS actually returned, so that
// neither a redirect nor a DNS answer can lead to loopback or cloud metadata.
extern "C" curl_socket_t open_checked_socket(void* user, curlsocktype,
                                             struct curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (!transfer->allow_private && !transfer->proxied) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw = address->family == AF_INET6
                          ? static_cast<const void*>(
                                &reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_addr)
                          : static_cast<const void*>(
                                &reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_addr);
    inet_ntop(address->family, raw, text, sizeof text);
    if (is_private_address(text)) {
      transfer->refused_address = text;
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

ErrorKind error_kind_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ErrorKind::dns;
    case CURLE_COULDNT_CONNECT:
      return ErrorKind::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorKind::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return ErrorKind::tls;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return ErrorKind::reset;
    case CURLE_FILESIZE_EXCEEDED:
      return ErrorKind::too_large;
    case CURLE_BAD_CONTENT_ENCODING:
      return ErrorKind::decoding;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return ErrorKind::unsupported_scheme;
    default:
      return ErrorKind::other;
  }
}

// Everything in a result but the body ends up as text in reports and snapshots, which must
// be valid UTF-8: a header, a Location or a curl message quoting a server with Latin-1
// bytes must not stop the run. The body stays bytes; the reader decodes it by its charset.
void make_text_valid(FetchResult& result) {
  result.final_url = util::to_valid_utf8(result.final_url);
  result.message = util::to_valid_utf8(result.message);
  for (Hop& hop : result.redirects) hop.url = util::to_valid_utf8(hop.url);
  std::map<std::string, std::string> headers;
  for (auto& [name, value] : result.headers)
    headers[util::to_valid_utf8(name)] = util::to_valid_utf8(value);
  result.headers = std::move(headers);
}

std::string seconds(Milliseconds duration) {
  return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

class Fetcher {
 public:
  Fetcher(const FetchOptions& options, std::size_t total)
      : m_options(options),
        m_multi(curl_multi_init()),
        m_results(total),
        m_random(std::random_device{}()) {
    if (!m_multi) throw std::runtime_error("libcurl could not create a multi handle");
  }
  ~Fetcher() {
    for (auto& [easy, transfer] : m_transfers) curl_multi_remove_handle(m_multi, easy);
    m_transfers.clear();
    curl_multi_cleanup(m_multi);
  }

  std::vector<FetchResult> run(const std::vector<FetchRequest>& requests) {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      auto job = std::make_unique<Job>();
      job->index = i;
      job->request = &requests[i];
      job->url = requests[i].url;
      job->started = Clock::now();
      m_results[i].id = requests[i].id;
      m_results[i].url = requests[i].url;
      enqueue(job.get());
      m_jobs.push_back(std::move(job));
    }
    while (m_done < requests.size()) {
      release_due_timers();
      start_ready();
      int running = 0;
      curl_multi_perform(m_multi, &running);
      int left = 0;
      while (CURLMsg* message = curl_multi_info_read(m_multi, &left)) {
        if (message->msg != CURLMSG_DONE) continue;
        const CURLcode code = message->data.result;
        CURL* easy = message->easy_handle;
        curl_multi_remove_handle(m_multi, easy);
        auto found = m_transfers.find(easy);
        std::unique_ptr<Transfer> transfer = std::move(found->second);
        m_transfers.erase(found);
        finish(*transfer, code);
      }
      if (m_done >= requests.size()) break;
      curl_multi_poll(m_multi, nullptr, 0, static_cast<int>(wait_time().count()), nullptr);
    }
    return std::move(m_results);
  }

 private:
  HostState& host_of(Job* job) {
    if (job->host) return *job->host;
    if (job->host_key.empty()) {
      if (const auto parts = url::split(job->url))
        job->host_key = fmt::format("{}://{}:{}", parts->scheme, parts->host, parts->port);
    }
    auto [found, created] = m_hosts.try_emplace(job->host_key);
    if (created) {
      found->second.max_active = job->request->max_per_host.value_or(m_options.max_per_host);
      found->second.delay = job->request->per_host_delay.value_or(m_options.per_host_delay);
    }
    job->host = &found->second;
    return found->second;
  }

  // Puts a job in the ready queue, after its host's robots.txt is known.
  void enqueue(Job* job) {
    job->host_key.clear();
    job->host = nullptr;
    const auto parts = url::split(job->url);
    if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
      fail(job, ErrorKind::unsupported_scheme,
           fmt::format("{} is not an http(s) URL; freshcheck fetches only http:// and https://",
                       job->url));
      return;
    }
    HostState& host = host_of(job);
    if (job->robots || !job->request->respect_robots) {
      m_ready.push_back(job);
      return;
    }
    switch (host.robots) {
      case HostState::Robots::ready:
        if (!host.rules.allows(parts->path_and_query)) {
          fail(
              job, ErrorKind::robots_denied,
              fmt::format("robots.txt of {} disallows {} for {}; set \"robots\": false in the rule "
                          "only if the site owner agrees",
                          parts->host, parts->path_and_query, m_options.robots_product));
          return;
        }
        m_ready.push_back(job);
        return;
      case HostState::Robots::fetching:
        host.waiting_for_robots.push_back(job);
        return;
      case HostState::Robots::unknown: {
        host.robots = HostState::Robots::fetching;
        host.waiting_for_robots.push_back(job);
        auto robots = std::make_unique<Job>();
        robots->request = job->request;
        robots->url = fmt::format(
            "{}://{}{}/robots.txt", parts->scheme,
            parts->host.find(':') != std::string::npos ? "[" + parts->host + "]" : parts->host,
            fmt::format(":{}", parts->port));
        robots->robots = true;
        robots->started = Clock::now();
        m_ready.push_back(robots.get());
        m_jobs.push_back(std::move(robots));
        return;
      }
    }
  }

  void release_due_timers() {
    const auto now = Clock::now();
    while (!m_timers.empty() && m_timers.begin()->first <= now) {
      Job* job = m_timers.begin()->second;
      m_timers.erase(m_timers.begin());
      m_ready.push_back(job);
    }
  }

  void start_ready() {
    const auto now = Clock::now();
    for (auto it = m_ready.begin(); it != m_ready.end();) {
      if (static_cast<int>(m_transfers.size()) >= m_options.max_concurrency) return;
      HostState& host = host_of(*it);
      if (host.active >= host.max_active || now < host.next_start) {
        ++it;
        continue;
      }
      Job* job = *it;
      it = m_ready.erase(it);
      start(job, host);
    }
  }

  // How long to sleep: until the next retry is due or a host's delay ends, at most 1 s.
  Milliseconds wait_time() const {
    auto wait = Milliseconds{1000};
    const auto now = Clock::now();
    const auto until = [&](Clock::time_point when) {
      return std::max(Milliseconds{0}, std::chrono::duration_cast<Milliseconds>(when - now));
    };
    if (!m_timers.empty()) wait = std::min(wait, until(m_timers.begin()->first));
    // With every connection busy only a finished transfer can start another, and curl
    // wakes the poll for that; scanning the queue would cost CPU for nothing.
    if (static_cast<int>(m_transfers.size()) >= m_options.max_concurrency) return wait;
    for (Job* job : m_ready) {
      const HostState* host = job->host;
      if (host != nullptr && host->active < host->max_active)
        wait = std::min(wait, until(host->next_start));
    }
    return wait;
  }

  void start(Job* job, HostState& host) {
    const FetchRequest& request = *job->request;
    auto transfer = std::make_unique<Transfer>();
    transfer->job = job;
    transfer->max_body = request.max_body_bytes.value_or(m_options.max_body_bytes);
    transfer->max_decoded = request.max_body_bytes.value_or(m_options.max_decoded_bytes);
    transfer->allow_private = request.allow_private;
    transfer->head = request.head_first && !job->use_get && !job->robots;
    if (!job->robots && request.keep_body_bytes) transfer->keep_bytes = *request.keep_body_bytes;
    const auto parts = url::split(job->url);
    const std::string proxy = parts ? proxy_for(*parts) : std::string();
    transfer->proxied = !proxy.empty();
    if (transfer->proxied) spdlog::debug("{}: through proxy {}", job->url, proxy);

    CURL* easy = curl_easy_init();
    if (!easy) throw std::runtime_error("libcurl could not create a transfer handle");
    transfer->easy = easy;
    curl_easy_setopt(easy, CURLOPT_URL, job->url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);   // hops are checked and recorded here
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl can decode
    transfer->user_agent = request.user_agent.value_or(m_options.user_agent);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, transfer->user_agent.c_str());
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(m_options.connect_timeout.count()));
    curl_easy_setopt(
        easy, CURLOPT_TIMEOUT_MS,
        static_cast<long>(request.total_timeout.value_or(m_options.total_timeout).count()));
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, m_options.low_speed_bytes_per_second);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, static_cast<long>(m_options.low_speed_window.count() / 1000)));
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer->max_body));
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error_buffer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, http::collect_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer->headers);
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, check_wire_size);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, transfer.get());
    if (transfer->head) curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    if (request.lean) curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 4096L);

    if (!job->robots) {
      if (!request.etag.empty())
        transfer->request_headers = curl_slist_append(transfer->request_headers,
                                                      ("If-None-Match: " + request.etag).c_str());
      if (!request.last_modified.empty())
        transfer->request_headers = curl_slist_append(
            transfer->request_headers, ("If-Modified-Since: " + request.last_modified).c_str());
      for (const auto& [name, value] : request.headers)
        transfer->request_headers =
            curl_slist_append(transfer->request_headers, (name + ": " + value).c_str());
      if (transfer->request_headers)
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->request_headers);
    }

    if (job->total_attempts == 0) job->first_attempt = Clock::now();
    ++job->attempt;
    ++job->total_attempts;
    ++host.active;
    host.next_start = Clock::now() + host.delay;
    curl_multi_add_handle(m_multi, easy);
    m_transfers.emplace(easy, std::move(transfer));
  }

  // Classifies a finished attempt: a page, a redirect to follow, a retry to schedule, or a
  // failure. Partial bodies of failed transfers are dropped here, never stored.
  void finish(Transfer& transfer, CURLcode code) {
    Job* job = transfer.job;
    if (code == CURLE_WRITE_ERROR && transfer.kept_enough) code = CURLE_OK;
    --host_of(job).active;
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);

    if (!transfer.refused_address.empty())
      return fail(job, ErrorKind::private_address,
                  fmt::format("refused to connect to {} for {}: a private or local address; set "
                              "\"allow_private\": true in the rule for local sites",
                              transfer.refused_address, job->url));
    if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED)
      return fail(
          job, ErrorKind::too_large,
          fmt::format(
              "{} sent more than {} bytes (counted after decompression); the page "
              "was not read. Raise the rule's max_body_bytes if the page is really that big",
              job->url, std::min(transfer.max_body, transfer.max_decoded)),
          status);

    AttemptOutcome attempt{ErrorKind::none, status, std::nullopt};
    std::string message;
    if (code != CURLE_OK) {
      attempt.error = error_kind_of(code);
      const std::string detail =
          transfer.error_buffer[0] ? transfer.error_buffer : curl_easy_strerror(code);
      message = describe_failure(attempt.error, job->url, detail);
    } else if (status >= 300 && status < 400 && status != 304) {
      char* location = nullptr;
      curl_easy_getinfo(transfer.easy, CURLINFO_REDIRECT_URL, &location);
      if (location) return follow_redirect(job, status, location);
    }
    if (code == CURLE_OK) {
      const bool conditional =
          !job->robots && (!job->request->etag.empty() || !job->request->last_modified.empty());
      if (status == 304 && conditional)
        return succeed(job, transfer, status, Outcome::not_modified);
      if (is_bot_wall(status, transfer.headers, transfer.body))
        return fail(job, ErrorKind::blocked,
                    fmt::format("{} answered with a bot wall or challenge page (HTTP {}): the page "
                                "could not be verified, which says nothing about its content",
                                job->url, status),
                    status);
      const auto& accepted = job->request->accepted_statuses;
      if ((status >= 200 && status < 300) ||
          (!job->robots && std::find(accepted.begin(), accepted.end(), status) != accepted.end()))
        return succeed(job, transfer, status, Outcome::ok);
      attempt.error = ErrorKind::http_status;
      message = fmt::format("HTTP {} from {}", status, job->url);
      if (const auto header = transfer.headers.find("retry-after");
          header != transfer.headers.end()) {
        const auto now = std::chrono::system_clock::now();
        attempt.retry_after = http::parse_retry_after(header->second, now);
        // A wait of days would hold the whole run: this source ends now, the rest go on.
        if (const auto reason =
                retry_after_beyond_budget(attempt, header->second, remaining_wait(job), now))
          return fail(job, ErrorKind::rate_limited,
                      fmt::format("{}: the server {}", message, *reason), status);
      }
      if (transfer.head && status >= 400) return fall_back_to_get(job, attempt);
    }

    const int max_retries = job->request->max_retries.value_or(m_options.retry.max_retries);
    const bool retry_allowed = attempt.error != ErrorKind::timeout || m_options.retry_timeouts;
    if (retry_allowed && is_retryable(attempt) && job->attempt <= max_retries) {
      const Milliseconds delay = retry_delay(attempt, job->attempt, m_options.retry, jitter());
      spdlog::debug("{}; retry {} of {} in {}", message, job->attempt, max_retries, seconds(delay));
      m_timers.emplace(Clock::now() + delay, job);
      return;
    }
    FetchResult result;
    result.error = attempt.error;
    result.message =
        job->attempt > 1 ? fmt::format("{} (after {} attempts)", message, job->attempt) : message;
    result.http_status = status;
    result.headers = kept_headers(*job, transfer);
    complete(job, std::move(result));
  }

  // What is left of the time `job` may spend waiting on Retry-After.
  Milliseconds remaining_wait(const Job* job) const {
    const Milliseconds budget = m_options.retry.wait_budget.value_or(
        job->request->total_timeout.value_or(m_options.total_timeout));
    return budget - std::chrono::duration_cast<Milliseconds>(Clock::now() - job->first_attempt);
  }

  // HEAD got an error status: some servers refuse or mishandle HEAD, so the answer that
  // counts is GET's. It goes at once, or after Retry-After (or the back-off, for a 429)
  // when the server asked to wait; it is not counted as a retry.
  void fall_back_to_get(Job* job, const AttemptOutcome& attempt) {
    job->use_get = true;
    job->attempt = 0;
    if (!attempt.retry_after && attempt.http_status != 429) {
      m_ready.push_back(job);
      return;
    }
    const Milliseconds delay = retry_delay(attempt, 1, m_options.retry, jitter());
    spdlog::debug("HTTP {} to HEAD {}; GET in {}", attempt.http_status, job->url, seconds(delay));
    m_timers.emplace(Clock::now() + delay, job);
  }

  static std::map<std::string, std::string> kept_headers(const Job& job, Transfer& transfer) {
    if (!job.request->lean) return std::move(transfer.headers);
    std::map<std::string, std::string> kept;
    for (const char* name : {"content-type", "retry-after"})
      if (auto found = transfer.headers.find(name); found != transfer.headers.end())
        kept.insert(std::move(*found));
    return kept;
  }

  void succeed(Job* job, Transfer& transfer, long status, Outcome outcome) {
    FetchResult result;
    result.outcome = outcome;
    result.http_status = status;
    result.headers = kept_headers(*job, transfer);
    if (outcome == Outcome::ok) result.body = std::move(transfer.body);
    complete(job, std::move(result));
  }

  void follow_redirect(Job* job, long status, const std::string& next) {
    job->hops.push_back({job->url, status});
    const std::string from = url::scheme_of(job->url);
    const std::string to = url::scheme_of(next);
    if (to != "http" && to != "https")
      return fail(
          job, ErrorKind::redirect_scheme,
          fmt::format("{} redirects to {}, which is not http(s); freshcheck does not follow it",
                      job->url, next),
          status);
    if (from == "https" && to == "http")
      return fail(
          job, ErrorKind::redirect_downgrade,
          fmt::format("{} redirects from https to plain http ({}); freshcheck does not downgrade",
                      job->url, next),
          status);
    const bool seen_before = std::any_of(job->hops.begin(), job->hops.end(),
                                         [&](const Hop& hop) { return hop.url == next; });
    if (seen_before)
      return fail(job, ErrorKind::redirect_loop,
                  fmt::format("redirect loop: {} leads back to {} after {} hops", job->url, next,
                              job->hops.size()),
                  status);
    if (static_cast<int>(job->hops.size()) > m_options.max_redirects)
      return fail(job, ErrorKind::redirect_limit,
                  fmt::format("more than {} redirects starting at {}", m_options.max_redirects,
                              job->request->url),
                  status);
    job->url = next;
    job->attempt = 0;
    enqueue(job);
  }

  static std::string describe_failure(ErrorKind kind, const std::string& url,
                                      const std::string& detail) {
    switch (kind) {
      case ErrorKind::dns:
        return fmt::format("cannot resolve the host of {} ({}); check the address and the network",
                           url, detail);
      case ErrorKind::connect:
        return fmt::format("cannot connect to {} ({})", url, detail);
      case ErrorKind::tls:
        return fmt::format(
            "TLS failed for {} ({}); the certificate is not trusted or the handshake failed", url,
            detail);
      case ErrorKind::timeout:
        return fmt::format("{} did not answer in time ({}): connect, total or slow-transfer limit",
                           url, detail);
      case ErrorKind::reset:
        return fmt::format(
            "the connection to {} broke before the page was complete ({}); the partial "
            "body was discarded",
            url, detail);
      case ErrorKind::decoding:
        return fmt::format("{} sent a body its Content-Encoding does not describe ({})", url,
                           detail);
      default:
        return fmt::format("fetching {} failed: {}", url, detail);
    }
  }

  void complete(Job* job, FetchResult result) {
    if (job->robots) return robots_done(job, result);
    result.id = job->request->id;
    result.url = job->request->url;
    result.attempts = job->total_attempts;
    result.redirects = job->hops;
    if (result.final_url.empty()) result.final_url = job->url;
    make_text_valid(result);
    result.elapsed = std::chrono::duration_cast<Milliseconds>(Clock::now() - job->started);
    m_results[job->index] = std::move(result);
    ++m_done;
    if (m_options.on_result) m_options.on_result(m_results[job->index], m_done, m_results.size());
    if (m_options.on_finished) m_options.on_finished(job->index, m_results[job->index]);
  }

  void fail(Job* job, ErrorKind kind, std::string message, long http_status = 0) {
    FetchResult result;
    result.outcome = Outcome::failed;
    result.error = kind;
    result.message = std::move(message);
    result.http_status = http_status;
    complete(job, std::move(result));
  }

  void robots_done(Job* job, const FetchResult& result) {
    HostState& host = host_of(job);
    host.robots = HostState::Robots::ready;
    if (result.outcome == Outcome::ok && result.http_status == 200) {
      host.rules = RobotsRules::parse(result.body, m_options.robots_product);
    } else if (result.outcome == Outcome::failed && result.error != ErrorKind::http_status) {
      // An unreachable robots.txt says nothing; the page's own fetch will show the failure.
      spdlog::debug("{}: {}", job->url, result.message);
    }
    std::vector<Job*> waiting = std::move(host.waiting_for_robots);
    host.waiting_for_robots.clear();
    for (Job* parked : waiting) enqueue(parked);
  }

  double jitter() {
    if (m_options.jitter) return m_options.jitter();
    return std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
  }

  const FetchOptions& m_options;
  CURLM* m_multi;
  std::vector<FetchResult> m_results;
  std::size_t m_done = 0;
  std::vector<std::unique_ptr<Job>> m_jobs;
  std::deque<Job*> m_ready;
  std::multimap<Clock::time_point, Job*> m_timers;
  std::map<std::string, HostState> m_hosts;
  std::map<CURL*, std::unique_ptr<Transfer>> m_transfers;
  std::mt19937_64 m_random;
};

}  // namespace

std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests,
                                   const FetchOptions& options) {
  util::ensure_curl_initialised();
  if (requests.empty()) return {};
  return Fetcher(options, requests.size()).run(requests);
}

}  // namespace freshcheck::fetch
