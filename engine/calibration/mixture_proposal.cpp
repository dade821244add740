#include "calibration/mixture_proposal.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numbers>
#include <set>
#include <stdexcept>

#include "calibration/algorithm_stream.hpp"
#include "calibration/weights.hpp"
#include "errors.hpp"

namespace fundsim::calibration {

MixtureProposal::MixtureProposal(std::span<const double> points, std::span<const double> weights,
                                 std::size_t dimensions, double spread, std::size_t max_centres,
                                 std::uint64_t seed, std::uint64_t step)
    : d_(dimensions) {
  const std::size_t n = weights.size();
  if (n == 0 || d_ == 0 || points.size() != n * d_ || max_centres == 0)
    throw std::invalid_argument("MixtureProposal: no points or inconsistent sizes");
  double total = 0;
  for (const double w : weights) {
    if (!(w > 0) || !std::isfinite(w))
      throw std::invalid_argument("MixtureProposal: weights must be positive and finite");
    total += w;
  }
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = weights[i] / total;

  // Bandwidth from the full weighted sample (before thinning).
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(d_));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d_; ++j)
      mean(static_cast<Eigen::Index>(j)) += w[i] * points[i * d_ + j];
  Eigen::MatrixXd cov =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(d_), static_cast<Eigen::Index>(d_));
  double sum_sq = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Eigen::VectorXd r(static_cast<Eigen::Index>(d_));
    for (std::size_t j = 0; j < d_; ++j)
      r(static_cast<Eigen::Index>(j)) = points[i * d_ + j] - mean(static_cast<Eigen::Index>(j));
    cov.noalias() += w[i] * r * r.transpose();
    sum_sq += w[i] * w[i];
  }
  if (sum_sq < 1) cov /= 1 - sum_sq;  // unbiased for reliability weights
  const double n_eff = 1 / sum_sq;
  const double h = spread * std::pow(n_eff, -1.0 / (static_cast<double>(d_) + 4));
  cov *= h * h;

  // Centres: all points, or a systematic resample of max_centres of them.
  std::vector<std::size_t> index;
  std::vector<double> centre_weight;
  if (n <= max_centres) {
    for (std::size_t i = 0; i < n; ++i) {
      index.push_back(i);
      centre_weight.push_back(w[i]);
    }
  } else {
    Stream stream = algorithm_stream(seed, Purpose::centre_thinning, step);
    const std::vector<std::size_t> picks = systematic_resample(w, max_centres, stream.uniform());
    for (std::size_t k = 0; k < picks.size(); ++k) {  // picks are sorted: merge repeats
      if (k > 0 && picks[k] == picks[k - 1]) {
        centre_weight.back() += 1.0 / static_cast<double>(max_centres);
      } else {
        index.push_back(picks[k]);
        centre_weight.push_back(1.0 / static_cast<double>(max_centres));
      }
    }
  }
  std::set<std::vector<double>> distinct;
  for (const std::size_t i : index)
    distinct.insert(
        std::vector<double>(points.begin() + static_cast<std::ptrdiff_t>(i * d_),
                            points.begin() + static_cast<std::ptrdiff_t>((i + 1) * d_)));
  const double floor_sd = distinct.size() <= d_ ? 0.05 * spread : 0.0;
  cov.diagonal().array() += floor_sd * floor_sd + 1e-9;

  Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success)
    throw Error("mixture proposal: covariance is not positive definite");
  cholesky_ = llt.matrixL();
  log_normaliser_ = -0.5 * static_cast<double>(d_) * std::log(2 * std::numbers::pi) -
                    cholesky_.diagonal().array().log().sum();

  const auto c = static_cast<Eigen::Index>(index.size());
  centres_.resize(static_cast<Eigen::Index>(d_), c);
  for (Eigen::Index k = 0; k < c; ++k)
    for (std::size_t j = 0; j < d_; ++j)
      centres_(static_cast<Eigen::Index>(j), k) =
          points[index[static_cast<std::size_t>(k)] * d_ + j];
  whitened_ = cholesky_.triangularView<Eigen::Lower>().solve(centres_);
  double cumulative = 0;
  for (const double cw : centre_weight) {
    log_weights_.push_back(std::log(cw));
    cumulative += cw;
    cumulative_.push_back(cumulative);
  }
}

std::vector<double> MixtureProposal::sample(std::size_t count, Stream& stream,
                                            std::uint64_t& draws) const {
  const boost::math::normal standard;
  std::vector<double> out;
  out.reserve(count * d_);
  Eigen::VectorXd xi(static_cast<Eigen::Index>(d_));
  const std::uint64_t limit = 10000 * static_cast<std::uint64_t>(count) + 10000;
  std::uint64_t made = 0;
  while (out.size() < count * d_) {
    if (made == limit)
      throw Error("mixture proposal: almost all of its mass lies outside the unit cube");
    ++made;
    const double pick = stream.uniform() * cumulative_.back();
    const auto k = static_cast<Eigen::Index>(std::min<std::size_t>(
        std::lower_bound(cumulative_.begin(), cumulative_.end(), pick) - cumulative_.begin(),
        cumulative_.size() - 1));
    for (Eigen::Index j = 0; j < xi.size(); ++j) xi(j) = quantile(standard, stream.uniform());
    const Eigen::VectorXd x = centres_.col(k) + cholesky_.triangularView<Eigen::Lower>() * xi;
    if ((x.array() > 0).all() && (x.array() < 1).all())
      for (Eigen::Index j = 0; j < x.size(); ++j) out.push_back(x(j));
  }
  draws += made;
  return out;
}

double MixtureProposal::log_density(std::span<const double> x) const {
  Eigen::VectorXd v(static_cast<Eigen::Index>(d_));
  for (std::size_t j = 0; j < d_; ++j) v(static_cast<Eigen::Index>(j)) = x[j];
  const Eigen::VectorXd wx = cholesky_.triangularView<Eigen::Lower>().solve(v);
  std::vector<double> terms(log_weights_.size());
  for (std::size_t k = 0; k < terms.size(); ++k)
    terms[k] =
        log_weights_[k] - 0.5 * (whitened_.col(static_cast<Eigen::Index>(k)) - wx).squaredNorm();
  return log_normaliser_ + log_sum_exp(terms);
}

}  // namespace fundsim::calibration
