#pragma once
// The MPI world when fundsim is built with -DFUNDSIM_MPI=ON, and a world of one process
// otherwise (or when an MPI build runs without mpirun). Only the CLI talks to MPI: each rank
// runs its shard of the replicates like `fundsim run --shard RANK/SIZE`, and rank 0 merges.
namespace fundsim::cli {

class World {
 public:
  World(int* argc, char*** argv);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Ranks on this node (they share its cores).
  int local_size() const { return local_size_; }
  // The largest of `value` over all ranks (every rank must call it).
  int max_over_ranks(int value) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
};

}  // namespace fundsim::cli
