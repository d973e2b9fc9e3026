#pragma once
// Pages kept for --offline and 304s are stored compressed with zstd: an official page of
// 150 KB is mostly markup and shrinks about tenfold, and a run reads one back rarely.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace freshcheck::store {

std::string compress(std::string_view bytes);

// Fails on anything that is not one whole zstd frame of at most `max_bytes` once expanded
// (a file cut short, or not ours).
core::Result<std::string> decompress(std::string_view frame, std::size_t max_bytes);

}  // namespace freshcheck::store
