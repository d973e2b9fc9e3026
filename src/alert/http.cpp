#include "alert/http.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>
#include <new>

#include "http/headers.hpp"
#include "util/curl_global.hpp"

namespace freshcheck::alert {

namespace {

struct Transfer {
  HttpResponse response;
  std::size_t max_body_bytes = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer.response.body.size() + bytes > transfer.max_body_bytes) {
    transfer.too_large = true;
    return 0;  // aborts the transfer
  }
  transfer.response.body.append(data, bytes);
  return bytes;
}

struct CurlDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

void append(std::unique_ptr<curl_slist, SlistDeleter>& list, const std::string& header) {
  curl_slist* appended = curl_slist_append(list.get(), header.c_str());
  if (!appended) throw std::bad_alloc();  // the old list is still owned by `list`
  list.release();                         // now the head of `appended`
  list.reset(appended);
}

}  // namespace

core::Result<HttpResponse> send_request(const HttpRequest& request, const HttpLimits& limits,
                                        const std::string& description) {
  util::ensure_curl_initialised();
  std::unique_ptr<CURL, CurlDeleter> easy(curl_easy_init());
  if (!easy) return core::fail(fmt::format("{}: libcurl could not start a request", description));
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  // "Expect:" stops curl waiting for "100 Continue" before it sends a large body.
  for (const std::string& header : request.headers) append(headers, header);
  append(headers, "Expect:");

  Transfer transfer;
  transfer.max_body_bytes = limits.max_body_bytes;
  CURL* handle = easy.get();
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(limits.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.total_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, http::collect_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer.response.headers);
  if (request.method == "GET") {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }

  const CURLcode code = curl_easy_perform(handle);
  if (transfer.too_large)
    return core::fail(fmt::format("{}: the response was larger than {} bytes", description,
                                  limits.max_body_bytes));
  if (code != CURLE_OK)
    return core::fail(fmt::format("{}: no response ({})", description, curl_easy_strerror(code)));
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

}  // namespace freshcheck::alert
