#pragma once
// Runs a function on a thread with a large stack and waits for it. For C libraries that
// recurse over input-controlled depth (gumbo frees its tree recursively).

#include <cstddef>
#include <functional>

namespace freshcheck::util {

inline constexpr std::size_t k_large_stack_bytes = 256u << 20;

// Exceptions thrown by `work` are carried back and rethrown in the caller.
void run_with_large_stack(const std::function<void()>& work,
                          std::size_t stack_bytes = k_large_stack_bytes);

}  // namespace freshcheck::util
