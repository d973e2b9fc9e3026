#include "util/large_stack.hpp"

#include <pthread.h>

#include <exception>
#include <stdexcept>
#include <string>

namespace freshcheck::util {
namespace {

struct Job {
  const std::function<void()>* work;
  std::exception_ptr failure;
};

void* run_job(void* argument) {
  auto* job = static_cast<Job*>(argument);
  try {
    (*job->work)();
  } catch (...) {
    job->failure = std::current_exception();
  }
  return nullptr;
}

}  // namespace

void run_with_large_stack(const std::function<void()>& work, std::size_t stack_bytes) {
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, stack_bytes);
  Job job{&work, nullptr};
  pthread_t thread;
  const int rc = pthread_create(&thread, &attributes, run_job, &job);
  pthread_attr_destroy(&attributes);
  if (rc != 0)
    throw std::runtime_error("cannot start a parser thread: error " + std::to_string(rc));
  pthread_join(thread, nullptr);
  if (job.failure) std::rethrow_exception(job.failure);
}

}  // namespace freshcheck::util
