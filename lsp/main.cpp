// The sextant executable: LSP over stdio by default, `--check` for headless indexing.
#include "lsp/Check.h"
#include "lsp/Server.h"
#include "lsp/StorageCommands.h"
#include "lsp/Transport.h"

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <unistd.h>

int main(int argc, char** argv) {
  using namespace sextant;
  CLI::App app{"Sextant: a language server backed by a persistent code graph.\n"
               "With no options, serves the Language Server Protocol on stdin/stdout."};
  app.set_version_flag("--version", "sextant 0.1.0");
  bool check = false;
  std::string root = ".";
  std::optional<std::string> indexDir;
  std::string store = "lmdb";
  unsigned threads = 0;
  bool quiet = false;
  std::string logLevel = "info";
  app.add_flag("--check", check, "Index a tree headlessly, print a summary and exit (0 ok, 2 usage or environment error)");
  app.add_option("root", root, "Workspace root for --check")->check(CLI::ExistingDirectory);
  app.add_option("--index", indexDir, "Index folder (default: <root>/.sextant, or the XDG cache when root is read-only)");
  app.add_option("--store", store, "Storage backend for a new index")->check(CLI::IsMember({"lmdb", "sqlite"}));
  app.add_option("-j,--threads", threads, "Indexer threads (default: all cores)");
  app.add_flag("-q,--quiet", quiet, "No progress output");
  app.add_option("--log-level", logLevel, "Log level on stderr")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  lsp::StorageCommands storageCommands(app); // `sextant verify`, `sextant migrate`
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  // Logs go to stderr: stdout carries only protocol (or the check summary).
  spdlog::set_default_logger(spdlog::stderr_logger_mt("sextant"));
  spdlog::set_level(spdlog::level::from_str(logLevel));
  std::signal(SIGPIPE, SIG_IGN);
  if (auto code = storageCommands.run()) return *code;

  if (check) {
    lsp::CheckOptions options;
    options.root = root;
    if (indexDir) options.indexDir = *indexDir;
    options.backend = lsp::backendFromName(store);
    options.threads = threads;
    options.quiet = quiet;
    return lsp::runCheck(options);
  }

  boost::asio::io_context io;
  lsp::ServerOptions options;
  if (indexDir) options.indexDir = std::filesystem::absolute(*indexDir);
  options.backend = lsp::backendFromName(store);
  options.threads = threads;
  try {
    lsp::Transport transport(io, STDIN_FILENO, STDOUT_FILENO);
    lsp::Server server(io, transport, options);
    transport.start([&](std::string body) { server.onMessage(body); },
                    [&](const std::string& reason) { server.onClose(reason); });
    io.run();
    return server.exitCode();
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}
