#include "store/compressed.hpp"

#include <fmt/format.h>
#include <zstd.h>

namespace freshcheck::store {

std::string compress(std::string_view bytes) {
  // Level 3 (zstd's default) costs about a millisecond for a 150 KB page; higher levels
  // buy a few percent for several times the CPU.
  constexpr int k_level = 3;
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t size =
      ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), k_level);
  if (ZSTD_isError(size)) throw std::logic_error(ZSTD_getErrorName(size));  // bound was given
  out.resize(size);
  return out;
}

core::Result<std::string> decompress(std::string_view frame, std::size_t max_bytes) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    return core::fail(std::string("not a zstd frame freshcheck wrote"));
  if (size > max_bytes)
    return core::fail(
        fmt::format("it would expand to {} bytes, over the {} a page may have", size, max_bytes));
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t got = ZSTD_decompress(out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(got) || got != size)
    return core::fail(fmt::format("it does not decompress: {}",
                                  ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short frame"));
  return out;
}

}  // namespace freshcheck::store
