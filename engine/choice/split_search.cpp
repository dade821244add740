#include "choice/split_search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "choice/decision_data.hpp"
#include "decision/decision_summary.hpp"
#include "decision/risk_measures.hpp"
#include "errors.hpp"
#include "run/evaluate.hpp"

namespace fundsim::choice {

namespace {

// The study whose scenarios are the study's scenarios `kept` followed by one scenario per split;
// its only objective is the searched one (its p_beat reference among `kept`).
Study candidate_study(const Study& study, const SplitSearchSettings& settings,
                      const std::vector<std::size_t>& kept,
                      std::span<const decision::Shares> splits) {
  Study out = study;
  out.scenarios.clear();
  for (std::size_t k : kept) out.scenarios.push_back(study.scenarios[k]);
  for (std::size_t i = 0; i < splits.size(); ++i) {
    Scenario s;
    s.name = "split " + std::to_string(i);
    s.budget = settings.budget;
    s.start_month = settings.start_month;
    s.duration_months = settings.duration_months;
    s.share.assign(study.levers.size(), 0.0);
    for (std::size_t j = 0; j < settings.levers.size(); ++j)
      s.share[settings.levers[j]] = splits[i][j];
    out.scenarios.push_back(std::move(s));
  }
  // The baseline only orders the simulation here (no paired summaries are made): the first
  // scenario, kept or split.
  out.baseline = 0;
  Objective objective = study.objectives[settings.objective];
  if (objective.risk == RiskMeasure::p_beat) {
    const auto at = std::find(kept.begin(), kept.end(), objective.reference);
    if (at == kept.end()) throw Error("internal: the p_beat reference is not evaluated");
    objective.reference = static_cast<std::size_t>(at - kept.begin());
  }
  out.objectives = {objective};
  out.parameter_groups.clear();
  return out;
}

std::vector<std::size_t> with_reference(const Study& study, const SplitSearchSettings& settings,
                                        std::vector<std::size_t> kept) {
  const Objective& o = study.objectives[settings.objective];
  if (o.risk == RiskMeasure::p_beat &&
      std::find(kept.begin(), kept.end(), o.reference) == kept.end()) {
    kept.push_back(o.reference);
    std::sort(kept.begin(), kept.end());
  }
  return kept;
}

}  // namespace

std::uint64_t fresh_seed(std::uint64_t seed) {
  std::uint64_t z = seed ^ 0x66726573682D7265ULL;  // "fresh-re"
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double score_sign(const Objective& objective) {
  if (objective.risk == RiskMeasure::p_beat) return 1.0;
  return objective.direction == Direction::maximise ? 1.0 : -1.0;
}

decision::Estimate objective_score(const Objective& objective, const Eigen::VectorXd& values,
                                   const Eigen::VectorXd* reference) {
  switch (objective.risk) {
    case RiskMeasure::mean:
      return decision::mean_of(values);
    case RiskMeasure::quantile:
      return decision::quantile_of(values, objective.level);
    case RiskMeasure::cvar:
      return decision::cvar_of(values, objective.level, direction_of(objective));
    case RiskMeasure::p_beat:
      if (!reference) throw Error("internal: p_beat needs the reference's values");
      return decision::prob_beating(values, *reference, direction_of(objective));
  }
  return {};
}

void check_split_settings(const Study& study, const SplitSearchSettings& s) {
  if (s.objective >= study.objectives.size()) throw InputError("no such objective");
  if (s.levers.empty()) throw InputError("no levers to split the budget over");
  for (std::size_t j = 0; j < s.levers.size(); ++j) {
    if (s.levers[j] >= study.levers.size()) throw InputError("no such lever");
    for (std::size_t k = 0; k < j; ++k)
      if (s.levers[k] == s.levers[j])
        throw InputError("lever '" + study.levers[s.levers[j]].name + "' is listed twice");
  }
  if (s.bounds.lower.size() != s.levers.size() || s.bounds.upper.size() != s.levers.size())
    throw InputError("one share bound per lever is needed");
  decision::check_share_bounds(s.bounds);
  if (!(s.budget > 0.0) || !std::isfinite(s.budget))
    throw InputError("the budget must be a positive amount of money");
  if (s.duration_months < 1) throw InputError("the duration must be at least one month");
  if (s.start_month < 0 || s.start_month >= study.run.months)
    throw InputError("the start month must be within the run (0 .. " +
                     std::to_string(study.run.months - 1) + ")");
  if (s.replicates < 2 || s.fresh_replicates == 1)
    throw InputError("at least 2 replicates are needed for a standard error");
  if (s.finalists < 1) throw InputError("at least one finalist is needed");
  if (s.central && s.design)
    throw InputError("central values and a posterior design do not combine");
  if (s.tolerance.value < 0.0 || !std::isfinite(s.tolerance.value))
    throw InputError("the tolerance must be a number >= 0");
}

SplitEvaluator::SplitEvaluator(const Study& study, const SplitSearchSettings& settings,
                               std::uint64_t replicates, std::uint64_t seed, const RunHooks& hooks)
    : study_(study), settings_(settings), replicates_(replicates), seed_(seed), hooks_(hooks) {
  check_split_settings(study, settings);
  if (settings.design) design_ = settings.design(seed);
}

std::vector<decision::Estimate> SplitEvaluator::score(std::span<const decision::Shares> splits,
                                                      Eigen::MatrixXd* values,
                                                      const std::vector<std::size_t>& with,
                                                      Eigen::MatrixXd* with_values) {
  const std::vector<std::size_t> kept = with_reference(study_, settings_, with);
  if (kept.empty() && splits.empty()) return {};
  const Study study = candidate_study(study_, settings_, kept, splits);
  EvaluationRequest request;
  request.replicates = replicates_;
  request.seed = seed_;
  request.central = settings_.central;
  request.threads = settings_.threads;
  request.design = design_.get();
  const Evaluation e = evaluate(study, request, hooks_);
  scenario_replicates_ += study.scenarios.size() * replicates_;

  const auto N = static_cast<Eigen::Index>(replicates_);
  const auto column = [&](std::size_t s) {
    Eigen::VectorXd v(N);
    for (Eigen::Index r = 0; r < N; ++r) v[r] = e.objective(0, s, static_cast<std::size_t>(r));
    return v;
  };
  const Objective& objective = study.objectives[0];
  Eigen::VectorXd reference;
  if (objective.risk == RiskMeasure::p_beat) reference = column(objective.reference);
  std::vector<decision::Estimate> scores(splits.size());
  if (values) values->resize(N, static_cast<Eigen::Index>(splits.size()));
  for (std::size_t i = 0; i < splits.size(); ++i) {
    const Eigen::VectorXd v = column(kept.size() + i);
    scores[i] =
        objective_score(objective, v, objective.risk == RiskMeasure::p_beat ? &reference : nullptr);
    if (values) values->col(static_cast<Eigen::Index>(i)) = v;
  }
  if (with_values) {
    with_values->resize(N, static_cast<Eigen::Index>(with.size()));
    for (std::size_t j = 0; j < with.size(); ++j) {
      const auto at = std::find(kept.begin(), kept.end(), with[j]);
      with_values->col(static_cast<Eigen::Index>(j)) =
          column(static_cast<std::size_t>(at - kept.begin()));
    }
  }
  return scores;
}

SplitSearchResult search_split(const Study& study, const SplitSearchSettings& settings,
                               const RunHooks& hooks,
                               const std::function<void(const std::string&)>& progress) {
  const auto started = std::chrono::steady_clock::now();
  check_split_settings(study, settings);
  const Objective& objective = study.objectives[settings.objective];
  const double sign = score_sign(objective);
  const auto say = [&](const std::string& text) {
    if (progress) progress(text);
  };

  // (1) The search, on the search replicates: the optimiser minimises -sign x score.
  SplitEvaluator search(study, settings, settings.replicates, settings.seed, hooks);
  std::map<decision::Shares, decision::Estimate> scored;
  std::size_t batches = 0;
  const decision::BatchObjective batch = [&](std::span<const decision::Shares> candidates,
                                             std::span<double> out) {
    const std::vector<decision::Estimate> scores = search.score(candidates);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      out[i] = -sign * scores[i].value;
      scored.emplace(candidates[i], scores[i]);
    }
    if (++batches % 25 == 0 || candidates.size() > 1)
      say(std::to_string(scored.size()) + " splits scored");
  };
  const decision::SplitResult found =
      decision::optimise_split(batch, settings.bounds, settings.search);
  SplitSearchResult out;
  out.grid_points = found.grid_points;
  out.search_best = found.best;
  for (const decision::Candidate& c : found.evaluated)
    out.evaluated.push_back({c.shares, scored.at(c.shares), c.phase, c.start});

  // (2) The finalists: the best splits of the search (ties in evaluation order), each at least
  // half a grid step (largest share difference) from the finalists before it, so that they
  // describe the near-optimal region rather than the refinement's steps around one point.
  std::vector<std::size_t> ranked(found.evaluated.size());
  std::iota(ranked.begin(), ranked.end(), std::size_t{0});
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
    return found.evaluated[a].value < found.evaluated[b].value;
  });
  const double separation = settings.search.grid_step / 2;
  std::vector<std::size_t> order;
  std::vector<decision::Shares> shares;
  for (std::size_t i : ranked) {
    if (order.size() == settings.finalists) break;
    const decision::Shares& candidate = found.evaluated[i].shares;
    bool apart = true;
    for (const decision::Shares& f : shares) {
      double gap = 0;
      for (std::size_t l = 0; l < f.size(); ++l)
        gap = std::max(gap, std::fabs(f[l] - candidate[l]));
      apart = apart && gap >= separation * (1 - 1e-9);
    }
    if (!apart) continue;
    order.push_back(i);
    shares.push_back(candidate);
  }

  // (3) Fresh replicates: the finalists, the baseline, the named scenarios (and the p_beat
  // reference), all on the same new replicates.
  out.fresh_seed = fresh_seed(settings.seed);
  out.fresh_replicates =
      settings.fresh_replicates ? settings.fresh_replicates : settings.replicates;
  say("scoring " + std::to_string(shares.size()) + " finalists on " +
      std::to_string(out.fresh_replicates) + " fresh replicates");
  std::vector<std::size_t> named;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s)
    if (study.scenarios[s].sweep.empty() || s == study.baseline) named.push_back(s);
  SplitEvaluator fresh(study, settings, out.fresh_replicates, out.fresh_seed, hooks);
  const std::vector<decision::Estimate> finals =
      fresh.score(shares, &out.finalist_values, named, &out.comparison_values);
  out.scenario_replicates = search.scenario_replicates() + fresh.scenario_replicates();

  for (std::size_t k = 0; k < shares.size(); ++k) {
    out.finalists.push_back({order[k], finals[k], 0.0, 0.0, 0.0, false});
    if (sign * finals[k].value > sign * finals[out.best].value) out.best = k;
  }
  const decision::DecisionSummary among =
      decision::summarise_decision(out.finalist_values, direction_of(objective));
  const double best_score = finals[out.best].value;

  const auto N = static_cast<Eigen::Index>(out.fresh_replicates);
  const Eigen::VectorXd best_values = out.finalist_values.col(static_cast<Eigen::Index>(out.best));
  const Better better = objective.direction == Direction::maximise ? Better::higher : Better::lower;
  double baseline_score = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t j = 0; j < named.size(); ++j) {
    const Eigen::VectorXd v = out.comparison_values.col(static_cast<Eigen::Index>(j));
    Eigen::VectorXd reference;
    if (objective.risk == RiskMeasure::p_beat) {
      const auto at = std::find(named.begin(), named.end(), objective.reference);
      reference = out.comparison_values.col(static_cast<Eigen::Index>(at - named.begin()));
    }
    Comparison c;
    c.scenario = named[j];
    c.score =
        objective_score(objective, v, objective.risk == RiskMeasure::p_beat ? &reference : nullptr);
    c.difference = paired_statistics(std::span<const double>(best_values.data(), N),
                                     std::span<const double>(v.data(), N), better);
    if (named[j] == study.baseline) baseline_score = c.score.value;
    out.comparisons.push_back(std::move(c));
  }
  out.tolerance = settings.tolerance.relative
                      ? settings.tolerance.value * std::fabs(best_score - baseline_score)
                      : settings.tolerance.value;
  for (std::size_t k = 0; k < out.finalists.size(); ++k) {
    Finalist& f = out.finalists[k];
    f.expected_loss = sign * (best_score - f.score.value);
    f.expected_loss_se = std::numeric_limits<double>::quiet_NaN();
    if (objective.risk == RiskMeasure::mean) {
      const Eigen::VectorXd d = out.finalist_values.col(static_cast<Eigen::Index>(k)) - best_values;
      f.expected_loss_se = decision::mean_of(d).standard_error;
    }
    f.p_best = among.prob_best[static_cast<Eigen::Index>(k)];
    f.near_optimal = f.expected_loss <= out.tolerance;
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace fundsim::choice
