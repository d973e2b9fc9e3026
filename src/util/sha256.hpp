#pragma once
// SHA-256 digests through OpenSSL's libcrypto (libssl-dev; libcurl links it already).

#include <string>
#include <string_view>

namespace freshcheck::util {

// The SHA-256 digest of `bytes` in base64 (RFC 4648, padded): the form a
// Content-Security-Policy source ('sha256-...') and Subresource Integrity take.
std::string sha256_base64(std::string_view bytes);

}  // namespace freshcheck::util
