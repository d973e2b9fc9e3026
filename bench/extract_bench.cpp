// Extraction against the parser's own cost, on official-style pages this benchmark writes
// itself (navigation, sections of paragraphs with links, fee tables, a #contactos block with
// phones, hours and e-mails, a footer): about 150 KB each, fixed by the seed.
//
//   build/bench/extract_bench [--pages 60] [--kb 150]
//
// Prints, per page: gumbo's parse and walk of the page (the anchor), freshcheck's whole-page
// reading (parse_document + extract_all + the extract --json form), and its reading of the
// #contactos scope alone (a slice of the page, html/scope_slice.hpp), each as a ratio to the
// anchor. The CPU time of this process is measured, so both cores' noise stays out.
//
// Then the cost of a whole process for an empty page: `freshcheck extract --json EMPTY`
// from start to exit, median of 30 runs, wall and CPU. That is start-up: loading the
// libraries, then nothing to read (the modules of util/module.hpp stay unloaded).
#include <gumbo.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "extract/extraction.hpp"
#include "html/document.hpp"
#include "official_pages.hpp"

namespace {

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

std::size_t walk(const GumboNode* node) {
  std::size_t count = 1;
  if (node->type == GUMBO_NODE_ELEMENT)
    for (unsigned i = 0; i < node->v.element.children.length; ++i)
      count += walk(static_cast<const GumboNode*>(node->v.element.children.data[i]));
  return count;
}

// Runs `freshcheck extract --json` on an empty file `runs` times; the medians of wall and
// CPU time in ms, or {-1, -1} when it cannot be started.
std::pair<double, double> empty_page_process(int runs) {
  const std::filesystem::path empty = std::filesystem::temp_directory_path() /
                                      ("extract_bench_empty_" + std::to_string(getpid()) + ".html");
  std::ofstream(empty).close();
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    const auto run = freshcheck::bench::run_child(
        {FRESHCHECK_BINARY_PATH, "extract", "--json", empty.string()}, "/dev/null", "/dev/null");
    if (run.exit_code != 0) break;
    wall.push_back(run.wall * 1e3);
    cpu.push_back(run.cpu * 1e3);
  }
  std::filesystem::remove(empty);
  if (wall.empty()) return {-1, -1};
  return {freshcheck::bench::median(wall), freshcheck::bench::median(cpu)};
}

}  // namespace

int main(int argc, char** argv) {
  int pages = 60;
  std::size_t kilobytes = 150;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name == "--pages") pages = std::atoi(argv[i + 1]);
    if (name == "--kb") kilobytes = static_cast<std::size_t>(std::atoi(argv[i + 1]));
  }
  std::vector<std::string> corpus;
  std::size_t bytes = 0;
  for (int i = 0; i < pages; ++i) {
    corpus.push_back(
        freshcheck::bench::official_page(static_cast<unsigned>(i + 1), kilobytes * 1024).html);
    bytes += corpus.back().size();
  }
  using namespace freshcheck;

  double start = cpu_seconds();
  std::size_t nodes = 0;
  for (const std::string& html : corpus) {
    GumboOutput* output = gumbo_parse(html.c_str());
    nodes += walk(output->root);
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
  const double gumbo = cpu_seconds() - start;

  const auto read = [&](const std::string& scope, std::size_t& json_bytes, int& sliced) {
    const double begin = cpu_seconds();
    for (const std::string& html : corpus) {
      html::ParseOptions options;
      options.page_url = "https://www.exemplo.gov.pt/pt/servico";
      options.scope = scope;
      const auto document = html::parse_document(html, options);
      if (!document) std::abort();
      sliced += document->sliced ? 1 : 0;
      const auto extraction = extract::extract_all(*document, {});
      std::string json;
      extract::write_json(extraction, *document, json, {});
      json_bytes += json.size();
    }
    return cpu_seconds() - begin;
  };
  std::size_t whole_json = 0, scoped_json = 0;
  int whole_sliced = 0, scoped_sliced = 0;
  const double whole = read("", whole_json, whole_sliced);
  const double scoped = read("#contactos", scoped_json, scoped_sliced);

  const double per_page = 1000.0 / pages;
  std::printf("extract_bench: %d pages, %.1f MB, %zu gumbo nodes\n", pages, bytes / 1e6, nodes);
  std::printf("  gumbo parse + walk        %7.2f ms/page  (anchor)\n", gumbo * per_page);
  std::printf("  whole page, --json        %7.2f ms/page  ratio %.2f  (%zu KB of JSON a page)\n",
              whole * per_page, whole / gumbo, whole_json / 1024 / pages);
  std::printf("  scope #contactos, --json  %7.2f ms/page  ratio %.2f  (%d of %d pages sliced)\n",
              scoped * per_page, scoped / gumbo, scoped_sliced, pages);
  const auto [empty_wall, empty_cpu] = empty_page_process(30);
  if (empty_wall < 0)
    std::printf("  empty page, whole process: %s could not be run\n", FRESHCHECK_BINARY_PATH);
  else
    std::printf("  empty page, whole process %7.2f ms wall, %.2f ms CPU  (median of 30 runs)\n",
                empty_wall, empty_cpu);
  return 0;
}
