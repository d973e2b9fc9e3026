#pragma once
// Verdicts kept between runs (--cache FILE), as lychee's cache: a URL checked less than
// --max-cache-age ago is not fetched again. Only settled verdicts are kept (ok, redirected,
// broken); blocked and unchecked links, and anything the network got in the way of, are
// checked again next time. A corrupt cache file is ignored, never fatal.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "links/link.hpp"

namespace freshcheck::links {

// "1d", "12h", "30m", "90s" or plain seconds; nothing for anything else.
std::optional<std::chrono::seconds> parse_age(std::string_view text);

class LinkCache {
 public:
  using Clock = std::chrono::system_clock;

  // An absent or unreadable file gives an empty cache.
  static LinkCache load(const std::filesystem::path& path, std::chrono::seconds max_age,
                        Clock::time_point now);

  // A fresh entry for `url`, marked from_cache; `where` is left for the caller.
  std::optional<LinkResult> find(const std::string& url) const;
  void store(const LinkResult& result, Clock::time_point now);
  core::Result<void> save(const std::filesystem::path& path) const;

  std::size_t size() const { return m_entries.size(); }

 private:
  struct Entry {
    LinkResult result;
    std::int64_t checked = 0;  // seconds since the epoch
  };
  std::map<std::string, Entry> m_entries;
  std::chrono::seconds m_max_age{0};
  Clock::time_point m_now;
};

}  // namespace freshcheck::links
