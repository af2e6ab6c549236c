// Helpers of the hostile-input, load and fault-injection tests: bounded child processes, file
// writing, percent-encoded URIs, RSS of a process.
#pragma once

#include "tests/support/LspProcess.h"
#include "tests/support/TempDir.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace sextant::test {

inline void writeBytes(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::string readBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

/// RFC 3986 percent-encoding of an absolute path as a file URI (what editors send).
inline std::string fileUri(const std::filesystem::path& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (unsigned char c : path.string()) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      uri.push_back(static_cast<char>(c));
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

struct TimedRun {
  int status = -1;        ///< exit status; -1 when killed (signal or timeout)
  bool timedOut = false;
  double seconds = 0;
  std::string out, err;
};

/// Runs `binary args...` in `cwd` with stdin from /dev/null; SIGKILLs it after `timeout`.
inline TimedRun runWithTimeout(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                               std::chrono::milliseconds timeout) {
  TempDir tmp("run");
  auto outPath = tmp.path() / "out", errPath = tmp.path() / "err";
  auto started = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(outPath.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    int err = open(errPath.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    dup2(in, 0), dup2(out, 1), dup2(err, 2);
    for (int fd = 3; fd < 256; ++fd) close(fd);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  TimedRun r;
  int status = 0;
  for (;;) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    if (std::chrono::steady_clock::now() - started > timeout) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r.timedOut = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.status = !r.timedOut && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = readBytes(outPath);
  r.err = readBytes(errPath);
  return r;
}

/// VmRSS of `pid` in KiB, 0 when unknown.
inline long rssKiB(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

} // namespace sextant::test
