#include "run/runner.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "errors.hpp"
#include "model/draw_site.hpp"
#include "model/model_parameters.hpp"
#include "model/step.hpp"
#include "model/step_lanes.hpp"
#include "random/lane_samplers.hpp"
#include "uncertainty/correlated_uniforms.hpp"
#include "uncertainty/sampler.hpp"

namespace fundsim {

namespace {

constexpr std::uint64_t kPilotReplicates = 64;
constexpr std::uint64_t kPresizeReplicates = 4096;

// Everything the workers share, read-only except the counters and the summaries.
struct RunContext {
  const Study& study;
  const RunSpec& spec;
  const RunHooks& hooks;
  BlockSink* sink;
  std::vector<ParameterSampler> samplers;  // one (common random numbers) or one per scenario
  std::vector<std::uint64_t> seeds;        // per scenario
  std::vector<std::size_t> order;          // the baseline first, then the others
  std::vector<bool> stored;
  std::vector<std::vector<double>> effective_spend;  // per scenario: [month * levers + lever]
  std::vector<ReplicateRange> blocks;                // the replicates to simulate, in pull order
  std::uint64_t next_block = 0;                      // guarded by gate_lock
  std::atomic<std::uint64_t> done_months{0};
  bool summaries = true;                    // Execution::summaries
  const ReplicateDesign* design = nullptr;  // explicit replicates, or the study's design
  std::atomic<bool> failed{false};
  // hooks.keep_going said stop: blocks in progress finish, no new ones start.
  std::atomic<bool> ended{false};
  RunResults results = {};  // summaries, differences and the completed replicates
  std::vector<std::unique_ptr<std::mutex>> summary_locks = {};
  std::mutex objectives_lock = {};
  // The checkpoint gate: workers count themselves in `active` while they run a block; a
  // checkpoint sets `paused`, waits for active == 0 and sees summaries that hold exactly
  // results.completed.
  std::mutex gate_lock = {};
  std::condition_variable gate = {};
  unsigned active = 0;
  bool paused = false;

