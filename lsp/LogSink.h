// Forwards log records to the client as window/logMessage (LSP 3.17), besides stderr.
#pragma once

#include "lsp/Transport.h"

#include <spdlog/sinks/base_sink.h>

#include <atomic>
#include <mutex>

namespace sextant::lsp {

/// An spdlog sink writing `window/logMessage` notifications. Inactive until enable(): nothing may
/// reach the client before `initialize` has been answered.
class ClientLogSink : public spdlog::sinks::base_sink<std::mutex> {
public:
  explicit ClientLogSink(Transport& transport) : transport_(transport) {}
  void enable() { enabled_ = true; }
  void disable() { enabled_ = false; }

protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

private:
  Transport& transport_;
  std::atomic<bool> enabled_ = false;
};

} // namespace sextant::lsp
