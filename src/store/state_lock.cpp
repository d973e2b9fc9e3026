#include "store/state_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace freshcheck::store {
namespace {

// The pid the holder wrote into the lock file; 0 when there is none (it is only for messages:
// the lock itself is the flock, which the kernel keeps right).
long holder_pid(int descriptor) {
  char text[32] = {};
  const ssize_t n = ::pread(descriptor, text, sizeof text - 1, 0);
  return n > 0 ? std::strtol(text, nullptr, 10) : 0;
}

std::string holder_words(long pid) {
  return pid > 0 ? fmt::format("another freshcheck run (pid {})", pid)
                 : std::string("another freshcheck run");
}

core::Unexpected<StateLockError> cannot_lock(const std::filesystem::path& path, const char* what) {
  return core::fail(StateLockError{
      false, fmt::format("cannot lock the snapshots folder: {} {} failed: {}; check the folder's "
                         "permissions",
                         what, path.string(), std::strerror(errno))});
}

}  // namespace

core::Result<StateLock, StateLockError> StateLock::acquire(
    const std::filesystem::path& folder, std::chrono::milliseconds timeout,
    const std::function<void(long holder)>& on_wait) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error)
    return core::fail(StateLockError{false, fmt::format("cannot create the snapshots folder {}: {}",
                                                        folder.string(), error.message())});
  const std::filesystem::path path = folder / k_state_lock_name;
  // O_CLOEXEC: a child process must not keep the lock alive after this run ends.
  const int descriptor = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (descriptor < 0) return cannot_lock(path, "open");
  StateLock lock(descriptor, path);

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool waited = false;
  while (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) return cannot_lock(path, "flock");
    if (!waited && on_wait) on_wait(holder_pid(descriptor));
    waited = true;
    if (std::chrono::steady_clock::now() >= deadline)
      return core::fail(StateLockError{
          true, fmt::format("{} still holds the snapshots folder {} after {} s (lock file {}); "
                            "nothing was read or written. Run again once it has finished, or "
                            "wait longer with --lock-timeout SECONDS",
                            holder_words(holder_pid(descriptor)), folder.string(),
                            std::chrono::duration_cast<std::chrono::seconds>(timeout).count(),
                            path.string())});
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Ours now: say who holds it, for the message another run shows while it waits.
  const std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(descriptor, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(descriptor, pid.data(), pid.size(), 0);
  }
  return lock;
}

StateLock::StateLock(StateLock&& other) noexcept
    : m_descriptor(std::exchange(other.m_descriptor, -1)), m_path(std::move(other.m_path)) {}

StateLock& StateLock::operator=(StateLock&& other) noexcept {
  if (this != &other) {
    if (m_descriptor >= 0) ::close(m_descriptor);
    m_descriptor = std::exchange(other.m_descriptor, -1);
    m_path = std::move(other.m_path);
  }
  return *this;
}

// Closing the descriptor releases the flock. The file stays: removing it would race with a
// run that has opened it and is about to lock it.
StateLock::~StateLock() {
  if (m_descriptor >= 0) ::close(m_descriptor);
}

}  // namespace freshcheck::store
