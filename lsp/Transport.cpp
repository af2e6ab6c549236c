// Asio read loop: read_until the blank line, then exactly Content-Length bytes.
#include "lsp/Transport.h"

#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <stdexcept>
#include <sys/uio.h>
#include <unistd.h>
#include <vector>

namespace sextant::lsp {
namespace asio = boost::asio;

size_t parseContentLength(std::string_view headers) {
  std::optional<size_t> length;
  while (!headers.empty()) {
    size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers.remove_prefix(eol == std::string_view::npos ? headers.size() : eol + 2);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) throw std::runtime_error("malformed header line");
    std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    auto lower = [](std::string_view s) {
      std::string out(s);
      for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return out;
    };
    if (lower(name) == "content-length") {
      size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size()) throw std::runtime_error("bad Content-Length");
      length = n;
    } // Content-Type and unknown headers are accepted and ignored.
  }
  if (!length) throw std::runtime_error("missing Content-Length");
  if (*length > Transport::kMaxBody) throw std::runtime_error("Content-Length too large");
  return *length;
}

Transport::Transport(asio::io_context& io, int inFd, int outFd) : in_(io, ::dup(inFd)), outFd_(outFd) {}

Transport::~Transport() = default;

void Transport::start(MessageHandler onMessage, CloseHandler onClose) {
  onMessage_ = std::move(onMessage);
  onClose_ = std::move(onClose);
  readHeader();
}

void Transport::readHeader() {
  asio::async_read_until(in_, buffer_, "\r\n\r\n", [this](boost::system::error_code ec, size_t headerBytes) {
    if (ec) {
      onClose_(ec == asio::error::eof ? "eof" : ec.message());
      return;
    }
    std::string headers(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + headerBytes);
    buffer_.consume(headerBytes);
    size_t length;
    try {
      length = parseContentLength(headers);
    } catch (const std::exception& e) {
      // Without a length the stream cannot be resynchronized.
      onClose_(std::string("framing error: ") + e.what());
      return;
    }
    readBody(length);
  });
}

void Transport::readBody(size_t length) {
  size_t have = buffer_.size();
  size_t missing = have >= length ? 0 : length - have;
  asio::async_read(in_, buffer_, asio::transfer_exactly(missing), [this, length](boost::system::error_code ec, size_t) {
    if (ec) {
      onClose_(ec == asio::error::eof ? "eof" : ec.message());
      return;
    }
    std::string body(asio::buffers_begin(buffer_.data()), asio::buffers_begin(buffer_.data()) + length);
    buffer_.consume(length);
    onMessage_(std::move(body));
    if (deliverBuffered()) readHeader();
  });
}

bool Transport::deliverBuffered() {
  // Every complete message already read is delivered before the handlers get to run, so a
  // `$/cancelRequest` pipelined behind its request is seen before the request is answered.
  for (;;) {
    std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    size_t end = data.find("\r\n\r\n");
    if (end == std::string_view::npos) return true;
    size_t length;
    try {
      length = parseContentLength(data.substr(0, end + 4));
    } catch (const std::exception& e) {
      onClose_(std::string("framing error: ") + e.what());
      return false;
    }
    if (data.size() < end + 4 + length) return true;
    std::string body(data.substr(end + 4, length));
    buffer_.consume(end + 4 + length);
    onMessage_(std::move(body));
  }
}

void Transport::send(const nlohmann::json& message) {
  // Invalid UTF-8 in a string (a file name, say) is replaced rather than thrown on.
  sendText(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Transport::sendParts(std::initializer_list<std::string_view> parts) {
  size_t length = 0;
  for (auto part : parts) length += part.size();
  std::string header = "Content-Length: " + std::to_string(length) + "\r\n\r\n";
  std::vector<iovec> pending;
  pending.push_back({header.data(), header.size()});
  for (auto part : parts)
    if (!part.empty()) pending.push_back({const_cast<char*>(part.data()), part.size()});
  std::lock_guard lock(writeMutex_);
  size_t first = 0;
  while (first < pending.size()) {
    ssize_t n = ::writev(outFd_, pending.data() + first, static_cast<int>(std::min<size_t>(pending.size() - first, IOV_MAX)));
    if (n < 0) {
      if (errno == EINTR) continue;
      return; // the client is gone; the read side will see EOF and end the loop
    }
    // Drop what was written: whole parts, then the front of a part written in part.
    auto left = static_cast<size_t>(n);
    while (first < pending.size() && left >= pending[first].iov_len) left -= pending[first++].iov_len;
    if (first < pending.size()) {
      pending[first].iov_base = static_cast<char*>(pending[first].iov_base) + left;
      pending[first].iov_len -= left;
    }
  }
}

} // namespace sextant::lsp
