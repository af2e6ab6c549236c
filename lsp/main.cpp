// The sextant executable: LSP over stdio by default, `--check` for headless indexing.
#include "lsp/Check.h"
#include "lsp/QueryCommands.h"
#include "lsp/Server.h"
#include "lsp/StorageCommands.h"
#include "lsp/Transport.h"

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
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
  std::vector<std::string> paths;
  std::optional<std::string> root;
  std::string format = "text", failOn = "error";
  std::optional<std::string> output;
  bool selfTest = false;
  bool link = false;
  std::optional<std::string> listen;
  std::optional<std::string> indexDir;
  std::string store = "lmdb";
  unsigned threads = 0;
  bool quiet = false;
  std::string logLevel = "info";
  bool noIncrementalParse = false;
  app.add_flag("--check", check,
               "Index a tree headlessly and report findings; exit 0 clean, 1 findings at or above --fail-on, 2 usage or "
               "environment error");
  app.add_option("paths", paths, "--check: the workspace root (one folder), or files/folders to report on")
      ->check(CLI::ExistingPath);
  app.add_option("--root", root, "--check: workspace root (default: the one folder given, else .)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--format", format, "--check report format")->check(CLI::IsMember({"text", "json", "sarif"}));
  app.add_option("--output", output, "--check: write the report to this file");
  app.add_option("--fail-on", failOn, "--check: lowest severity that fails the run")
      ->check(CLI::IsMember({"error", "warning", "never"}));
  app.add_flag("--self-test", selfTest, "--check: run definition/references at sampled positions of every file");
  app.add_flag("--link", link,
               "--check: also store resolved references and calls, as the language server does after indexing "
               "(findings do not need them; implied by --self-test)");
  app.add_option("--index", indexDir, "Index folder (default: <root>/.sextant, or the XDG cache when root is read-only)");
  app.add_option("--store", store, "Storage backend for a new index")->check(CLI::IsMember({"lmdb", "sqlite"}));
  app.add_option("-j,--threads", threads, "Indexer threads (default: all cores)");
  app.add_flag("-q,--quiet", quiet, "No progress output");
  app.add_option("--log-level", logLevel, "Log level on stderr")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.add_option("--listen", listen,
                 "Serve LSP over TCP instead of stdio, for debugging: [HOST:]PORT, HOST 127.0.0.1 unless given; "
                 "one client, then exit");
  size_t referencesLimit = 1000;
  app.add_option("--limit-references", referencesLimit,
                 "Most locations a references answer lists (the first by path and position); 0 = all")
      ->capture_default_str();
  app.add_flag("--no-incremental-parse", noIncrementalParse,
               "Reparse edited buffers from scratch instead of incrementally (for measurements)");
  lsp::StorageCommands storageCommands(app);
  lsp::QueryCommands queryCommands(app); // `sextant def|decl|refs|callers|callees|symbols` // `sextant verify`, `sextant migrate`
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
  if (auto code = queryCommands.run()) return *code;

  if (check) {
    lsp::CheckOptions options;
    if (root) options.root = *root;
    else if (paths.size() == 1 && std::filesystem::is_directory(paths[0])) options.root = paths[0];
    for (const auto& p : paths) options.paths.emplace_back(p);
    options.format = format == "json" ? lsp::ReportFormat::Json : format == "sarif" ? lsp::ReportFormat::Sarif : lsp::ReportFormat::Text;
    options.failOn = failOn == "warning" ? lsp::FailOn::Warning : failOn == "never" ? lsp::FailOn::Never : lsp::FailOn::Error;
    if (output) options.output = *output;
    options.selfTest = selfTest;
    options.link = link;
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
  options.incrementalParse = !noIncrementalParse;
  options.referencesLimit = referencesLimit;
  try {
    int inFd = STDIN_FILENO, outFd = STDOUT_FILENO;
    boost::asio::ip::tcp::socket socket(io);
    if (listen) {
      auto colon = listen->rfind(':');
      std::string host = colon == std::string::npos ? "127.0.0.1" : listen->substr(0, colon);
      auto port = static_cast<unsigned short>(std::stoul(colon == std::string::npos ? *listen : listen->substr(colon + 1)));
      boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address(host), port});
      spdlog::info("listening on {}:{}", host, acceptor.local_endpoint().port());
      acceptor.accept(socket);
      inFd = outFd = socket.native_handle();
    }
    lsp::Transport transport(io, inFd, outFd);
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
