#pragma once
// A toy stochastic simulator with known truth for the calibration tests, shaped like the UK
// referral series (tests/data/observations/toy.csv). Three parameters, driven by u in (0,1)^3:
//   r0 = 300 * 10^u0          industry referrals a month in 2012 (log-uniform 300..3,000)
//   g  = 0.8 * u1             yearly log-growth of referrals (0..0.8)
//   p  = 0.02 + 0.28 * u2     share of referrals that identify an offender (0.02..0.30)
// Year y = 0..6 (2012..2018): referrals R_y ~ Poisson(12 r0 exp(g y)), identified
// I_y ~ Binomial(R_y, p). Replicate r of a request uses Stream(StreamKey{kToySeed, stream id},
// Domain::model, year) — the way the engine will use the stream ids.
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "calibration/observations.hpp"
#include "calibration/simulation_batch.hpp"
#include "random/samplers.hpp"
#include "random/stream.hpp"

namespace fundsim::calibration::toy {

inline constexpr std::uint64_t kToySeed = 20120101;
inline constexpr int kYears = 7;
inline const Month kFirstMonth = Month::of(2012, 1);

inline std::string data_path(const std::string& name) {
  return std::string(FUNDSIM_SOURCE_DIR) + "/tests/data/observations/" + name;
}

inline ObservationVocabulary vocabulary() {
  return {{"referrals", "identified"},
          {"noncontact", "groomer", "prolific"},
          Period{Month::of(2012, 1), Month::of(2018, 9)}};
}

struct Parameters {
  double r0, g, p;
};
inline Parameters parameters(std::span<const double> u) {
  return {300 * std::pow(10.0, u[0]), 0.8 * u[1], 0.02 + 0.28 * u[2]};
}

// One trajectory: referrals and identified for each year.
struct Trajectory {
  double referrals[kYears];
  double identified[kYears];
};
inline Trajectory simulate_one(std::span<const double> u, std::uint64_t stream_id) {
  const Parameters q = parameters(u);
  Trajectory t{};
  for (int y = 0; y < kYears; ++y) {
    Stream s(StreamKey{kToySeed, stream_id}, Domain::model, static_cast<std::uint64_t>(y));
    const std::int64_t r = sample_poisson(12 * q.r0 * std::exp(q.g * y), s);
    t.referrals[y] = static_cast<double>(r);
    t.identified[y] = static_cast<double>(sample_binomial(r, q.p, s));
  }
  return t;
}

// The simulated value of an observation (whole calendar years only, as in toy.csv).
inline double observe(const Observation& o, const Trajectory& t) {
  std::vector<double> monthly(kYears * 12);  // spread each year evenly over its months
  for (int y = 0; y < kYears; ++y)
    for (int m = 0; m < 12; ++m)
      monthly[static_cast<std::size_t>(y * 12 + m)] =
          (o.metric == "referrals" ? t.referrals[y] : t.identified[y]) / 12;
  return simulated_value(o, kFirstMonth, monthly);
}

// The batch callback. `reverse` computes the requests last to first (order must not matter).
inline BatchSimulator simulator(std::vector<Observation> observations, bool reverse = false,
                                std::uint64_t* calls = nullptr) {
  return [observations, reverse, calls](const SimulationBatch& batch, std::span<double> out) {
    if (calls) ++*calls;
    for (std::size_t k = 0; k < batch.size(); ++k) {
      const std::size_t i = reverse ? batch.size() - 1 - k : k;
      for (std::size_t r = 0; r < batch.replicates; ++r) {
        const Trajectory t = simulate_one(batch.point(i), batch.first_stream[i] + r);
        for (std::size_t j = 0; j < observations.size(); ++j)
          out[batch.output_index(i, r, j)] = observe(observations[j], t);
      }
    }
  };
}

// Targets of toy.csv, without the relative discrepancy; two carry an absolute one instead, so
// that synthetic data can be generated from exactly the model the likelihood assumes.
inline std::vector<Target> toy_targets(const std::vector<Observation>& observations) {
  std::vector<Target> targets = make_targets(observations, DiscrepancySpec{0.0, {}});
  for (Target& t : targets) {
    if (t.label == "referrals 2017") t.discrepancy_sd = 3000;
    if (t.label == "identified 2014") t.discrepancy_sd = 100;
  }
  return targets;
}

// z given y from the target's model, discrepancy included (see observation_model.hpp).
inline double draw_observation(const Target& t, double y, Stream& s) {
  const boost::math::normal standard;
  if (t.model == ObservationModel::normal)
    return y + std::sqrt(t.sd * t.sd + t.discrepancy_sd * t.discrepancy_sd) *
                   quantile(standard, s.uniform());
  const double mu = y * t.scale, disc = t.discrepancy_sd * t.scale;
  double extra = disc * disc;
  if (t.model == ObservationModel::negative_binomial) extra += mu * mu / t.dispersion;
  double rate = mu;
  if (extra > 0 && mu > 0) {  // gamma mixing factor with mean 1 and variance extra / mu^2
    const double shape = mu * mu / extra;
    rate *= quantile(boost::math::gamma_distribution<>(shape, 1 / shape), s.uniform());
  }
  return static_cast<double>(sample_poisson(rate, s)) / t.scale;
}

struct SyntheticData {
  std::vector<double> truth;
  std::vector<Target> targets;
};

inline SyntheticData synthetic(std::size_t set, const std::vector<Observation>& observations) {
  SyntheticData d;
  Stream s(StreamKey{7000 + set, 0}, Domain::model, 0);
  for (int j = 0; j < 3; ++j) d.truth.push_back(s.uniform());
  const toy::Trajectory t = simulate_one(d.truth, (std::uint64_t{1} << 62) + set);
  d.targets = toy_targets(observations);
  for (std::size_t j = 0; j < observations.size(); ++j)
    d.targets[j].value = draw_observation(d.targets[j], observe(observations[j], t), s);
  return d;
}

}  // namespace fundsim::calibration::toy
