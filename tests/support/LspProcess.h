// Test helper: runs the sextant binary as a child process and speaks framed JSON-RPC to it.
#pragma once

#include "tests/support/TempDir.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sextant::test {

/// A child process with stdin/stdout pipes (stderr inherited, so server logs show in test output).
class LspProcess {
public:
  /// Starts `binary` with `args` in folder `cwd`. Throws std::runtime_error on failure.
  LspProcess(const std::string& binary, const std::vector<std::string>& args, const std::filesystem::path& cwd);
  ~LspProcess();
  LspProcess(const LspProcess&) = delete;
  LspProcess& operator=(const LspProcess&) = delete;

  /// Writes raw bytes to the child's stdin.
  void writeRaw(const std::string& bytes);
  /// Frames and writes one message.
  void send(const nlohmann::json& message);
  /// Sends a request with the next integer id; returns that id.
  int request(const std::string& method, const nlohmann::json& params);
  void notify(const std::string& method, const nlohmann::json& params);

  /// Next message from the child, or nullopt on EOF or after `timeout`.
  std::optional<nlohmann::json> read(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Reads until the response with `id` arrives (answering server->client requests with null and
  /// keeping notifications in `notifications`); throws std::runtime_error on EOF/timeout.
  nlohmann::json waitResponse(int id, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  /// Reads until a `$/progress` notification with value.kind == "end" arrives.
  void waitProgressEnd(std::chrono::milliseconds timeout = std::chrono::seconds(60));

  /// Closes stdin and waits for the exit status (-1 when killed by a signal or after `timeout`).
  int closeAndWait(std::chrono::milliseconds timeout = std::chrono::seconds(20));

  /// The child's process id (-1 once it has been reaped).
  int pid() const { return pid_; }

  std::vector<nlohmann::json> notifications;

private:
  bool fill(std::chrono::steady_clock::time_point deadline);

  int pid_ = -1;
  int in_ = -1, out_ = -1;
  int nextId_ = 1;
  std::string buffer_;
};

/// Runs `binary args...` in `cwd` to completion; returns {exit status, stdout, stderr}.
struct RunResult {
  int status = -1;
  std::string out, err;
};
RunResult runProcess(const std::string& binary, const std::vector<std::string>& args, const std::filesystem::path& cwd);

} // namespace sextant::test
