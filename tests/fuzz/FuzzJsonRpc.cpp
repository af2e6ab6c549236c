// Fuzz target: JSON-RPC framing (lsp/Transport.h) and dispatch (lsp/Server.h), in memory.
//
// Input: the bytes a client writes after `initialize` (which the harness sends first, so that the
// fuzzer reaches every handler): framed messages, or garbage. The bytes go through the real
// Transport over a pipe into Server::onMessage; replies go to /dev/null. The index folder cannot
// be created (it lies under /dev/null), so each input gets a fresh in-memory index: inputs stay
// independent and nothing is written to disk. The workspace is a small fixed tree in /tmp.
#include "lsp/Server.h"
#include "lsp/Transport.h"

#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

using namespace sextant;
namespace fs = std::filesystem;

namespace {

constexpr size_t kPipeBytes = size_t{1} << 20;

struct Environment {
  fs::path root;
  int devNull = -1;
  std::string initialize;

  Environment() {
    spdlog::set_level(spdlog::level::off);
    root = fs::temp_directory_path() / ("sextant-fuzz-jsonrpc-" + std::to_string(getpid()));
    fs::create_directories(root / "py");
    std::ofstream(root / "list.c") << "struct node { int v; struct node *next; };\n"
                                      "int push(struct node *n, int v) { n->v = v; return push(n, v); }\n";
    std::ofstream(root / "py/app.py") << "import os\nclass App:\n    def run(self, x):\n        return helper(x)\n"
                                         "def helper(y):\n    return App().run(y)\n";
    devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    std::string body = R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"rootUri":"file://)" + root.string() +
                       R"(","capabilities":{"textDocument":{"documentSymbol":{"hierarchicalDocumentSymbolSupport":true}}}}})";
    initialize = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }
  ~Environment() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Environment env;
  std::string_view input(reinterpret_cast<const char*>(data), size);

  // The header parser alone: a length or a runtime_error, and never more than kMaxBody.
  size_t blank = input.find("\r\n\r\n");
  try {
    size_t n = lsp::parseContentLength(input.substr(0, blank == std::string_view::npos ? input.size() : blank + 4));
    if (n > lsp::Transport::kMaxBody) std::abort();
  } catch (const std::runtime_error&) {
  }

  // The whole path: pipe -> Transport -> Server::onMessage -> handlers -> Transport::send.
  std::string stream = env.initialize;
  stream.append(input.substr(0, kPipeBytes - stream.size()));
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) std::abort();
  ::fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(kPipeBytes));
  for (size_t done = 0; done < stream.size();) {
    ssize_t n = ::write(fds[1], stream.data() + done, stream.size() - done);
    if (n <= 0) std::abort(); // the pipe holds kPipeBytes: a write never blocks
    done += static_cast<size_t>(n);
  }
  ::close(fds[1]);
  {
    boost::asio::io_context io;
    lsp::Transport transport(io, fds[0], env.devNull);
    lsp::ServerOptions options;
    options.indexDir = "/dev/null/sextant-fuzz-index";
    options.threads = 1;
    lsp::Server server(io, transport, options);
    transport.start([&](std::string body) { server.onMessage(body); },
                    [&](const std::string& reason) { server.onClose(reason); });
    io.run();
  }
  ::close(fds[0]);
  return 0;
}
