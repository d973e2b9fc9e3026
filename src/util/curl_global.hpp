#pragma once
// libcurl's process-wide initialisation, done once by whichever stage needs curl first.

namespace freshcheck::util {

// Throws std::runtime_error when libcurl cannot be initialised (a broken installation).
void ensure_curl_initialised();

}  // namespace freshcheck::util
