#pragma once
// The small noisy simulator of the brute-force tests (test_evppi_brute_force.cpp describes it):
// uncertain t1 ~ U(0,1), t2 ~ N(0,1), t3 ~ LogNormal(0, 0.5), five parameters without effect,
// and three options with shared, heteroscedastic and nonlinear noise.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "test_data.hpp"

namespace fundsim::decision::testing {

constexpr Eigen::Index kParameters = 8;

struct Toy {
  Eigen::MatrixXd theta;   // N x 8
  Eigen::MatrixXd values;  // N x 3
};

inline Toy simulate(Eigen::Index n, std::uint64_t seed) {
  TestRandom rng(seed);
  Toy toy{Eigen::MatrixXd(n, kParameters), Eigen::MatrixXd(n, 3)};
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t1 = rng.uniform(), t2 = rng.normal(), t3 = std::exp(0.5 * rng.normal());
    toy.theta(i, 0) = t1;
    toy.theta(i, 1) = t2;
    toy.theta(i, 2) = t3;
    for (Eigen::Index p = 3; p < kParameters; ++p) toy.theta(i, p) = rng.uniform();
    const double c = rng.normal(), z1 = rng.normal(), z2 = rng.normal();
    toy.values(i, 0) = c;
    toy.values(i, 1) =
        1.2 * std::sin(std::numbers::pi * t1) - 0.7 + 0.3 * t2 + 0.5 * (0.5 + t1) * z1 + c;
    toy.values(i, 2) = 0.9 * t3 * std::max(t2 + 0.8 * z2, 0.0) - 0.55 + c;
  }
  return toy;
}

}  // namespace fundsim::decision::testing
