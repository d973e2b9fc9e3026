#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace freshcheck::util {
namespace {

core::Unexpected<core::Error> failure(const std::filesystem::path& path, const char* what) {
  return core::fail(
      fmt::format("cannot write {}: {} failed: {}; check the folder's permissions and free space",
                  path.string(), what, std::strerror(errno)));
}

}  // namespace

core::Result<void> write_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  const std::filesystem::path temporary =
      folder / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
  const int file = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (file < 0) return failure(temporary, "open");
  for (std::size_t written = 0; written < content.size();) {
    const ssize_t n = ::write(file, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(file);
      ::unlink(temporary.c_str());
      return failure(temporary, "write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(file) != 0) {
    ::close(file);
    ::unlink(temporary.c_str());
    return failure(temporary, "fsync");
  }
  ::close(file);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return failure(path, "rename");
  }
  // The rename itself must reach the disk too.
  if (const int directory = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      directory >= 0) {
    ::fsync(directory);
    ::close(directory);
  }
  return {};
}

}  // namespace freshcheck::util
