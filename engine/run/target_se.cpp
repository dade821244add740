#include "run/target_se.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "errors.hpp"
#include "output/hdf5_writer.hpp"
#include "output/pending_output.hpp"

namespace fundsim {

namespace {
// Replicates the pilot of the quantile anchors uses: the first round has at least these, so
// the anchors are those of a fixed-size run.
constexpr std::uint64_t kMinimumReplicates = 64;
}  // namespace

double largest_contact_abuse_se(const Study& study, const RunResults& results) {
  double largest = 0;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    if (s == study.baseline) continue;
    const double se = results.differences[s].horizon(HorizonMetric::contact_abuse).standard_error();
    largest = std::max(largest, std::isnan(se) ? HUGE_VAL : se);
  }
  return largest;
}

JobResult run_to_target_se(const Study& study, JobOptions job, const TargetSeOptions& target) {
  if (job.shard_count > 1 || job.resume) {
    throw InputError(
        "fundsim run: --target-se does not combine with --shard, --resume or mpirun "
        "(the replicate count is not known in advance)");
  }
  if (study.scenarios.size() < 2)
    throw InputError("fundsim run: --target-se needs scenarios besides the baseline");
  RunOptions& run = job.run;
  const bool lhs = study.run.sampling == Sampling::lhs;
  run.replicates = std::min(std::max(run.replicates, kMinimumReplicates), target.max_replicates);
  auto notice = [&](const std::string& text) {
    if (job.notice) job.notice(text);
  };

  PendingOutput pending(job.output_path, job.overwrite);
  if (target.check_size) target.check_size(run.replicates);
  RunMetadata metadata{job.command_line, run.replicates, run.seed, run.central, run.summary_only};
  metadata.independent = run.independent;
  metadata.growable_replicates = true;
  JobResult out;
  double seconds = 0;
  std::uint64_t replicate_months = 0;
  try {
    auto writer = std::make_unique<Hdf5Writer>(pending.temporary_path(), study, metadata);
    RunResults results;
    std::uint64_t done = 0;  // replicates in `results` and in the file
    for (;;) {
      run.only = ReplicateRanges(ReplicateRange{done, run.replicates});
      results = run_study(study, run, writer.get(), std::move(results));
      seconds += results.seconds;
      replicate_months += results.replicate_months;
      done = run.replicates;
      const double se = largest_contact_abuse_se(study, results);
      notice("--target-se: " + std::to_string(done) +
             " replicates, largest se of the contact-abuse "
             "difference " +
             std::to_string(se) + " (target " + std::to_string(target.target_se) + ")");
      if (se <= target.target_se) break;
      if (done >= target.max_replicates) {
        notice("--target-se: stopping at --max-replicates " +
               std::to_string(target.max_replicates) + " without reaching the target");
        break;
      }
      // se falls as 1/sqrt(N): the count that should meet the target, with 10% to spare.
      const double ratio = se / target.target_se;
      auto next =
          static_cast<std::uint64_t>(std::ceil(static_cast<double>(done) * ratio * ratio * 1.1));
      next = std::max(next, lhs ? 2 * done : done + kMinimumReplicates);
      run.replicates = std::min(next, target.max_replicates);
      if (target.check_size) target.check_size(run.replicates);
      if (lhs) {  // a new design: start afresh at the new count
        writer.reset();
        ::unlink(pending.temporary_path().c_str());
        metadata.replicates = run.replicates;
        writer = std::make_unique<Hdf5Writer>(pending.temporary_path(), study, metadata);
        results = RunResults{};
        done = 0;
      } else {
        writer->grow_replicates(run.replicates);
      }
    }
    results.seconds = seconds;
    results.replicate_months = replicate_months;
    writer->write_summaries(results);
    writer->close();
    pending.commit();
    out.results = std::move(results);
  } catch (const OutputError& e) {
    throw OutputError(
        job.output_path +
        ": cannot write the output (nothing written; any earlier file is unchanged): " + e.what());
  }
  return out;
}

}  // namespace fundsim
