// Test helper: a uniquely named folder under the system temp directory, removed on destruction.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <system_error>

namespace sextant::test {

/// Creates `<tmp>/sextant-kv-<tag>-<pid>-<counter>-<clock>`; removes it (recursively) when it goes
/// out of scope. Not copyable.
class TempDir {
public:
  explicit TempDir(const std::string& tag = "t") {
    static std::atomic<unsigned> counter{0};
    auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            ("sextant-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(ticks));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec; // never throw from a destructor; a leftover temp folder is harmless
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace sextant::test
