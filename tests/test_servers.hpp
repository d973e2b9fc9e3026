#pragma once
// Real HTTP servers on 127.0.0.1 for tests: cpp-httplib in process, and a raw socket server
// for faults a well-behaved library will not produce (silence, resets).

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace freshcheck::testing {

// `data` gzip-compressed, as a server sends it with Content-Encoding: gzip.
inline std::string gzip(const std::string& data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  out.resize(stream.total_out);
  return out;
}

// Sends `body` as it is. cpp-httplib compresses a text body itself when the client accepts
// it, with Brotli at its slowest setting: a 4 MB page then takes seconds of the server's CPU
// before its first byte, and a loaded machine turns that into a client timeout. A body given
// through a content provider of known length goes out uncompressed. (A post-routing handler
// cannot do this for every route: the body is compressed before it runs.)
inline void send_uncompressed(httplib::Response& response, std::string body,
                              const std::string& content_type) {
  auto shared = std::make_shared<std::string>(std::move(body));
  response.set_content_provider(
      shared->size(), content_type,
      [shared](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(shared->data() + offset, std::min(length, shared->size() - offset));
      });
}

class HttpServer {
 public:
  HttpServer() {
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~HttpServer() {
    m_server.stop();
    m_thread.join();
  }
  httplib::Server& routes() { return m_server; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }
  int port() const { return m_port; }

 private:
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
};

// Accepts connections and hands each socket to `handler` on its own thread. The handler
// should return when `stopping()` turns true.
class RawServer {
 public:
  explicit RawServer(std::function<void(int socket, const RawServer&)> handler)
      : m_handler(std::move(handler)) {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(m_listener, 16);
    socklen_t length = sizeof address;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] {
      while (!m_stopping) {
        const int client = ::accept(m_listener, nullptr, nullptr);
        if (client < 0) break;
        m_clients.emplace_back([this, client] {
          m_handler(client, *this);
          ::close(client);
        });
      }
    });
  }
  ~RawServer() {
    m_stopping = true;
    ::shutdown(m_listener, SHUT_RDWR);
    ::close(m_listener);
    m_thread.join();
    for (auto& client : m_clients) client.join();
  }
  bool stopping() const { return m_stopping; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + path;
  }

  // Reads until the end of the request headers.
  static void read_request(int socket) {
    std::string request;
    char buffer[1024];
    while (request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(socket, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      request.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  std::function<void(int, const RawServer&)> m_handler;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stopping{false};
  std::thread m_thread;
  std::vector<std::thread> m_clients;
};

}  // namespace freshcheck::testing