  std::uint64_t stream(std::uint64_t replicate) const {
    return design ? design->stream(replicate) : replicate;
  }
  const ParameterSampler& sampler(std::size_t scenario) const {
    return samplers.size() == 1 ? samplers[0] : samplers[scenario];
  }
  // A failure or a stop request: workers leave at once (a block in progress is dropped).
  bool should_stop() const {
    return failed.load(std::memory_order_relaxed) ||
           (hooks.stop && hooks.stop->load(std::memory_order_relaxed) != 0);
  }
};

Design design_of(Sampling s) {
  return s == Sampling::lhs ? Design::latin_hypercube : Design::monte_carlo;
}

// The study's design, with its rank correlations imposed when it declares any (docs/model.md
// §8 "Correlated inputs"). Explicit designs are never correlated here: their points already
// carry the joint distribution they stand for.
std::shared_ptr<const UniformSource> study_uniforms(const Study& study, std::uint64_t seed,
                                                    std::uint64_t replicates) {
  auto design = std::make_shared<DesignUniforms>(seed, replicates, design_of(study.run.sampling));
  if (study.correlation.empty()) return design;
  return std::make_shared<CorrelatedUniforms>(std::move(design), study.correlation, seed,
                                              replicates);
}

// A scenario's parameter values for one replicate: the common draw with its overrides applied.
void apply_overrides(const RunContext& ctx, std::size_t s, std::uint64_t replicate,
                     std::vector<double>& values) {
  for (const Override& o : ctx.study.scenarios[s].overrides) {
    const ParameterDecl& decl = ctx.study.parameters[o.parameter];
    const double u = ctx.spec.central ? 0.5 : ctx.sampler(s).uniform(replicate, o.parameter);
    values[o.parameter] = ParameterSampler::value(o.dist, decl.range, u);
  }
}

// Buffers one worker reuses from block to block (no allocation in the steady state).
struct WorkerScratch {
  std::vector<double> values;                            // [replicate in block][parameter]
  std::vector<ModelParameters> common;                   // per replicate, without overrides
  std::vector<std::vector<Stream::Block>> first_blocks;  // per replicate, [month][draw slot]
  std::vector<double> overridden;
  std::array<ModelParameters, kSamplerLanes> lane_params;  // scenarios with overrides
  std::array<TrajectoryBlock, kSamplerLanes> blocks;       // per scenario of a lane group
  TrajectoryBlock history_block;         // the history months (and rows), copied into every block
  TrajectoryBlock baseline;              // the baseline's trajectories of the current block
  std::vector<BlockTotals> totals;       // per scenario, of the current block
  std::vector<double> objective_values;  // [objective][scenario][replicate in block]
  std::array<State, kSamplerLanes> states;
  std::vector<State> history;  // per replicate: the state at the policy start
  std::array<MonthOutcome, kSamplerLanes> outcomes;
};

// Scenarios stepped together in the lanes of the lane samplers. Under common random numbers
// they share every draw's stream; with --independent each has its own, so one at a time. On a
// CPU without AVX2 the lane samplers run lane by lane, so one at a time is as quick. The
// grouping changes no result (step_lanes.hpp).
std::size_t lane_group_size(const RunContext& ctx) {
  if (ctx.spec.independent) return 1;
  if (detail::lane_target_in_use() == detail::LaneTarget::baseline) return 1;
  return kSamplerLanes;
}

[[noreturn]] void throw_at(const NumericError& e, StreamKey key, int month) {
  // Say where: a rate or count out of range depends on the drawn parameters.
  throw NumericError("replicate " + std::to_string(key.replicate) + ", month " +
                     std::to_string(month) + ": " + e.what() +
                     " (the study's rates, growth or populations are too large)");
}

// Months [from, to) of one replicate into `block`, from the initial state (from = 0) or
// from `start` (a scenario branching at the end of the history).
void simulate(const ModelParameters& params, const std::vector<double>& effective_spend,
              std::size_t levers, StreamKey key, const std::vector<Stream::Block>& first_blocks,
              std::size_t replicate_in_block, TrajectoryBlock& block, State& state,
              MonthOutcome& outcome, int from, int to, const State* start) {
  const std::size_t per_month = draws_per_month(params.classes.size());
  int t = from;
  try {
    if (start) {
      state = *start;
    } else {
      initial_state(params, state);
    }
    for (; t < to; ++t) {
      const auto month = static_cast<std::size_t>(t);
      const std::span<const double> spend(effective_spend.data() + month * levers, levers);
      step_month(params, spend, t, key, first_blocks.data() + month * per_month, state, outcome);
      record_month(outcome, replicate_in_block, month, block);
    }
  } catch (const NumericError& e) {
    throw_at(e, key, t);
  }
}

// The parameters scenario s runs replicate i of the block with: the common ones, or the
// common draw with s's overrides (built in `own`).
const ModelParameters& scenario_parameters(const RunContext& ctx, std::size_t s,
                                           std::uint64_t first, std::size_t i, std::size_t n_params,
                                           WorkerScratch& scratch, ModelParameters& own) {
  if (ctx.study.scenarios[s].overrides.empty()) return scratch.common[i];
  const auto row = scratch.values.begin() + static_cast<std::ptrdiff_t>(i * n_params);
  scratch.overridden.assign(row, row + static_cast<std::ptrdiff_t>(n_params));
  apply_overrides(ctx, s, first + i, scratch.overridden);
  own = make_model_parameters(ctx.study, scratch.overridden);
  return own;
}

// Months [from, to) of replicate i of the block for the scenarios `group` (in lanes), each into
// its block, from `start` or the initial state. As simulate() for each scenario alone; a
// NumericError is passed on as thrown (the caller reruns the scenarios alone to report it).
void simulate_lanes(const RunContext& ctx, std::span<const std::size_t> group, std::uint64_t first,
                    std::size_t i, int from, int to, const State* start, WorkerScratch& scratch) {
  const Study& study = ctx.study;
  const std::size_t n_params = study.parameters.size();
  const std::size_t levers = study.levers.size();
  const std::size_t per_month = draws_per_month(study.classes.size());
  const StreamKey key{ctx.seeds[group[0]], ctx.stream(first + i)};
  std::array<ScenarioLane, kSamplerLanes> lanes;
  for (std::size_t l = 0; l < group.size(); ++l) {
    lanes[l].params =
        &scenario_parameters(ctx, group[l], first, i, n_params, scratch, scratch.lane_params[l]);
    lanes[l].state = &scratch.states[l];
    lanes[l].outcome = &scratch.outcomes[l];
    if (start) {
      scratch.states[l] = *start;
    } else {
      initial_state(*lanes[l].params, scratch.states[l]);
    }
  }
  for (int t = from; t < to; ++t) {
    const auto month = static_cast<std::size_t>(t);
    for (std::size_t l = 0; l < group.size(); ++l) {
      lanes[l].effective_spend =
          std::span<const double>(ctx.effective_spend[group[l]].data() + month * levers, levers);
    }
    step_month_lanes(std::span(lanes.data(), group.size()), t, key,
                     scratch.first_blocks[i].data() + month * per_month);
    for (std::size_t l = 0; l < group.size(); ++l)
      record_month(scratch.outcomes[l], i, month, scratch.blocks[l]);
  }
}

// Returns false if a stop request left the block unfinished.
bool run_block(RunContext& ctx, ReplicateRange range, WorkerScratch& scratch) {
  const Study& study = ctx.study;
  const std::uint64_t first = range.first;
  const auto count = static_cast<std::size_t>(range.size());
  const std::size_t n_params = study.parameters.size();
  const std::size_t levers = study.levers.size();
  const auto months = static_cast<std::size_t>(study.run.simulated_months());

  // Parameter draws and first random blocks of the block's replicates for scenario s (all
  // scenarios share them under common random numbers).
  auto prepare = [&](std::size_t s) {
    scratch.values.resize(count * n_params);
    scratch.common.resize(count);
    scratch.first_blocks.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::span<double> row(scratch.values.data() + i * n_params, n_params);
      ctx.sampler(s).sample(first + i, row);
      scratch.common[i] = make_model_parameters(study, row);
      precompute_first_blocks(StreamKey{ctx.seeds[s], ctx.stream(first + i)},
                              study.run.simulated_months(), study.classes.size(),
                              scratch.first_blocks[i]);
    }
  };
  prepare(study.baseline);
  if (ctx.sink && !ctx.spec.summary_only) {
    ctx.sink->write_parameters(first, count,
                               std::span<const double>(scratch.values.data(), count * n_params));
  }

