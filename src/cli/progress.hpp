#pragma once
// Fetch progress for people: one self-updating line on a terminal, plain log lines when
// stderr is not a terminal (CI logs).

#include <cstddef>
#include <functional>

#include "fetch/fetcher.hpp"

namespace freshcheck::cli {

class FetchProgress {
 public:
  FetchProgress();
  ~FetchProgress();
  // For FetchOptions::on_result; valid while this object lives.
  std::function<void(const fetch::FetchResult&, std::size_t, std::size_t)> callback();

 private:
  void report(const fetch::FetchResult& result, std::size_t done, std::size_t total);

  bool m_terminal;
  bool m_line_open = false;
  std::size_t m_failures = 0;
};

}  // namespace freshcheck::cli
