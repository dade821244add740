#include "analysis/objective_summary.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "errors.hpp"

namespace fundsim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double objective_value(const Objective& objective, const BlockTotals& totals, std::size_t r) {
  double value = 0;
  for (const auto& [metric, weight] : objective.weights) {
    const std::int64_t total =
        objective.year < 0 ? totals.over_horizon(r, metric)
                           : totals.in_year(r, metric, static_cast<std::size_t>(objective.year));
    value += weight * static_cast<double>(total);
  }
  return value;
}

std::int64_t to_fixed_point(double value) {
  const double scaled = value * kObjectiveScale;
  if (!(std::fabs(scaled) < 0x1p62)) {
    throw NumericError("an objective's value " + std::to_string(value) +
                       " is too large to summarise exactly (weights too large?)");
  }
  return std::llround(scaled);
}

std::vector<ChoiceSet> choice_sets(const Study& study) {
  std::vector<ChoiceSet> sets;
  ChoiceSet all{"all", {}}, named{"named", {}};
  std::vector<ChoiceSet> sweeps;
  for (std::size_t s = 0; s < study.scenarios.size(); ++s) {
    all.scenarios.push_back(s);
    const std::string& sweep = study.scenarios[s].sweep;
    if (sweep.empty()) {
      named.scenarios.push_back(s);
      continue;
    }
    if (sweeps.empty() || sweeps.back().name != "sweep:" + sweep)
      sweeps.push_back({"sweep:" + sweep, {}});
    sweeps.back().scenarios.push_back(s);
  }
  for (ChoiceSet* set : {&all, &named})
    if (set->scenarios.size() >= 2) sets.push_back(*set);
  for (ChoiceSet& set : sweeps)
    if (set.scenarios.size() >= 2) sets.push_back(std::move(set));
  return sets;
}

ObjectiveSummary::ObjectiveSummary(const Study& study, std::size_t objective)
    : info_(study.objectives.at(objective)),
      objective_(objective),
      values_(study.scenarios.size()),
      beats_(study.scenarios.size(), 0),
      sets_(choice_sets(study)) {
  for (const ChoiceSet& set : sets_)
    set_totals_.push_back({std::vector<std::uint64_t>(set.scenarios.size(), 0), 0});
}

void ObjectiveSummary::add(std::span<const double> values, std::size_t replicates) {
  const Objective& o = info_;
  const std::size_t S = values_.size();
  if (values.size() != S * replicates) throw std::invalid_argument("ObjectiveSummary::add: shape");
  std::vector<std::int64_t> fixed(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) fixed[i] = to_fixed_point(values[i]);
  const auto util = [&](std::size_t s, std::size_t r) {
    const std::int64_t v = fixed[s * replicates + r];
    return o.direction == Direction::maximise ? v : -v;
  };
  for (std::size_t s = 0; s < S; ++s) {
    for (std::size_t r = 0; r < replicates; ++r) {
      values_[s].add(fixed[s * replicates + r]);
      const std::int64_t mine = util(s, r), theirs = util(o.reference, r);
      beats_[s] += mine > theirs ? 2 : mine == theirs ? 1 : 0;
    }
  }
  for (std::size_t k = 0; k < sets_.size(); ++k) {
    const std::vector<std::size_t>& members = sets_[k].scenarios;
    SetTotals& totals = set_totals_[k];
    for (std::size_t r = 0; r < replicates; ++r) {
      std::int64_t best = std::numeric_limits<std::int64_t>::min();
      std::uint64_t ties = 0;
      for (const std::size_t s : members) {
        const std::int64_t u = util(s, r);
        if (u > best)
          best = u, ties = 1;
        else if (u == best)
          ++ties;
      }
      totals.best += best;
      for (std::size_t i = 0; i < members.size(); ++i)
        if (util(members[i], r) == best) totals.wins[i] += kTieUnits / ties;
    }
  }
  n_ += replicates;
}

