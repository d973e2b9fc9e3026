// libcurl and libcrypto, bound late. freshcheck calls some twenty functions of libcurl and
// three of libcrypto; linked the usual way, every run would load them and their ~25
// dependencies (OpenSSL, GnuTLS, Kerberos, LDAP, libssh2, ...) before main: 8 ms and 6 MB,
// most of what an `extract` of an empty page or a `validate` costs. So the executable does
// not link them. It defines each function it calls here, with the library's own declaration,
// and each definition opens the library (dlopen by soname, once) on its first call and
// forwards to the library's own function. The executable exports none of these names, so
// the libraries never call them.
//
// A library that cannot be opened is a broken installation: the call throws
// std::runtime_error naming it, as the modules of util/module.hpp do.

// The type-checking macros of curl.h would rename curl_easy_setopt and curl_easy_getinfo.
#define CURL_DISABLE_TYPECHECK 1

#include <curl/curl.h>
#include <dlfcn.h>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <cstdarg>
#include <stdexcept>

namespace {

void* open_library(const char* soname) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw std::runtime_error(
        fmt::format("cannot load {}: {}; install it (on Debian 12, bash scripts/setup.sh does)",
                    soname, reason != nullptr ? reason : "unknown error"));
  }
  return handle;
}

void* curl_library() {
  static void* const handle = open_library("libcurl.so.4");
  return handle;
}

void* crypto_library() {
  static void* const handle = open_library("libcrypto.so.3");
  return handle;
}

// The library's own `name`, as a pointer of the type of our declaration of it.
template <class Function>
Function real(void* library, const char* name) {
  void* symbol = dlsym(library, name);
  if (symbol == nullptr)
    throw std::runtime_error(fmt::format("the installed library has no {}: upgrade it", name));
  return reinterpret_cast<Function>(symbol);
}

}  // namespace

// One forwarding definition: the real function is looked up on the first call (a
// function-local static: once, thread-safe) and called with the same arguments.
#define FRESHCHECK_LATE_BOUND(library, result, name, parameters, arguments) \
  extern "C" result name parameters {                                       \
    static const auto function = real<decltype(&name)>(library(), #name);   \
    return function arguments;                                              \
  }

FRESHCHECK_LATE_BOUND(curl_library, CURLcode, curl_global_init, (long flags), (flags))
FRESHCHECK_LATE_BOUND(curl_library, CURL*, curl_easy_init, (void), ())
FRESHCHECK_LATE_BOUND(curl_library, CURLcode, curl_easy_perform, (CURL * curl), (curl))
FRESHCHECK_LATE_BOUND(curl_library, void, curl_easy_cleanup, (CURL * curl), (curl))
FRESHCHECK_LATE_BOUND(curl_library, const char*, curl_easy_strerror, (CURLcode code), (code))
FRESHCHECK_LATE_BOUND(curl_library, char*, curl_easy_escape,
                      (CURL * curl, const char* text, int length), (curl, text, length))
FRESHCHECK_LATE_BOUND(curl_library, void, curl_free, (void* pointer), (pointer))
FRESHCHECK_LATE_BOUND(curl_library, curl_slist*, curl_slist_append,
                      (curl_slist * list, const char* data), (list, data))
FRESHCHECK_LATE_BOUND(curl_library, void, curl_slist_free_all, (curl_slist * list), (list))
FRESHCHECK_LATE_BOUND(curl_library, CURLM*, curl_multi_init, (void), ())
FRESHCHECK_LATE_BOUND(curl_library, CURLMcode, curl_multi_add_handle, (CURLM * multi, CURL* curl),
                      (multi, curl))
FRESHCHECK_LATE_BOUND(curl_library, CURLMcode, curl_multi_remove_handle,
                      (CURLM * multi, CURL* curl), (multi, curl))
FRESHCHECK_LATE_BOUND(curl_library, CURLMcode, curl_multi_perform, (CURLM * multi, int* running),
                      (multi, running))
FRESHCHECK_LATE_BOUND(curl_library, CURLMcode, curl_multi_cleanup, (CURLM * multi), (multi))
FRESHCHECK_LATE_BOUND(curl_library, CURLMsg*, curl_multi_info_read, (CURLM * multi, int* left),
                      (multi, left))
FRESHCHECK_LATE_BOUND(curl_library, CURLMcode, curl_multi_poll,
                      (CURLM * multi, curl_waitfd extra[], unsigned int count, int timeout_ms,
                       int* ready),
                      (multi, extra, count, timeout_ms, ready))
FRESHCHECK_LATE_BOUND(curl_library, CURLU*, curl_url, (void), ())
FRESHCHECK_LATE_BOUND(curl_library, void, curl_url_cleanup, (CURLU * url), (url))
FRESHCHECK_LATE_BOUND(curl_library, CURLU*, curl_url_dup, (CURLU * url), (url))
FRESHCHECK_LATE_BOUND(curl_library, CURLUcode, curl_url_get,
                      (CURLU * url, CURLUPart part, char** value, unsigned int flags),
                      (url, part, value, flags))
FRESHCHECK_LATE_BOUND(curl_library, CURLUcode, curl_url_set,
                      (CURLU * url, CURLUPart part, const char* value, unsigned int flags),
                      (url, part, value, flags))

FRESHCHECK_LATE_BOUND(crypto_library, const EVP_MD*, EVP_sha256, (void), ())
FRESHCHECK_LATE_BOUND(crypto_library, int, EVP_Digest,
                      (const void* data, size_t count, unsigned char* digest, unsigned int* size,
                       const EVP_MD* type, ENGINE* engine),
                      (data, count, digest, size, type, engine))
FRESHCHECK_LATE_BOUND(crypto_library, int, EVP_EncodeBlock,
                      (unsigned char* to, const unsigned char* from, int length),
                      (to, from, length))

#undef FRESHCHECK_LATE_BOUND

// The two variadic ones. A curl option's number says the type of its argument (curl.h's
// CURLOPTTYPE_* ranges), and every getinfo argument is a pointer.
//
// Their last named parameter is an enum, which clang warns va_start about (an argument that
// would be promoted). The declarations are libcurl's own, the enums are int-sized, and
// __builtin_va_start does not read that parameter on the ABIs Debian builds for.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wvarargs"
#endif
extern "C" CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  static const auto function =
      real<decltype(&curl_easy_setopt)>(curl_library(), "curl_easy_setopt");
  va_list arguments;
  va_start(arguments, option);
  CURLcode code = CURLE_OK;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    code = function(curl, option, va_arg(arguments, long));
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    code = function(curl, option, va_arg(arguments, void*));
  } else if (option < CURLOPTTYPE_OFF_T) {
    code = function(curl, option, va_arg(arguments, void (*)()));
  } else if (option < CURLOPTTYPE_BLOB) {
    code = function(curl, option, va_arg(arguments, curl_off_t));
  } else {
    code = function(curl, option, va_arg(arguments, void*));
  }
  va_end(arguments);
  return code;
}

extern "C" CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  static const auto function =
      real<decltype(&curl_easy_getinfo)>(curl_library(), "curl_easy_getinfo");
  va_list arguments;
  va_start(arguments, info);
  const CURLcode code = function(curl, info, va_arg(arguments, void*));
  va_end(arguments);
  return code;
}

#if defined(__clang__)
#pragma clang diagnostic pop
#endif
