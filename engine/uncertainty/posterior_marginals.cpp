#include "uncertainty/posterior_marginals.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace fundsim {

PosteriorMarginals::PosteriorMarginals(const std::vector<double>& draws, std::size_t columns,
                                       const std::vector<std::size_t>& column_of)
    : sorted_(column_of.size()) {
  if (columns == 0 || draws.empty() || draws.size() % columns != 0)
    throw std::invalid_argument("PosteriorMarginals: no draws, or rows of different lengths");
  for (const double u : draws)
    if (!(u > 0.0 && u < 1.0)) throw std::invalid_argument("PosteriorMarginals: u outside (0,1)");
  const std::size_t n = draws.size() / columns;
  for (std::size_t p = 0; p < column_of.size(); ++p) {
    const std::size_t c = column_of[p];
    if (c == kFromPrior) continue;
    if (c >= columns)
      throw std::invalid_argument("PosteriorMarginals: column " + std::to_string(c) +
                                  " beyond the " + std::to_string(columns) + " columns");
    std::vector<double>& s = sorted_[p];
    s.resize(n);
    for (std::size_t j = 0; j < n; ++j) s[j] = draws[j * columns + c];
    std::sort(s.begin(), s.end());
  }
}

double PosteriorMarginals::uniform(std::size_t parameter, double u) const {
  if (!calibrated(parameter)) return u;
  const std::vector<double>& s = sorted_[parameter];
  const double x = u * static_cast<double>(s.size()) - 0.5;  // position among the order statistics
  if (x <= 0.0) return s.front();
  if (x >= static_cast<double>(s.size() - 1)) return s.back();
  const double below = std::floor(x);
  const auto i = static_cast<std::size_t>(below);
  return s[i] + (x - below) * (s[i + 1] - s[i]);
}

}  // namespace fundsim
