// Regression EVPPI against nested Monte Carlo on a small noisy simulator (brute force).
//
// The simulator has uncertain parameters t1 ~ U(0,1), t2 ~ N(0,1), t3 ~ LogNormal(0, 0.5) and
// five parameters with no effect, and noise: a shared N(0,1) shock c (common random numbers),
// heteroscedastic noise in option 1 and noise inside a nonlinearity in option 2:
//   U0 = c
//   U1 = 1.2 sin(pi t1) - 0.7 + 0.3 t2 + 0.5 (0.5 + t1) z1 + c
//   U2 = 0.9 t3 max(t2 + 0.8 z2, 0) - 0.55 + c
// The brute-force EVPPI of a group uses the same outer draws of the group as the regression
// (so both share the outer sampling error and the comparison isolates the regression's error)
// and computes each conditional mean E[U_d | group] by an inner expectation over the other
// parameters and the noise with deterministic midpoint-quantile rules (4,000 points for a
// noise, 200 per parameter), accurate to ~1e-4.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "decision/value_of_information.hpp"
#include "noisy_toy.hpp"

namespace fundsim::decision {
namespace {

using testing::simulate;
using testing::Toy;

std::vector<double> midpoint_normals(int m) {
  const boost::math::normal_distribution<double> z;
  std::vector<double> out(static_cast<std::size_t>(m));
  for (int j = 0; j < m; ++j)
    out[static_cast<std::size_t>(j)] = boost::math::quantile(z, (j + 0.5) / m);
  return out;
}

// mean_i max_d m_id - max_d mean_i m_id.
double evppi_from(const Eigen::MatrixXd& m) {
  double mean_max = 0.0;
  for (Eigen::Index i = 0; i < m.rows(); ++i) mean_max += m.row(i).maxCoeff();
  return mean_max / static_cast<double>(m.rows()) - m.colwise().mean().maxCoeff();
}

class BruteForce : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    toy_ = new Toy(simulate(2000, 31));
    noise_ = new std::vector<double>(midpoint_normals(4000));
    normals_ = new std::vector<double>(midpoint_normals(200));
  }
  static void TearDownTestSuite() {
    delete toy_;
    delete noise_;
    delete normals_;
  }
  // E over the noise z2 of max(t2 + 0.8 z2, 0).
  static double positive_part(double t2) {
    double s = 0.0;
    for (const double z : *noise_) s += std::max(t2 + 0.8 * z, 0.0);
    return s / static_cast<double>(noise_->size());
  }
  static VoiOptions options() {
    VoiOptions o;
    o.seed = 7;
    o.posterior_draws = 100;
    o.gp_hyper_subsample = 300;
    o.gp_fit_subsample = 2000;  // all replicates: a subsample adds regression noise
    o.gp_se_points = 400;
    return o;
  }
  static Toy* toy_;
  static std::vector<double>* noise_;
  static std::vector<double>* normals_;
};
Toy* BruteForce::toy_ = nullptr;
std::vector<double>* BruteForce::noise_ = nullptr;
std::vector<double>* BruteForce::normals_ = nullptr;

// EVPI = EVPPI of all parameters: inner expectation over the noise only.
TEST_F(BruteForce, EvpiOfAllParameters) {
  const Eigen::Index n = toy_->theta.rows();
  Eigen::MatrixXd m(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t1 = toy_->theta(i, 0), t2 = toy_->theta(i, 1), t3 = toy_->theta(i, 2);
    double z1_mean = 0.0;  // midpoint rule: exactly symmetric, so 0 up to rounding
    for (const double z : *noise_) z1_mean += z;
    z1_mean /= static_cast<double>(noise_->size());
    m(i, 0) = 0.0;
    m(i, 1) = 1.2 * std::sin(std::numbers::pi * t1) - 0.7 + 0.3 * t2 + 0.5 * (0.5 + t1) * z1_mean;
    m(i, 2) = 0.9 * t3 * positive_part(t2) - 0.55;
  }
  const double truth = evppi_from(m);
  const EvpiResult r =
      value_of_perfect_information(toy_->values, toy_->theta, Direction::maximise, options());
  // Tolerance 0.04: the comparison shares the outer draws, so only the regression's error
  // counts; over seeds 31-38 it ranged -0.015..+0.025 (regression se ~0.013 plus an upward bias
  // of ~0.01 from fitting noise into a mean of maxima).
  EXPECT_NEAR(r.evpi.value, truth, 0.04);
  // The model's noise inflates the naive estimate far beyond that.
  EXPECT_GT(r.replicates.evpi.value, truth + 0.1);
  // The GP check runs on the six most important parameters, which must include the three that
  // matter (ranked by the additive model's main effects).
  const auto& top = r.top_parameters;
  ASSERT_EQ(top.size(), 6u);
  for (const Eigen::Index p : {0, 1, 2}) {
    EXPECT_NE(std::find(top.begin(), top.end(), p), top.end()) << "parameter " << p;
  }
}

