#include "sensitivity/prcc_design.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "errors.hpp"

namespace fundsim::sensitivity {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_constant(const Eigen::Ref<const Eigen::VectorXd>& v) {
  return v.size() == 0 || (v.array() == v(0)).all();
}

Eigen::VectorXd centred_ranks(const Eigen::Ref<const Eigen::VectorXd>& values) {
  Eigen::VectorXd r = sensitivity::average_ranks(values);
  return r.array() - r.mean();
}

}  // namespace

PrccDesign::PrccDesign(const Eigen::Ref<const Eigen::MatrixXd>& parameters, double confidence)
    : rows_(parameters.rows()), columns_(parameters.cols()) {
  sensitivity::check_confidence(confidence);
  if (!parameters.allFinite()) throw InputError("PRCC: parameters must be finite");
  for (Eigen::Index j = 0; j < columns_; ++j) {
    if (!is_constant(parameters.col(j))) varying_.push_back(j);
  }
  const auto covariates = static_cast<Eigen::Index>(varying_.size()) - 1;  // D' - 1
  const Eigen::Index fisher_n = rows_ - 3 - covariates;
  if (varying_.empty() || fisher_n < 1) {
    throw InputError("PRCC: " + std::to_string(rows_) + " rows are too few for " +
                     std::to_string(varying_.size()) + " varying parameters (need at least " +
                     std::to_string(varying_.size() + 3) + ")");
  }
  df_ = static_cast<double>(rows_ - 2 - covariates);
  z_ = boost::math::quantile(boost::math::normal(), (1.0 + confidence) / 2.0);
  fisher_se_ = 1.0 / std::sqrt(static_cast<double>(fisher_n));
  const auto d = static_cast<Eigen::Index>(varying_.size());
  centred_.resize(rows_, d);
  for (Eigen::Index c = 0; c < d; ++c)
    centred_.col(c) = centred_ranks(parameters.col(varying_[static_cast<std::size_t>(c)]));
  qr_.compute(centred_);
  // (Z'Z)^{-1} = R^{-1} R^{-T}: its diagonal is the squared row norms of R^{-1}.
  const Eigen::MatrixXd r = qr_.matrixQR().topRows(d).triangularView<Eigen::Upper>();
  const Eigen::MatrixXd r_inverse =
      r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(d, d));
  inverse_diagonal_ = r_inverse.rowwise().squaredNorm();
}

std::vector<PrccResult> PrccDesign::prcc(const Eigen::Ref<const Eigen::VectorXd>& output) const {
  std::vector<PrccResult> out(static_cast<std::size_t>(columns_), PrccResult{kNaN, kNaN, {}, df_});
  if (output.size() != rows_) {
    throw Error("PRCC: " + std::to_string(rows_) + " design rows but " +
                std::to_string(output.size()) + " outputs");
  }
  if (!output.allFinite() || is_constant(output)) return out;
  const Eigen::VectorXd y = centred_ranks(output);
  const auto d = static_cast<Eigen::Index>(varying_.size());
  const Eigen::VectorXd qty = qr_.householderQ().adjoint() * y;
  const Eigen::VectorXd beta =
      qr_.matrixQR().topLeftCorner(d, d).triangularView<Eigen::Upper>().solve(qty.head(d));
  const double residual = (y - centred_ * beta).squaredNorm();
  const boost::math::students_t student(df_);
  for (Eigen::Index c = 0; c < d; ++c) {
    const double b = beta(c);
    const double denominator = std::sqrt(b * b + residual * inverse_diagonal_(c));
    const double r = denominator > 0 ? std::clamp(b / denominator, -1.0, 1.0) : kNaN;
    PrccResult& res = out[static_cast<std::size_t>(varying_[static_cast<std::size_t>(c)])];
    res.prcc = r;
    if (std::isnan(r)) continue;
    if (std::abs(r) < 1.0) {
      const double t = r * std::sqrt(df_ / (1.0 - r * r));
      res.p_value = 2.0 * boost::math::cdf(boost::math::complement(student, std::abs(t)));
      const double centre = std::atanh(r);
      res.interval = {std::tanh(centre - z_ * fisher_se_), std::tanh(centre + z_ * fisher_se_)};
    } else {
      res.p_value = 0.0;
      res.interval = {r, r};
    }
  }
  return out;
}

}  // namespace fundsim::sensitivity
