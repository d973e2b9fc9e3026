#pragma once
// Writes a file so that a crash or kill at any moment leaves either the old content or the
// new, never a torn file: temp file in the same folder, fsync, rename, fsync the folder.

#include <filesystem>
#include <mutex>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace freshcheck::util {

core::Result<void> write_atomically(const std::filesystem::path& path, std::string_view content);

// Files that become durable together, with one flush instead of one per file: write() puts
// each in a temporary file beside its place, commit() syncs the file system once, renames
// every file into place in the order written, and syncs each folder once. A kill at any
// moment leaves each file old or new, never torn; before commit() every file is old (the
// temporaries, ".<name>.tmp-<pid>", are swept by the next run). Writes may come from
// several threads.
class AtomicBatch {
 public:
  AtomicBatch() = default;
  AtomicBatch(const AtomicBatch&) = delete;
  AtomicBatch& operator=(const AtomicBatch&) = delete;
  ~AtomicBatch();  // a batch never committed leaves the old files, and removes its temporaries

  core::Result<void> write(const std::filesystem::path& path, std::string_view content);
  // `path` is removed once the batch is committed (a file the new ones no longer name).
  void remove_after_commit(const std::filesystem::path& path);
  core::Result<void> commit();

 private:
  struct Entry {
    std::filesystem::path temporary;
    std::filesystem::path target;
  };
  std::mutex m_mutex;
  std::vector<Entry> m_entries;
  std::vector<std::filesystem::path> m_removals;
};

}  // namespace freshcheck::util
