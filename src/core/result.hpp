#pragma once
// Result<T>: the value of an operation that can fail in an expected way (a bad page, an
// unreachable URL, a malformed file). Errors that cross a stage boundary travel as values;
// exceptions are kept for configuration errors and bugs. Modelled on std::expected, which
// libstdc++ 12 does not ship yet.

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace freshcheck::core {

// A failure a person can act on: `message` says what went wrong and, where it can, what
// to do next.
struct Error {
  std::string message;
};

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> fail(E&& error) {
  return {std::forward<E>(error)};
}

inline Unexpected<Error> fail(std::string message) {
  return {Error{std::move(message)}};
}

// A literal message: without this overload the template above would keep a `const char*`,
// which only compilers with C++20 parenthesised aggregate init (not clang 14) turn into an
// Error.
inline Unexpected<Error> fail(const char* message) {
  return {Error{message}};
}

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
  template <class U>
  Result(Unexpected<U> failure) : m_state(std::in_place_index<1>, E(std::move(failure.error))) {}

  bool has_value() const { return m_state.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(m_state); }
  const T& value() const& { return std::get<0>(m_state); }
  T&& value() && { return std::get<0>(std::move(m_state)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const& { return std::get<1>(m_state); }
  E&& error() && { return std::get<1>(std::move(m_state)); }

 private:
  std::variant<T, E> m_state;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  template <class U>
  Result(Unexpected<U> failure) : m_error(E(std::move(failure.error))), m_failed(true) {}

  bool has_value() const { return !m_failed; }
  explicit operator bool() const { return has_value(); }
  const E& error() const& { return m_error; }
  E&& error() && { return std::move(m_error); }

 private:
  E m_error{};
  bool m_failed = false;
};

}  // namespace freshcheck::core

// Propagates a failed Result to the caller; the value of a successful one is discarded.
#define FC_TRY(expression)                                                                   \
  do {                                                                                       \
    auto&& fc_try_result_ = (expression);                                                    \
    if (!fc_try_result_) return ::freshcheck::core::fail(std::move(fc_try_result_).error()); \
  } while (false)
