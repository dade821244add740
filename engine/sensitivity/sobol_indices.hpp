#pragma once
// First-order and total Sobol' indices of one integer model output from a Saltelli design
// (saltelli_design.hpp), with the model's random stream as factor D+1, accumulated in exact
// 128-bit integer sums so that any split of the base rows (threads, shards, MPI ranks), added
// in any order and merged, gives bitwise the same indices.
//
// Estimators, per factor k (parameter j, or the stream), over base rows i (Saltelli et al.
// 2010, Table 2; f_k = the AB_k output):
//   V    = variance of the 2N outputs f_A, f_B (plug-in, divisor 2N)
//   S1_k = (1/N) sum (f_B - m)(f_k - f_A) / V      Saltelli et al. (2010), eq. (b); centred at
//                                                   the mean m of the 2N outputs, which leaves
//                                                   the expectation unchanged (E f_k = E f_A)
//                                                   and removes the m^2 term from its variance
//   ST_k = (1/2N) sum (f_A - f_k)^2 / V             Jansen (1999), Computer Physics
//                                                   Communications 117
// Confidence intervals: Poisson bootstrap over base rows (bootstrap_weights.hpp), percentile
// intervals. The bootstrap treats base rows as independent draws, so for a scrambled Sobol'
// design it is conservative: randomised QMC errors are usually far smaller (with the linear
// matrix scramble they are heavy-tailed: most scrambles far better, a few comparable).
//
// Meaning when the model is stochastic. V = Var(Y) includes the variance of the model's own
// randomness. The stream's total index ST_noise = E[Var(Y | parameters)] / V is the noise
// share: the part of V that no knowledge of the parameters could remove. A parameter's S1_j =
// Var(E[Y | X_j]) / V and ST_j = E[Var(Y | everything but X_j)] / V are shares of V including
// the noise (the S1_j add up to at most 1 - noise share). Relative to the variance that the
// parameters can explain, V_p = Var(E[Y | parameters]) = V (1 - ST_noise):
//   S1_j / (1 - ST_noise) is exactly S1_j of the noise-free model E[Y | parameters];
//   ST_j / (1 - ST_noise) is an upper bound on ST_j of the noise-free model, equal to it when X_j
//     does not interact with the noise (e.g. additive noise); the excess is X_j's interaction
//     with the model's randomness.
// Because AB_j keeps A's random numbers, noise that does not depend on X_j cancels in
// f_k - f_A: it adds nothing to ST_j, and a parameter the model does not use gets exactly 0.
//
// Outputs are integers: counts, or differences of counts between two scenarios. A real-valued
// output y is quantised as llround(y * scale) with scale chosen so that sd(y) * scale >= 1e4
// (rounding then adds 1/12 unit^2 of variance, < 1e-9 of V) and max |y| * scale <= 2^40
// (~1.1e12; no 128-bit sum can then overflow for any N < 2^32). Indices do not depend on the
// scale otherwise.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/moments.hpp"
#include "sensitivity/bootstrap_weights.hpp"
#include "sensitivity/percentile_interval.hpp"

namespace fundsim::sensitivity {

// One factor's indices (a parameter, or the model's random stream).
struct FactorIndices {
  double first_order = 0;  // S1
  double total = 0;        // ST
  Interval first_order_interval;
  Interval total_interval;
  // S1 and ST divided by (1 - noise share): relative to Var(E[Y | parameters]) (see above).
  // NaN for the stream itself, and when the noise share is 1.
  double first_order_noise_free = 0;
  double total_noise_free = 0;
  Interval first_order_noise_free_interval;
  Interval total_noise_free_interval;
};

struct SobolIndices {
  std::uint64_t base_rows = 0;
  double confidence = 0.95;
  double mean = 0;                 // of the 2N outputs f_A, f_B
  double variance = 0;             // V = Var(Y), including the model's noise
  double noise_free_variance = 0;  // V (1 - noise share) = Var(E[Y | parameters])
  std::vector<FactorIndices> parameters;
  FactorIndices noise;  // the random stream as a factor
  double noise_share() const { return noise.total; }
  Interval noise_share_interval() const { return noise.total_interval; }
};

class SobolAccumulator {
 public:
  static constexpr std::size_t kDefaultBootstrapReplicates = 200;

  // Throws InputError unless parameters >= 1.
  SobolAccumulator(std::size_t parameters, std::uint64_t bootstrap_seed,
                   std::size_t bootstrap_replicates = kDefaultBootstrapReplicates);

  std::size_t parameters() const { return parameters_; }
  std::uint64_t bootstrap_seed() const { return seed_; }
  std::size_t bootstrap_replicates() const { return replicates_; }
  std::uint64_t base_rows() const;  // base rows added so far

  // Adds one base row's D+3 outputs, in SaltelliDesign's slot order: A, B, AB_0 .. AB_{D-1},
  // AB_noise. Each base row must be added once, to one accumulator. Throws Error for a wrong count,
  // NumericError (leaving the accumulator as it was) if a 128-bit sum could overflow: outputs up to
  // 2^40 in magnitude are safe for any N < 2^32 (the check is on a running bound, sum over rows of
  // max weight x max |term|, so near the limit whether a row is refused can depend on how the rows
  // were split; results never do).
  void add(std::uint64_t base_row, std::span<const std::int64_t> outputs);
  // The same with the row's bootstrap weights drawn once and shared by many outputs;
  // weights must be BootstrapWeights::poisson(bootstrap_seed(), base_row, replicates).
  void add(const BootstrapWeights& weights, std::span<const std::int64_t> outputs);
  // Adds another accumulator's rows (same parameters, seed and replicates, else Error;
  // NumericError if the sums could overflow).
  void merge(const SobolAccumulator& other);

  // Indices and percentile intervals at the given confidence level. NaN where V = 0.
  SobolIndices indices(double confidence = 0.95) const;

  // The exact state, for checkpoints and MPI: (replicates + 1) blocks of 3 + 3 (D + 1) sums
  // (block 0 unweighted, block b the bootstrap replicate b - 1).
  std::span<const int128> sums() const { return sums_; }
  static SobolAccumulator from_sums(std::size_t parameters, std::uint64_t bootstrap_seed,
                                    std::size_t bootstrap_replicates, std::span<const int128> sums);

 private:
  std::size_t block_size() const { return 3 + 3 * (parameters_ + 1); }
  std::size_t parameters_;
  std::uint64_t seed_;
  std::size_t replicates_;
  std::vector<int128> sums_;
  uint128 magnitude_bound_ = 0;  // no sum exceeds this in magnitude
};

}  // namespace fundsim::sensitivity
