// window/logMessage: MessageType Error=1, Warning=2, Info=3, Log=4.
#include "lsp/LogSink.h"

namespace sextant::lsp {

void ClientLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  if (!enabled_) return;
  int type = msg.level >= spdlog::level::err ? 1 : msg.level == spdlog::level::warn ? 2 : msg.level == spdlog::level::info ? 3 : 4;
  transport_.send(nlohmann::json{{"jsonrpc", "2.0"},
                                 {"method", "window/logMessage"},
                                 {"params", {{"type", type}, {"message", std::string(msg.payload.data(), msg.payload.size())}}}});
}

} // namespace sextant::lsp
