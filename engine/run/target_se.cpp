#include "run/target_se.hpp"

#include <algorithm>
#include <cmath>

#include "errors.hpp"
#include "run/publish.hpp"

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
    const double se = results.differences[s].horizon(Metric::contact_abuse).standard_error();
    largest = std::max(largest, std::isnan(se) ? HUGE_VAL : se);
  }
  return largest;
}

JobResult run_to_target_se(const Study& study, const RunPlan& plan, const RunHooks& hooks,
                           const Notice& notice,
                           const std::function<void(std::uint64_t)>& check_size) {
  if (plan.spec.shard_count > 1 || plan.resume) {
    throw InputError(
        "fundsim run: --target-se does not combine with --shard, --resume or mpirun "
        "(the replicate count is not known in advance)");
  }
  if (study.scenarios.size() < 2)
    throw InputError("fundsim run: --target-se needs scenarios besides the baseline");
  const TargetSe& target = *plan.target_se;
  // A Latin hypercube's strata, and the blocks correlated inputs are reordered in
  // (correlation_block), depend on the replicate count: a new count is a new design.
  const bool fresh_design = study.run.sampling == Sampling::lhs || !study.correlation.empty();
  RunMetadata metadata = plan.metadata();
  RunSpec& spec = metadata.spec;
  spec.replicates = std::min(std::max(spec.replicates, kMinimumReplicates), target.max_replicates);
  metadata.growable_replicates = true;
  const auto say = [&](const std::string& text) {
    if (notice) notice(text);
  };

  PendingOutput pending(plan.output_path, plan.overwrite);
  if (check_size) check_size(spec.replicates);
  double seconds = 0;
  std::uint64_t replicate_months = 0;
  JobResult out;
  out.results = publish(pending, study, metadata, "the output", [&](Publication& publication) {
    RunResults results;
    std::uint64_t done = 0;  // replicates in `results` and in the file
    for (;;) {
      Execution execution = plan.execution;
      execution.only = ReplicateRanges(ReplicateRange{done, spec.replicates});
      results = run_study(study, spec, execution, hooks, &publication.writer(), std::move(results),
                          plan.design.get());
      seconds += results.seconds;
      replicate_months += results.replicate_months;
      done = spec.replicates;
      const double se = largest_contact_abuse_se(study, results);
      say("--target-se: " + std::to_string(done) +
          " replicates, largest se of the contact-abuse difference " + std::to_string(se) +
          " (target " + std::to_string(target.se) + ")");
      if (se <= target.se) break;
      if (done >= target.max_replicates) {
        say("--target-se: stopping at --max-replicates " + std::to_string(target.max_replicates) +
            " without reaching the target");
        break;
      }
      // se falls as 1/sqrt(N): the count that should meet the target, with 10% to spare.
      const double ratio = se / target.se;
      auto next =
          static_cast<std::uint64_t>(std::ceil(static_cast<double>(done) * ratio * ratio * 1.1));
      next = std::max(next, fresh_design ? 2 * done : done + kMinimumReplicates);
      spec.replicates = std::min(next, target.max_replicates);
      if (check_size) check_size(spec.replicates);
      if (fresh_design) {  // a new design: start afresh at the new count
        publication.restart(metadata);
        results = RunResults{};
        done = 0;
      } else {
        publication.writer().grow_replicates(spec.replicates);
      }
    }
    results.seconds = seconds;
    results.replicate_months = replicate_months;
    if (hooks.on_finished_file) publication.set_finisher(hooks.on_finished_file);
    return results;
  });
  return out;
}

}  // namespace fundsim
