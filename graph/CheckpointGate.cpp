#include "graph/CheckpointGate.h"

namespace sextant::graph {

CheckpointGate::CheckpointGate(kv::Store& store, unsigned workers, size_t bytesBetween)
    : store_(store), bytesBetween_(bytesBetween), working_(workers) {}

void CheckpointGate::committed(const kv::WriteBatch& batch) {
  const size_t bytes = batch.bytes();
  if (bytes_.fetch_add(bytes) + bytes >= bytesBetween_) wanted_ = true;
}

void CheckpointGate::pause() {
  if (!wanted()) return;
  std::unique_lock lock(mutex_);
  if (!wanted()) return; // another group of workers just did it
  const size_t generation = generation_;
  ++arrived_;
  checkpointIfAllArrived(lock);
  cv_.wait(lock, [&] { return generation_ != generation; });
}

void CheckpointGate::leave() {
  std::unique_lock lock(mutex_);
  --working_;
  if (wanted()) checkpointIfAllArrived(lock);
}

void CheckpointGate::checkpointIfAllArrived(std::unique_lock<std::mutex>&) {
  if (arrived_ < working_) return;
  // Every worker that could hold a snapshot is waiting here without one.
  store_.checkpoint();
  ++checkpoints_;
  bytes_ = 0;
  wanted_ = false;
  arrived_ = 0;
  ++generation_;
  cv_.notify_all();
}

} // namespace sextant::graph
