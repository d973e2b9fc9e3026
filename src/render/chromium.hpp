#pragma once
// Pages built by JavaScript, loaded by headless Chromium: the DOM after scripts ran, as
// HTML, for the same reader as any page.
//
// Chromium runs once per page with --dump-dom: one process tree, no protocol to speak, its
// whole life bounded by one timeout, and the DOM on stdout. (The DevTools protocol over
// --remote-debugging-pipe would let us wait for a selector or block requests one by one;
// --host-resolver-rules gives the blocking we need without it.)

#include <chrono>
#include <cstddef>
#include <string>

#include "core/result.hpp"
#include "fetch/policy.hpp"

namespace freshcheck::render {

inline constexpr const char* k_default_chromium = "/usr/bin/chromium";

struct RenderRequest {
  std::string url;
  bool allow_private = false;  // loopback and private addresses (local test sites)
  std::chrono::milliseconds timeout{20'000};
  // The resident memory of the browser's whole process tree, polled; past it the tree is
  // killed. RLIMIT_AS does not work for Chromium (it reserves terabytes of address space).
  std::size_t max_memory_bytes = std::size_t{1536} << 20;
  std::size_t max_dom_bytes = std::size_t{16} << 20;
  // Virtual time Chromium lets timers and scripts run after load before it dumps the DOM.
  std::chrono::milliseconds settle{5'000};
  std::string chromium = k_default_chromium;
};

struct RenderFailure {
  // render_timeout, render_failed, private_address, dns
  fetch::ErrorKind kind = fetch::ErrorKind::render_failed;
  std::string message;
};

// Loads `request.url` in a fresh headless Chromium (an empty profile in a temporary folder)
// that may reach only the URL's host, at the address resolved here and checked against the
// private-address rule; every other host fails to resolve, so third-party scripts, trackers
// and fonts cost nothing and DNS rebinding cannot lead the browser elsewhere. The browser
// runs in its own process group, which is killed on timeout, past the memory cap, and in
// any case when the render ends: no process outlives the call.
core::Result<std::string, RenderFailure> render_dom(const RenderRequest& request);

// Whether `chromium` is an executable file.
bool chromium_available(const std::string& chromium = k_default_chromium);

}  // namespace freshcheck::render