// The inner expectations that do not depend on the outer group, by product midpoint rules.
struct InnerConstants {
  double option1_without_t2 = 0.0;  // E[1.2 sin(pi t1) + 0.5 (0.5 + t1) z1] over t1, z1
  double option2 = 0.0;             // E[0.9 t3 max(t2 + 0.8 z2, 0)] - 0.55 over t2, t3, z2
  double t2_mean = 0.0, t3_mean = 0.0;
};

InnerConstants inner_constants(const std::vector<double>& normals) {
  InnerConstants k;
  const auto m = static_cast<double>(normals.size());
  for (std::size_t a = 0; a < normals.size(); ++a) {
    const double t1 = (static_cast<double>(a) + 0.5) / m;
    for (const double z1 : normals)
      k.option1_without_t2 += 1.2 * std::sin(std::numbers::pi * t1) + 0.5 * (0.5 + t1) * z1;
  }
  k.option1_without_t2 /= m * m;
  for (const double t2 : normals) {
    k.t2_mean += t2 / m;
    for (const double u : normals) {
      const double t3 = std::exp(0.5 * u);
      for (const double z2 : normals) k.option2 += 0.9 * t3 * std::max(t2 + 0.8 * z2, 0.0);
    }
  }
  k.option2 = k.option2 / (m * m * m) - 0.55;
  for (const double u : normals) k.t3_mean += std::exp(0.5 * u) / m;
  return k;
}

TEST_F(BruteForce, EvppiOfSingleParametersAndGroups) {
  const Eigen::Index n = toy_->theta.rows();
  const InnerConstants k = inner_constants(*normals_);
  const VoiOptions o = options();
  const double evpi =
      value_of_perfect_information(toy_->values, toy_->theta, Direction::maximise, o).evpi.value;
  // t1 alone: option 2's conditional mean does not depend on t1.
  Eigen::MatrixXd m1(n, 3), m23(n, 3), m12(n, 3), m4(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t1 = toy_->theta(i, 0), t2 = toy_->theta(i, 1), t3 = toy_->theta(i, 2);
    m1.row(i) << 0.0, 1.2 * std::sin(std::numbers::pi * t1) - 0.7 + 0.3 * k.t2_mean, k.option2;
    m23.row(i) << 0.0, k.option1_without_t2 - 0.7 + 0.3 * t2, 0.9 * t3 * positive_part(t2) - 0.55;
    m12.row(i) << 0.0, 1.2 * std::sin(std::numbers::pi * t1) - 0.7 + 0.3 * t2,
        0.9 * k.t3_mean * positive_part(t2) - 0.55;
    m4.row(i) << 0.0, k.option1_without_t2 - 0.7 + 0.3 * k.t2_mean, k.option2;
  }
  struct Case {
    std::vector<Eigen::Index> group;
    double truth;
    double tolerance;
  };
  // Tolerances from seeds 31-38 (regression error only, as above): one parameter by spline
  // -0.012..+0.021 -> 0.03; groups by GP -0.026..+0.032 (se ~0.015, upward bias ~0.015)
  // -> 0.05. A parameter without effect has EVPPI 0: its estimate must stay below 0.01.
  const std::vector<Case> cases = {
      {{0}, evppi_from(m1), 0.03},
      {{1, 2}, evppi_from(m23), 0.05},
      {{0, 1}, evppi_from(m12), 0.05},
      {{3}, evppi_from(m4), 0.01},
  };
  for (const Case& c : cases) {
    const EvppiResult r = value_of_partial_information(toy_->values, toy_->theta, c.group,
                                                       Direction::maximise, evpi, o);
    EXPECT_NEAR(r.evppi.value, c.truth, c.tolerance) << "group starting " << c.group[0];
    EXPECT_LE(r.evppi.value, evpi);
    EXPECT_FALSE(r.evppi.clamped) << "group starting " << c.group[0];
  }
}

}  // namespace
}  // namespace fundsim::decision
