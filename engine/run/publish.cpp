#include "run/publish.hpp"

#include <unistd.h>

#include "errors.hpp"

namespace fundsim {

Publication::Publication(PendingOutput& pending, const Study& study, const RunMetadata& metadata)
    : pending_(pending),
      study_(study),
      writer_(std::make_unique<Hdf5Writer>(pending_.temporary_path(), study, metadata)) {}

void Publication::restart(const RunMetadata& metadata) {
  writer_.reset();
  ::unlink(pending_.temporary_path().c_str());
  writer_ = std::make_unique<Hdf5Writer>(pending_.temporary_path(), study_, metadata);
}

void Publication::finish(const RunResults& results) {
  writer_->write_summaries(results);
  if (state_) writer_->write_state(*state_);
  if (finisher_ && !state_) finisher_(*writer_);
  writer_->close();
  pending_.commit();
}

RunResults publish(PendingOutput& pending, const Study& study, const RunMetadata& metadata,
                   const std::string& what,
                   const std::function<RunResults(Publication&)>& produce) {
  try {
    Publication publication(pending, study, metadata);
    RunResults results = produce(publication);
    publication.finish(results);
    return results;
  } catch (const OutputError& e) {
    // The detail names the temporary file; say which output failed and that nothing was lost.
    throw OutputError(pending.final_path() + ": cannot write " + what +
                      " (nothing written; any earlier file is unchanged): " + e.what());
  }
}

}  // namespace fundsim
