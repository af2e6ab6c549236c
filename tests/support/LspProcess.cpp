// fork/exec with pipes and poll-based reads for the protocol tests.
#include "tests/support/LspProcess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace sextant::test {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

pid_t spawn(const std::string& binary, const std::vector<std::string>& args, const fs::path& cwd, int stdinFd,
            int stdoutFd, int stderrFd) {
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (stdinFd >= 0) dup2(stdinFd, STDIN_FILENO);
    if (stdoutFd >= 0) dup2(stdoutFd, STDOUT_FILENO);
    if (stderrFd >= 0) dup2(stderrFd, STDERR_FILENO);
    for (int fd = 3; fd < 256; ++fd) close(fd);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    std::vector<char*> cargs;
    for (auto& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    execv(binary.c_str(), cargs.data());
    _exit(127);
  }
  return pid;
}

} // namespace

LspProcess::LspProcess(const std::string& binary, const std::vector<std::string>& args, const fs::path& cwd) {
  int toChild[2], fromChild[2];
  if (pipe(toChild) != 0 || pipe(fromChild) != 0) throw std::runtime_error("pipe failed");
  pid_ = spawn(binary, args, cwd, toChild[0], fromChild[1], -1);
  close(toChild[0]);
  close(fromChild[1]);
  in_ = toChild[1];
  out_ = fromChild[0];
  std::signal(SIGPIPE, SIG_IGN);
}

LspProcess::~LspProcess() {
  if (in_ >= 0) close(in_);
  if (out_ >= 0) close(out_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void LspProcess::writeRaw(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(in_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("write to server: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
}

void LspProcess::send(const json& message) {
  std::string body = message.dump();
  writeRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

int LspProcess::request(const std::string& method, const json& params) {
  int id = nextId_++;
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  return id;
}

void LspProcess::notify(const std::string& method, const json& params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

bool LspProcess::fill(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{out_, POLLIN, 0};
  int r = poll(&p, 1, static_cast<int>(left.count()));
  if (r <= 0) return false;
  char buf[65536];
  ssize_t n = ::read(out_, buf, sizeof buf);
  if (n <= 0) return false;
  buffer_.append(buf, static_cast<size_t>(n));
  return true;
}

std::optional<json> LspProcess::read(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    size_t end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      std::string headers = buffer_.substr(0, end);
      size_t at = headers.find("Content-Length: ");
      if (at == std::string::npos) throw std::runtime_error("server sent a frame without Content-Length");
      size_t length = std::stoul(headers.substr(at + 16));
      if (buffer_.size() >= end + 4 + length) {
        std::string body = buffer_.substr(end + 4, length);
        buffer_.erase(0, end + 4 + length);
        return json::parse(body);
      }
    }
    if (!fill(deadline)) return std::nullopt;
  }
}

json LspProcess::waitResponse(int id, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto message = read(std::max(left, std::chrono::milliseconds(1)));
    if (!message) throw std::runtime_error("no response to request " + std::to_string(id));
    if (message->contains("method")) {
      if (message->contains("id")) send({{"jsonrpc", "2.0"}, {"id", (*message)["id"]}, {"result", nullptr}});
      else notifications.push_back(*message);
      continue;
    }
    if (message->value("id", json()) == json(id)) return *message;
  }
}

void LspProcess::waitProgressEnd(std::chrono::milliseconds timeout) {
  auto isEnd = [](const json& n) {
    return n.value("method", "") == "$/progress" && n["params"]["value"].value("kind", "") == "end";
  };
  for (const auto& n : notifications)
    if (isEnd(n)) return;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto message = read(std::max(left, std::chrono::milliseconds(1)));
    if (!message) throw std::runtime_error("indexing progress never ended");
    if (message->contains("method") && message->contains("id")) {
      send({{"jsonrpc", "2.0"}, {"id", (*message)["id"]}, {"result", nullptr}});
      continue;
    }
    notifications.push_back(*message);
    if (isEnd(*message)) return;
  }
}

int LspProcess::closeAndWait(std::chrono::milliseconds timeout) {
  if (in_ >= 0) {
    close(in_);
    in_ = -1;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

RunResult runProcess(const std::string& binary, const std::vector<std::string>& args, const fs::path& cwd) {
  TempDir tmp;
  fs::path outPath = tmp.path() / "out", errPath = tmp.path() / "err";
  int outFd = open(outPath.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  int errFd = open(errPath.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  int nullFd = open("/dev/null", O_RDONLY);
  pid_t pid = spawn(binary, args, cwd, nullFd, outFd, errFd);
  close(outFd);
  close(errFd);
  close(nullFd);
  int status = 0;
  waitpid(pid, &status, 0);
  auto slurp = [](const fs::path& p) {
    std::string s;
    FILE* f = fopen(p.c_str(), "rb");
    char buf[4096];
    for (size_t n; f && (n = fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
    if (f) fclose(f);
    return s;
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(outPath), slurp(errPath)};
}

} // namespace sextant::test