  scratch.totals.resize(study.scenarios.size());
  const int history = study.run.history_months;
  const int end = study.run.simulated_months();
  const std::size_t group_size = lane_group_size(ctx);
  const auto shape = [&](TrajectoryBlock& block) {
    block.resize(study.classes.size(), months, count);
    block.first_replicate = first;
    block.history = static_cast<std::size_t>(history);
  };
  shape(scratch.history_block);
  for (std::size_t l = 0; l < group_size; ++l) shape(scratch.blocks[l]);
  for (MonthOutcome& outcome : scratch.outcomes) outcome.resize(study.classes.size());
  // The history (docs/model.md §4 "History"): once per replicate, with the common parameters
  // and no spending; every scenario then branches from its end state (and its block shows the
  // same history months). Under --independent every scenario has its own draws, hence its own
  // history.
  const auto simulate_history = [&](std::size_t s) {
    scratch.history.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const StreamKey key{ctx.seeds[s], ctx.stream(first + i)};
      simulate(scratch.common[i], ctx.effective_spend[s], levers, key, scratch.first_blocks[i], i,
               scratch.history_block, scratch.states[0], scratch.outcomes[0], 0, history, nullptr);
      scratch.history[i] = scratch.states[0];
    }
  };
  // The scenarios of `group` one at a time, each into its block (the only path before lanes,
  // and the one that reports errors).
  const auto simulate_alone = [&](std::span<const std::size_t> group) {
    for (std::size_t l = 0; l < group.size(); ++l) {
      const std::size_t s = group[l];
      try {  // add context to numeric errors
        for (std::size_t i = 0; i < count; ++i) {
          const StreamKey key{ctx.seeds[s], ctx.stream(first + i)};
          const State* start = history > 0 ? &scratch.history[i] : nullptr;
          const ModelParameters& params =
              scenario_parameters(ctx, s, first, i, n_params, scratch, scratch.lane_params[l]);
          simulate(params, ctx.effective_spend[s], levers, key, scratch.first_blocks[i], i,
                   scratch.blocks[l], scratch.states[l], scratch.outcomes[l], history, end, start);
        }
      } catch (const NumericError& e) {
        throw NumericError(std::string(study.file) + ": scenario '" + study.scenarios[s].name +
                           "', " + e.what());
      }
    }
  };
  for (std::size_t g = 0; g < ctx.order.size(); g += group_size) {
    if (ctx.should_stop()) return false;
    const std::span<const std::size_t> group(ctx.order.data() + g,
                                             std::min(group_size, ctx.order.size() - g));
    const std::size_t s0 = group[0];
    if (ctx.spec.independent && s0 != study.baseline) prepare(s0);  // groups of one
    if (history > 0 && (s0 == study.baseline || ctx.spec.independent)) {
      try {
        simulate_history(s0);
      } catch (const NumericError& e) {
        throw NumericError(std::string(study.file) + ": scenario '" + study.scenarios[s0].name +
                           "', " + e.what());
      }
    }
    for (std::size_t l = 0; l < group.size(); ++l)
      copy_history(scratch.history_block, scratch.blocks[l]);
    if (group.size() == 1) {
      simulate_alone(group);
    } else {
      try {
        for (std::size_t i = 0; i < count; ++i) {
          const State* start = history > 0 ? &scratch.history[i] : nullptr;
          simulate_lanes(ctx, group, first, i, history, end, start, scratch);
        }
      } catch (const NumericError&) {
        simulate_alone(group);  // throws the error each scenario alone meets first
        throw;
      }
    }
    for (std::size_t l = 0; l < group.size(); ++l) {
      const std::size_t s = group[l];
      const TrajectoryBlock& block = scratch.blocks[l];
      if (s == study.baseline) scratch.baseline = block;  // ctx.order puts the baseline first
      compute_totals(block, scratch.totals[s]);
      if (ctx.summaries) {
        const std::lock_guard lock(*ctx.summary_locks[s]);
        ctx.results.summaries[s].add(block, scratch.totals[s]);
        ctx.results.differences[s].add(block, scratch.baseline, scratch.totals[s],
                                       scratch.totals[study.baseline]);
      }
      if (ctx.stored[s] && ctx.sink) ctx.sink->write_trajectories(s, block);
      if (ctx.sink && !ctx.spec.summary_only) ctx.sink->write_totals(s, scratch.totals[s], first);
      const bool own_history = history > 0 && (s == study.baseline || ctx.spec.independent);
      ctx.done_months.fetch_add(
          count * static_cast<std::size_t>(study.run.months + (own_history ? history : 0)),
          std::memory_order_relaxed);
    }
  }
  // Objectives need every scenario of a replicate: computed once the block is done.
  const std::size_t S = study.scenarios.size();
  const std::size_t O = study.objectives.size();
  scratch.objective_values.resize(O * S * count);
  for (std::size_t o = 0; o < O; ++o) {
    for (std::size_t s = 0; s < S; ++s) {
      for (std::size_t r = 0; r < count; ++r) {
        scratch.objective_values[(o * S + s) * count + r] =
            objective_value(study.objectives[o], scratch.totals[s], r);
      }
    }
  }
  if (ctx.summaries) {
    const std::lock_guard lock(ctx.objectives_lock);
    for (std::size_t o = 0; o < O; ++o) {
      ctx.results.objectives[o].add(
          std::span<const double>(scratch.objective_values.data() + o * S * count, S * count),
          count);
    }
  }
  if (ctx.sink && !ctx.spec.summary_only)
    ctx.sink->write_objectives(first, count, scratch.objective_values);
  return true;
}

