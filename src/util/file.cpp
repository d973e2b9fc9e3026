#include "util/file.hpp"

#include <array>
#include <fstream>
#include <system_error>

namespace freshcheck::util {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  // A regular file's size is known: one allocation and one read straight into the string (a
  // string stream grew its buffer and copied the bytes three times).
  std::error_code error;
  if (const std::uintmax_t expected = std::filesystem::file_size(path, error); !error) {
    bytes.resize(static_cast<std::size_t>(expected));
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));  // the file may have shrunk since
    if (in.bad()) return std::nullopt;
    if (bytes.size() < expected) return bytes;
  }
  // The rest, or all of it for what has no size (a pipe): in chunks, until the end.
  std::array<char, 1 << 16> chunk;
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
    bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return std::nullopt;
  return bytes;
}

}  // namespace freshcheck::util
