#include "cli/world.hpp"

#ifdef FUNDSIM_WITH_MPI
#include <mpi.h>

#include <chrono>
#include <thread>
#endif

namespace fundsim::cli {

#ifdef FUNDSIM_WITH_MPI
World::World(int* argc, char*** argv) {
  // Worker threads never call MPI; only the main thread does (between runs).
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &local_size_);
  MPI_Comm_free(&node);
}

World::~World() {
  MPI_Finalize();
}

int World::max_over_ranks(int value) const {
  // Non-blocking, polled with a short sleep: ranks that wait here (while rank 0 merges) must not
  // spin on a core that rank 0 needs, as a blocking Open MPI collective does.
  int result = value;
  MPI_Request request;
  MPI_Iallreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
  int done = 0;
  MPI_Test(&request, &done, MPI_STATUS_IGNORE);
  while (!done) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
  }
  return result;
}
#else
World::World(int*, char***) {}
World::~World() = default;
int World::max_over_ranks(int value) const {
  return value;
}
#endif

}  // namespace fundsim::cli
