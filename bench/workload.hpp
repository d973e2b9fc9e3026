#pragma once
// The shape of the W1 workload both network benchmarks use: how many requests, the latency
// every response gets, the total concurrency, and how many hosts (one port each).
//
//   --count N (or the benchmark's own name for it) --latency-ms 50 --concurrency 64 --hosts 4

#include <cstdlib>
#include <string>

namespace freshcheck::bench {

struct Workload {
  int count = 2000;
  int latency_ms = 50;
  int concurrency = 64;
  int hosts = 4;
};

// `count_flag` names the count ("--urls", "--links"); unknown flags are ignored.
inline Workload parse_workload(int argc, char** argv, const std::string& count_flag) {
  Workload workload;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (name == count_flag || name == "--count")
      workload.count = value;
    else if (name == "--latency-ms")
      workload.latency_ms = value;
    else if (name == "--concurrency")
      workload.concurrency = value;
    else if (name == "--hosts")
      workload.hosts = value;
  }
  return workload;
}

}  // namespace freshcheck::bench
