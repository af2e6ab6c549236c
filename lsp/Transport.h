// LSP base protocol framing (Content-Length headers) over file descriptors, on Boost.Asio.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/streambuf.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>

namespace sextant::lsp {

/// Reads framed messages (LSP 3.17 "Base Protocol": `Content-Length: N\r\n`, optional
/// `Content-Type`, blank line, N bytes of UTF-8 JSON) from `inFd` on the io_context, and writes
/// framed messages to `outFd`. Handles partial reads and several messages per read.
class Transport {
public:
  using MessageHandler = std::function<void(std::string body)>;
  /// Called once when input ends: "eof", or a description of the read or framing error.
  using CloseHandler = std::function<void(const std::string& reason)>;

  /// Largest accepted body; a larger Content-Length is a framing error.
  static constexpr size_t kMaxBody = size_t{256} << 20;

  /// `inFd` must be pollable (pipe, socket or terminal); throws boost::system::system_error
  /// otherwise. Neither descriptor is closed by the Transport's destructor.
  Transport(boost::asio::io_context& io, int inFd, int outFd);
  ~Transport();

  /// Starts the read loop; handlers run on the io_context's thread.
  void start(MessageHandler onMessage, CloseHandler onClose);

  /// Frames and writes one message; blocking, thread-safe, messages never interleave.
  void send(const nlohmann::json& message);
  /// Sends one message given as JSON text (lsp/JsonText.h), framed like send().
  void sendText(const std::string& body) { sendParts({body}); }
  /// Sends one message whose JSON text is the concatenation of `parts`, without joining them
  /// first: a references answer can be megabytes.
  void sendParts(std::initializer_list<std::string_view> parts);

private:
  void readHeader();
  void readBody(size_t length);
  /// Delivers the complete messages left in the buffer; false after a framing error.
  bool deliverBuffered();

  boost::asio::posix::stream_descriptor in_;
  int outFd_;
  boost::asio::streambuf buffer_;
  MessageHandler onMessage_;
  CloseHandler onClose_;
  std::mutex writeMutex_;
};

/// Parses a header block (lines ending "\r\n", up to and including the blank line) and returns
/// its Content-Length; throws std::runtime_error when it is missing or malformed.
size_t parseContentLength(std::string_view headers);

} // namespace sextant::lsp
