#include "http/headers.hpp"

#include "util/text.hpp"

namespace freshcheck::http {

void read_header_line(std::string_view line, Headers& headers) {
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();  // a new response: the earlier one's headers are not this body's
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  headers[util::ascii_lower(util::trim(line.substr(0, colon)))] =
      std::string(util::trim(line.substr(colon + 1)));
}

extern "C" std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user) {
  read_header_line(std::string_view(data, size * count), *static_cast<Headers*>(user));
  return size * count;
}

std::string header_value(const Headers& headers, std::string_view name) {
  const auto found = headers.find(std::string(name));
  return found == headers.end() ? std::string() : found->second;
}

}  // namespace freshcheck::http
