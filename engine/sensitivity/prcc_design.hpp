#pragma once
// PRCC of many outputs on one design (docs/sensitivity.md §2). sensitivity::prcc() regresses
// every parameter on the others once per output; here the ranks of the design are decomposed
// once and each output costs O(N D). The partial correlation of rank(x_j) and rank(y) given the
// other ranks follows from one regression of rank(y) on all of them (intercept included):
//   r_j = beta_j / sqrt(beta_j^2 + s (Z'Z)^{-1}_jj)
// with beta the coefficients, s the residual sum of squares and Z the centred rank matrix, the
// identity behind t_j = r_j sqrt(df / (1 - r_j^2)) (e.g. Marino et al. 2008, J Theor Biol 254,
// appendix; Kendall & Stuart, vol. 2, §27.22). p-values and Fisher intervals as in
// sensitivity/prcc.hpp, which this equals
// (tests/unit/sensitivity/test_prcc_design_noise_share.cpp).
#include <Eigen/Dense>
#include <vector>

#include "sensitivity/prcc.hpp"

namespace fundsim::sensitivity {

class PrccDesign {
 public:
  // `parameters`: N x D values (or uniforms; only their ranks matter). Constant columns get NaN
  // and are left out of the regressions. Throws InputError as sensitivity::prcc does (too few
  // rows for the varying columns, non-finite values, confidence outside (0,1)).
  PrccDesign(const Eigen::Ref<const Eigen::MatrixXd>& parameters, double confidence);

  std::size_t rows() const { return static_cast<std::size_t>(rows_); }
  std::size_t parameters() const { return static_cast<std::size_t>(columns_); }

  // PRCC, p-value and interval of each parameter with `output` (size rows()); all NaN for a
  // constant or non-finite output.
  std::vector<PrccResult> prcc(const Eigen::Ref<const Eigen::VectorXd>& output) const;

 private:
  Eigen::Index rows_ = 0;
  Eigen::Index columns_ = 0;
  std::vector<Eigen::Index> varying_;
  Eigen::MatrixXd centred_;  // N x D' centred ranks of the varying columns
  Eigen::HouseholderQR<Eigen::MatrixXd> qr_;
  Eigen::VectorXd inverse_diagonal_;  // diag((Z'Z)^{-1})
  double df_ = 0;
  double z_ = 0;          // normal quantile of the interval
  double fisher_se_ = 0;  // 1 / sqrt(N - 3 - (D' - 1))
};

}  // namespace fundsim::sensitivity