// Pulls blocks until none is left or a stop is requested; waits while a checkpoint runs.
void work(RunContext& ctx) {
  WorkerScratch scratch;
  for (;;) {
    ReplicateRange range;
    {
      std::unique_lock lock(ctx.gate_lock);
      ctx.gate.wait(lock, [&] { return !ctx.paused || ctx.should_stop(); });
      if (ctx.should_stop() || ctx.ended || ctx.next_block >= ctx.blocks.size()) return;
      range = ctx.blocks[ctx.next_block++];
      ++ctx.active;
    }
    bool finished = false;
    try {
      finished = run_block(ctx, range, scratch);
    } catch (...) {
      const std::lock_guard lock(ctx.gate_lock);
      --ctx.active;
      ctx.gate.notify_all();
      throw;
    }
    const std::lock_guard lock(ctx.gate_lock);
    --ctx.active;
    if (finished) ctx.results.completed.add(range);
    ctx.gate.notify_all();
  }
}

}  // namespace

std::uint64_t independent_seed(std::uint64_t seed, std::size_t scenario) {
  auto splitmix = [](std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  return splitmix(seed ^ splitmix(static_cast<std::uint64_t>(scenario) + 0x5CE9A2105EEDULL));
}

RunResults run_study(const Study& study, const RunSpec& spec, const Execution& execution,
                     const RunHooks& hooks, BlockSink* sink, RunResults start,
                     const ReplicateDesign* design) {
  if (spec.replicates == 0) throw InputError("replicates must be at least 1");
  const auto started = std::chrono::steady_clock::now();
  const unsigned threads = std::max(1U, execution.threads);
  RunContext ctx{study, spec,
                 hooks, sink,
                 {},    std::vector<std::uint64_t>(study.scenarios.size(), spec.seed),
                 {},    replicate_storage_plan(study, spec.summary_only),
                 {},    {}};
  ctx.design = design;
  ctx.summaries = execution.summaries;
  if (design) {
    if (spec.independent)
      throw InputError("an explicit design does not combine with --independent");
    ctx.samplers.emplace_back(study.parameters, design->uniforms, spec.central);
  } else if (spec.independent) {
    for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
      if (s != study.baseline) ctx.seeds[s] = independent_seed(spec.seed, s);
      ctx.samplers.emplace_back(study.parameters,
                                study_uniforms(study, ctx.seeds[s], spec.replicates), spec.central);
    }
  } else {
    ctx.samplers.emplace_back(study.parameters, study_uniforms(study, spec.seed, spec.replicates),
                              spec.central);
  }
  ctx.order.push_back(study.baseline);
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    if (s != study.baseline) ctx.order.push_back(s);
  }
  for (const Scenario& s : study.scenarios)
    ctx.effective_spend.push_back(effective_spend_schedule(study, s));

  const ReplicateRanges all(ReplicateRange{0, spec.replicates});
  if (execution.only.minus(all).count() > 0) {
    throw InputError("replicates " + execution.only.minus(all).describe() +
                     " are beyond the run's " + std::to_string(spec.replicates));
  }
  if (start.summaries.empty()) {
    start = empty_results(study, spec.sweep_months);
    if (execution.anchor_histograms && execution.summaries) {
      // The pilot depends only on (study, seed, replicate count, options): every part of a
      // split run computes the same anchors. It costs 64 replicates; they are simulated again
      // below (not reused), which keeps the pilot independent of what this part runs.
      Execution pilot = execution;
      pilot.anchor_histograms = false;
      pilot.only = ReplicateRanges(
          ReplicateRange{0, std::min<std::uint64_t>(kPilotReplicates, spec.replicates)});
      RunHooks pilot_hooks;
      pilot_hooks.stop = hooks.stop;
      const RunResults anchors = run_study(study, spec, pilot, pilot_hooks, nullptr, {}, design);
      // Long runs allocate every histogram bucket now, so their memory is flat in the replicate
      // count; short ones let windows grow with the values they meet, which is far smaller and
      // quicker (uk-2018 at 3 replicates: 1.7 GB and 16 s pre-sized). The layout of buckets,
      // hence every count and quantile, is the same either way; the choice depends only on the
      // run's replicate count, so every part of a split run makes the same one.
      const bool presize = spec.replicates >= kPresizeReplicates;
      for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
        start.summaries[s].set_anchors(anchors.summaries[s], presize);
        start.differences[s].set_anchors(anchors.differences[s], presize);
      }
      for (std::size_t o = 0; o < study.objectives.size(); ++o)
        start.objectives[o].set_anchors(anchors.objectives[o], presize);
    }
  }
  ctx.results = std::move(start);
  const ReplicateRanges to_run =
      (execution.only.empty() ? all : execution.only).minus(ctx.results.completed);
  // Blocks small enough to keep every thread busy and memory per worker small; the block
  // size does not change any result.
  const std::uint64_t block_size =
      std::clamp<std::uint64_t>(to_run.count() / (8ULL * threads), 1, 64);
  for (const ReplicateRange& r : to_run.ranges()) {
    for (std::uint64_t first = r.first; first < r.last; first += block_size)
      ctx.blocks.push_back({first, std::min(r.last, first + block_size)});
  }
  for (std::size_t s = 0; s < study.scenarios.size(); ++s)
    ctx.summary_locks.push_back(std::make_unique<std::mutex>());

  // Replicate-months simulated: the history once per replicate (per scenario under
  // --independent), the horizon per scenario.
  const std::uint64_t S = study.scenarios.size();
  const auto H = static_cast<std::uint64_t>(study.run.history_months);
  const auto T = static_cast<std::uint64_t>(study.run.months);
  const std::uint64_t total = to_run.count() * (spec.independent ? S * (H + T) : H + S * T);
  std::exception_ptr first_error;
  std::mutex error_lock;
  auto record_error = [&] {
    const std::lock_guard lock(error_lock);
    if (!first_error) first_error = std::current_exception();
    ctx.failed = true;
  };
  std::mutex done_lock;
  std::condition_variable done_signal;
  unsigned running = threads;
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < threads; ++w) {
    workers.emplace_back([&] {
      try {
        work(ctx);
      } catch (...) {
        record_error();
      }
      {
        const std::lock_guard lock(ctx.gate_lock);  // wake a checkpoint waiting for this worker
        ctx.gate.notify_all();
      }
      const std::lock_guard lock(done_lock);
      --running;
      done_signal.notify_all();
    });
  }
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  auto progress = [&] {
    return RunProgress{ctx.done_months.load(), total, seconds_since(started)};
  };
  auto last_checkpoint = std::chrono::steady_clock::now();
  auto checkpoint = [&] {
    std::unique_lock lock(ctx.gate_lock);
    ctx.paused = true;
    ctx.gate.wait(lock, [&] { return ctx.active == 0 || ctx.should_stop(); });
    if (ctx.active == 0 && !ctx.should_stop()) {
      try {
        hooks.on_checkpoint(ctx.results);
      } catch (...) {
        record_error();
      }
    }
    ctx.paused = false;
    ctx.gate.notify_all();
    last_checkpoint = std::chrono::steady_clock::now();
  };
  {
    std::unique_lock lock(done_lock);
    while (running > 0) {
      done_signal.wait_for(lock, std::chrono::milliseconds(250));
      if (running == 0) break;
      lock.unlock();
      const RunProgress now = progress();
      if (hooks.on_progress) hooks.on_progress(now);
      if (hooks.keep_going && !ctx.ended && !hooks.keep_going(now)) {
        const std::lock_guard gate_lock(ctx.gate_lock);
        ctx.ended = true;
        ctx.gate.notify_all();
      }
      if (hooks.on_checkpoint && hooks.checkpoint_seconds > 0 &&
          seconds_since(last_checkpoint) >= hooks.checkpoint_seconds) {
        checkpoint();
      }
      lock.lock();
    }
  }
  for (auto& w : workers) w.join();
  if (hooks.on_progress) hooks.on_progress(progress());
  if (first_error) std::rethrow_exception(first_error);
  if (hooks.stop && hooks.stop->load() != 0) throw Interrupted(hooks.stop->load());

  RunResults results = std::move(ctx.results);
  results.replicate_months = ctx.ended ? ctx.done_months.load() : total;
  results.seconds = seconds_since(started);
  return results;
}

}  // namespace fundsim
