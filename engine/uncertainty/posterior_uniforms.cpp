#include "uncertainty/posterior_uniforms.hpp"

#include <stdexcept>
#include <string>

#include "random/stream.hpp"

namespace fundsim {

namespace {
__extension__ using uint128 = unsigned __int128;  // GCC/Clang extension: Lemire's product
}  // namespace

PosteriorUniforms::PosteriorUniforms(std::vector<double> draws, std::size_t columns,
                                     std::vector<std::size_t> column_of, std::uint64_t seed,
                                     std::shared_ptr<const UniformSource> prior)
    : draws_(std::move(draws)),
      columns_(columns),
      column_of_(std::move(column_of)),
      seed_(seed),
      prior_(std::move(prior)) {
  if (columns_ == 0 || draws_.empty() || draws_.size() % columns_ != 0)
    throw std::invalid_argument("PosteriorUniforms: no draws, or rows of different lengths");
  for (const double u : draws_)
    if (!(u > 0.0 && u < 1.0)) throw std::invalid_argument("PosteriorUniforms: u outside (0,1)");
  for (const std::size_t c : column_of_) {
    if (c == kFromPrior) {
      if (!prior_) throw std::invalid_argument("PosteriorUniforms: no prior source");
    } else if (c >= columns_) {
      throw std::invalid_argument("PosteriorUniforms: column " + std::to_string(c) +
                                  " beyond the " + std::to_string(columns_) + " columns");
    }
  }
}

std::uint64_t PosteriorUniforms::draw(std::uint64_t replicate) const {
  Stream stream(StreamKey{seed_, replicate}, Domain::parameters, kDrawSite);
  const uint128 wide = static_cast<uint128>(stream.bits()) * static_cast<uint128>(draws());
  return static_cast<std::uint64_t>(wide >> 64);
}

double PosteriorUniforms::uniform(std::uint64_t replicate, std::size_t parameter) const {
  if (parameter >= column_of_.size())
    throw std::out_of_range("PosteriorUniforms: parameter " + std::to_string(parameter) +
                            " is not in the design");
  const std::size_t c = column_of_[parameter];
  if (c == kFromPrior) return prior_->uniform(replicate, parameter);
  return draws_[draw(replicate) * columns_ + c];
}

}  // namespace fundsim
