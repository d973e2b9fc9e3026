#pragma once
// One run at a time on a snapshots folder. `check` reads every snapshot, fetches for a
// while, then writes them back; `accept` rewrites them; the alert channels keep their memory
// there too. Two of these at once lose updates (a confirmation count, an accept undone by a
// check writing back what it read before, an issue opened twice), so each holds an exclusive
// flock(2) on "<snapshots>/.freshcheck.lock" for its whole run. The kernel drops the lock when
// its holder dies, however it dies, so a lock is never stale.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace freshcheck::store {

inline constexpr const char* k_state_lock_name = ".freshcheck.lock";

struct StateLockError {
  bool busy = false;  // another run held the lock for the whole wait (else: cannot lock at all)
  std::string message;
};

class StateLock {
 public:
  // Creates `folder` if needed and takes the lock, waiting up to `timeout` for another run
  // to finish. `on_wait` is called once, with the holder's pid (0 when unknown), when the
  // lock is busy at first try.
  static core::Result<StateLock, StateLockError> acquire(
      const std::filesystem::path& folder, std::chrono::milliseconds timeout,
      const std::function<void(long holder)>& on_wait = {});

  StateLock(StateLock&& other) noexcept;
  StateLock& operator=(StateLock&& other) noexcept;
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;
  ~StateLock();

  const std::filesystem::path& path() const { return m_path; }

 private:
  StateLock(int descriptor, std::filesystem::path path)
      : m_descriptor(descriptor), m_path(std::move(path)) {}

  int m_descriptor = -1;
  std::filesystem::path m_path;
};

}  // namespace freshcheck::store
