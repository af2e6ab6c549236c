// Private to the backends: key checks and scan tracking shared by every Store implementation.
#pragma once

#include "kvstore/Store.h"

#include <string>
#include <string_view>

namespace sextant::kv::detail {

/// `key` made printable for an error message: printable ASCII kept, other bytes as \xNN, cut
/// after 80 input bytes with "..." and the full length appended.
std::string describeKey(std::string_view key);

/// Throws StoreError("<backend>: ...") naming the first put/erase key that is empty or longer
/// than kMaxKeySize. Called by every backend before it starts a transaction, so a rejected batch
/// leaves nothing applied.
void checkBatch(const WriteBatch& batch, std::string_view backend);

/// Marks, for the calling thread, that a scan of the store identified by `owner` is running (its
/// visitor may be executing). Stack-only RAII; nests.
class ScanScope {
public:
  explicit ScanScope(const void* owner);
  ~ScanScope();
  ScanScope(const ScanScope&) = delete;
  ScanScope& operator=(const ScanScope&) = delete;

  /// True when the calling thread is inside a scan of `owner`.
  static bool active(const void* owner);

private:
  const void* owner_;
};

/// Throws StoreError when the calling thread is inside a scan visitor of `owner`: committing
/// from a visitor could deadlock the LMDB backend (a map resize waits for running scans), so
/// every backend rejects it alike.
void checkNotInScan(const void* owner, std::string_view backend);

} // namespace sextant::kv::detail
