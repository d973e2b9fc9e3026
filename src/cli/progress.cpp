#include "cli/progress.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

namespace freshcheck::cli {

FetchProgress::FetchProgress() : m_terminal(::isatty(STDERR_FILENO) == 1) {}

FetchProgress::~FetchProgress() {
  if (m_line_open) std::fputs("\n", stderr);
}

std::function<void(const fetch::FetchResult&, std::size_t, std::size_t)> FetchProgress::callback() {
  return [this](const fetch::FetchResult& result, std::size_t done, std::size_t total) {
    report(result, done, total);
  };
}

void FetchProgress::report(const fetch::FetchResult& result, std::size_t done, std::size_t total) {
  if (result.outcome == fetch::Outcome::failed) ++m_failures;
  if (m_terminal) {
    std::fputs(
        fmt::format("\r\x1b[Kfetched {}/{}, {} failed  {}", done, total, m_failures, result.id)
            .c_str(),
        stderr);
    m_line_open = done < total;
    if (!m_line_open) std::fputs("\n", stderr);
    if (result.outcome == fetch::Outcome::failed) {
      std::fputs("\n", stderr);
      spdlog::warn("{}: {}", result.id, result.message);
    }
    return;
  }
  if (result.outcome == fetch::Outcome::failed)
    spdlog::warn("[{}/{}] {}: {} ({})", done, total, result.id, result.message,
                 fetch::to_string(result.error));
  else
    spdlog::info("[{}/{}] {}: {} HTTP {} in {} ms", done, total, result.id,
                 fetch::to_string(result.outcome), result.http_status, result.elapsed.count());
}

}  // namespace freshcheck::cli