void ObjectiveSummary::merge(const ObjectiveSummary& other) {
  if (other.values_.size() != values_.size() || other.sets_.size() != sets_.size())
    throw std::invalid_argument("ObjectiveSummary::merge: summaries of different shapes");
  for (std::size_t s = 0; s < values_.size(); ++s) {
    values_[s].merge(other.values_[s]);
    beats_[s] += other.beats_[s];
  }
  for (std::size_t k = 0; k < set_totals_.size(); ++k) {
    for (std::size_t i = 0; i < set_totals_[k].wins.size(); ++i)
      set_totals_[k].wins[i] += other.set_totals_[k].wins[i];
    set_totals_[k].best += other.set_totals_[k].best;
  }
  n_ += other.n_;
}

void ObjectiveSummary::set_anchors(const ObjectiveSummary& pilot, bool presize) {
  for (std::size_t s = 0; s < values_.size(); ++s)
    values_[s].histogram.set_anchors_from(pilot.values_[s].histogram, presize);
}

double ObjectiveSummary::mean(std::size_t s) const {
  return values_[s].moments.mean() / kObjectiveScale;
}

double ObjectiveSummary::se(std::size_t s) const {
  const Moments& m = values_[s].moments;
  if (m.n < 2) return kNaN;
  return m.sd() / std::sqrt(static_cast<double>(m.n)) / kObjectiveScale;
}

double ObjectiveSummary::quantile(std::size_t s, double level) const {
  return values_[s].histogram.quantile(level) / kObjectiveScale;
}

double ObjectiveSummary::cvar(std::size_t s, double share) const {
  const auto buckets = values_[s].histogram.buckets();
  const double n = static_cast<double>(values_[s].moments.n);
  if (buckets.empty() || !(share > 0)) return kNaN;
  const bool worst_high = info_.direction == Direction::minimise;
  double want = share * n, sum = 0, taken = 0;
  const auto take = [&](const std::pair<double, std::uint64_t>& b) {
    const double c = std::min(static_cast<double>(b.second), want - taken);
    sum += c * b.first;
    taken += c;
  };
  if (worst_high) {
    for (auto it = buckets.rbegin(); it != buckets.rend() && taken < want; ++it) take(*it);
  } else {
    for (auto it = buckets.begin(); it != buckets.end() && taken < want; ++it) take(*it);
  }
  return sum / taken / kObjectiveScale;
}

double ObjectiveSummary::p_beat(std::size_t s) const {
  if (n_ == 0) return kNaN;
  return static_cast<double>(beats_[s]) / static_cast<double>(2 * n_);
}

double ObjectiveSummary::score(std::size_t s) const {
  const Objective& o = info_;
  switch (o.risk) {
    case RiskMeasure::mean:
      return mean(s);
    case RiskMeasure::quantile:
      return quantile(s, o.level);
    case RiskMeasure::cvar:
      return cvar(s, o.level);
    case RiskMeasure::p_beat:
      return p_beat(s);
  }
  return kNaN;
}

namespace {
std::size_t position(const ChoiceSet& set, std::size_t s) {
  for (std::size_t i = 0; i < set.scenarios.size(); ++i)
    if (set.scenarios[i] == s) return i;
  return set.scenarios.size();
}
}  // namespace

double ObjectiveSummary::p_best(std::size_t set, std::size_t s) const {
  const std::size_t i = position(sets_[set], s);
  if (i == sets_[set].scenarios.size() || n_ == 0) return kNaN;
  return static_cast<double>(set_totals_[set].wins[i]) /
         (static_cast<double>(kTieUnits) * static_cast<double>(n_));
}

double ObjectiveSummary::expected_loss(std::size_t set, std::size_t s) const {
  if (position(sets_[set], s) == sets_[set].scenarios.size() || n_ == 0) return kNaN;
  // E[best utility] - E[utility of s]; utility = +-value, so the sum of s's utilities is
  // +-(its values' sum).
  const int128 sum = values_[s].moments.sum;
  const int128 own = info_.direction == Direction::maximise ? sum : -sum;
  const int128 loss = set_totals_[set].best - own;  // >= 0: best >= own replicate by replicate
  return static_cast<double>(loss) / static_cast<double>(n_) / kObjectiveScale;
}

double ObjectiveSummary::evpi_naive(std::size_t set) const {
  double smallest = kNaN;
  for (const std::size_t s : sets_[set].scenarios) {
    const double loss = expected_loss(set, s);
    if (!(loss >= smallest)) smallest = loss;  // EVPI = min_s E[loss_s]
  }
  return smallest;
}

}  // namespace fundsim
