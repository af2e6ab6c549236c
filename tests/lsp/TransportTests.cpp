// Base-protocol header parsing and framing over a pipe.
#include "lsp/Transport.h"

#include <doctest/doctest.h>

#include <unistd.h>

using namespace sextant::lsp;

TEST_CASE("Content-Length parsing") {
  CHECK(parseContentLength("Content-Length: 42\r\n\r\n") == 42);
  CHECK(parseContentLength("content-length:7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n") == 7);
  CHECK_THROWS(parseContentLength("Content-Type: x\r\n\r\n"));
  CHECK_THROWS(parseContentLength("Content-Length: 12abc\r\n\r\n"));
  CHECK_THROWS(parseContentLength("Content-Length: 999999999999\r\n\r\n"));
}

TEST_CASE("partial reads and several messages per read are framed correctly") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  boost::asio::io_context io;
  Transport transport(io, fds[0], STDOUT_FILENO);
  std::vector<std::string> got;
  std::string closed;
  transport.start([&](std::string body) { got.push_back(std::move(body)); },
                  [&](const std::string& reason) { closed = reason; });
  std::string two = "Content-Length: 2\r\n\r\n{}Content-Length: 7\r\n\r\n[1,2,3]";
  std::string split = "Content-Len";
  std::string rest = "gth: 4\r\n\r\nnull";
  REQUIRE(write(fds[1], two.data(), two.size()) == static_cast<ssize_t>(two.size()));
  REQUIRE(write(fds[1], split.data(), split.size()) == static_cast<ssize_t>(split.size()));
  io.run_for(std::chrono::milliseconds(50));
  REQUIRE(write(fds[1], rest.data(), rest.size()) == static_cast<ssize_t>(rest.size()));
  close(fds[1]);
  io.run_for(std::chrono::milliseconds(500));
  close(fds[0]);
  CHECK(got == std::vector<std::string>{"{}", "[1,2,3]", "null"});
  CHECK(closed == "eof");
}
