#include "util/curl_global.hpp"

#include <curl/curl.h>

#include <stdexcept>

namespace freshcheck::util {

void ensure_curl_initialised() {
  // A function-local static: initialised exactly once, thread-safe, no mutable global.
  static const bool initialised = [] {
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  }();
  if (!initialised) throw std::runtime_error("libcurl could not be initialised");
}

}  // namespace freshcheck::util
