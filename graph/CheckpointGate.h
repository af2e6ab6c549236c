// Lets the threads of a long indexing run, each holding a store snapshot, stop together so the
// store can fold its write-ahead log back.
#pragma once

#include "kvstore/Store.h"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace sextant::graph {

/// An SQLite WAL restarts only when no reader uses it (https://sqlite.org/wal.html, "Avoiding
/// Excessively Large WAL Files"): worker threads that renew their snapshots at different moments
/// always leave one in use, and the log grows by every page each commit touches (15 GB of log
/// for a 5.6 GB kernel index, measured). The gate asks for a pause once `bytesBetween` bytes of
/// keys and values were committed since the last one; each worker, between two files and holding
/// no snapshot, calls pause(); the last one to arrive runs Store::checkpoint() while the others
/// wait, then all go on. A worker that is done calls leave() so nobody waits for it.
/// Thread-safe. Store::checkpoint() never throws, so neither does the gate.
class CheckpointGate {
public:
  /// `workers`: the threads that will call pause()/leave(), each ending with one leave().
  CheckpointGate(kv::Store& store, unsigned workers, size_t bytesBetween);

  /// Counts a commit of `batch` (keys plus values) and asks for a pause once enough were.
  void committed(const kv::WriteBatch& batch);
  /// True when a pause is asked for: the caller should release its snapshot and call pause().
  bool wanted() const { return wanted_.load(std::memory_order_relaxed); }
  /// Call holding no snapshot. Returns at once unless a pause is asked for; then waits until
  /// every worker still working has arrived and the checkpoint ran.
  void pause();
  /// This worker takes no more snapshots: a pause no longer waits for it.
  void leave();
  /// Checkpoints run so far.
  size_t checkpoints() const { return checkpoints_; }

private:
  void checkpointIfAllArrived(std::unique_lock<std::mutex>& lock); // holds mutex_

  kv::Store& store_;
  const size_t bytesBetween_;
  std::atomic<size_t> bytes_ = 0; ///< committed since the last checkpoint
  std::atomic<bool> wanted_ = false;
  std::mutex mutex_;
  std::condition_variable cv_;
  unsigned working_;      ///< workers that have not left
  unsigned arrived_ = 0;  ///< of those, waiting in pause()
  size_t generation_ = 0; ///< checkpoints done: a waiter leaves when it changes
  size_t checkpoints_ = 0;
};

} // namespace sextant::graph
