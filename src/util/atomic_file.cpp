#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace freshcheck::util {
namespace {

core::Unexpected<core::Error> failure(const std::filesystem::path& path, const char* what) {
  return core::fail(
      fmt::format("cannot write {}: {} failed: {}; check the folder's permissions and free space",
                  path.string(), what, std::strerror(errno)));
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : ".";
}

std::filesystem::path temporary_for(const std::filesystem::path& path) {
  return folder_of(path) / fmt::format(".{}.tmp-{}", path.filename().string(), ::getpid());
}

// Writes `content` to `temporary`, synced to the disk when `sync`. Nothing is left on failure.
core::Result<void> write_temporary(const std::filesystem::path& temporary, std::string_view content,
                                   bool sync) {
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
  if (sync && ::fsync(file) != 0) {
    ::close(file);
    ::unlink(temporary.c_str());
    return failure(temporary, "fsync");
  }
  ::close(file);
  return {};
}

// A rename must reach the disk too: its folder is synced.
void sync_folder(const std::filesystem::path& folder) {
  if (const int directory = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      directory >= 0) {
    ::fsync(directory);
    ::close(directory);
  }
}

}  // namespace

core::Result<void> write_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path temporary = temporary_for(path);
  FC_TRY(write_temporary(temporary, content, /*sync=*/true));
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return failure(path, "rename");
  }
  sync_folder(folder_of(path));
  return {};
}

AtomicBatch::~AtomicBatch() {
  for (const Entry& entry : m_entries) ::unlink(entry.temporary.c_str());
}

core::Result<void> AtomicBatch::write(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path temporary = temporary_for(path);
  FC_TRY(write_temporary(temporary, content, /*sync=*/false));
  const std::lock_guard lock(m_mutex);
  const bool again = std::any_of(m_entries.begin(), m_entries.end(),
                                 [&](const Entry& entry) { return entry.target == path; });
  if (!again) m_entries.push_back({temporary, path});
  return {};
}

void AtomicBatch::remove_after_commit(const std::filesystem::path& path) {
  const std::lock_guard lock(m_mutex);
  m_removals.push_back(path);
}

core::Result<void> AtomicBatch::commit() {
  const std::lock_guard lock(m_mutex);
  if (m_entries.empty() && m_removals.empty()) return {};
  // One flush for every temporary: their bytes are on the disk before any takes its place.
  if (!m_entries.empty()) {
    const std::filesystem::path folder = folder_of(m_entries.front().target);
    const int directory = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory < 0 || ::syncfs(directory) != 0) {
      if (directory >= 0) ::close(directory);
      return failure(folder, "syncfs");
    }
    ::close(directory);
  }
  std::vector<std::filesystem::path> folders;
  for (std::size_t i = 0; i < m_entries.size(); ++i) {
    const Entry& entry = m_entries[i];
    if (::rename(entry.temporary.c_str(), entry.target.c_str()) != 0) {
      const auto failed = failure(entry.target, "rename");
      for (std::size_t j = i; j < m_entries.size(); ++j) ::unlink(m_entries[j].temporary.c_str());
      m_entries.clear();
      return failed;
    }
    const std::filesystem::path folder = folder_of(entry.target);
    if (std::find(folders.begin(), folders.end(), folder) == folders.end())
      folders.push_back(folder);
  }
  m_entries.clear();
  for (const auto& folder : folders) sync_folder(folder);
  for (const auto& path : m_removals) ::unlink(path.c_str());
  m_removals.clear();
  return {};
}

}  // namespace freshcheck::util
