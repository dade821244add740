// The study's design with rank correlations imposed on blocks of replicates (Iman & Conover
// 1982).
#include "uncertainty/correlated_uniforms.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace fundsim {

namespace {

constexpr std::size_t kNotCorrelated = static_cast<std::size_t>(-1);

RankCorrelationTarget checked_target(const InputCorrelation& correlation) {
  if (correlation.rank.size != correlation.parameters.size())
    throw std::invalid_argument(
        "CorrelatedUniforms: " + std::to_string(correlation.parameters.size()) +
        " parameters for a target of size " + std::to_string(correlation.rank.size));
  if (std::adjacent_find(correlation.parameters.begin(), correlation.parameters.end(),
                         [](std::size_t a, std::size_t b) { return a >= b; }) !=
      correlation.parameters.end())
    throw std::invalid_argument("CorrelatedUniforms: parameters must be strictly ascending");
  return RankCorrelationTarget(correlation.rank);  // checks the target itself
}

}  // namespace

CorrelatedUniforms::CorrelatedUniforms(std::shared_ptr<const UniformSource> design,
                                       const InputCorrelation& correlation, std::uint64_t seed,
                                       std::uint64_t replicates, std::uint64_t block_rows)
    : design_(std::move(design)),
      parameters_(correlation.parameters),
      target_(checked_target(correlation)),
      seed_(seed),
      replicates_(replicates),
      block_rows_(block_rows) {
  if (!design_) throw std::invalid_argument("CorrelatedUniforms: no design");
  if (replicates_ == 0 || block_rows_ == 0)
    throw std::invalid_argument("CorrelatedUniforms: replicates and block rows must be >= 1");
  if (!parameters_.empty()) column_of_.assign(parameters_.back() + 1, kNotCorrelated);
  for (std::size_t j = 0; j < parameters_.size(); ++j) column_of_[parameters_[j]] = j;
}

double CorrelatedUniforms::uniform(std::uint64_t replicate, std::size_t parameter) const {
  const std::size_t column = parameter < column_of_.size() ? column_of_[parameter] : kNotCorrelated;
  if (column == kNotCorrelated) return design_->uniform(replicate, parameter);
  const ReplicateBlock where = correlation_block(replicate, replicates_, block_rows_);
  const Block values = block(where);
  return (*values)[column * where.count + (replicate - where.first)];
}

CorrelatedUniforms::Block CorrelatedUniforms::block(const ReplicateBlock& where) const {
  std::unique_lock lock(mutex_);
  ++clock_;
  const auto hit = std::find_if(cache_.begin(), cache_.end(),
                                [&](const Entry& e) { return e.index == where.index; });
  if (hit != cache_.end()) {
    hit->last_use = clock_;
    const std::shared_future<Block> pending = hit->block;
    lock.unlock();
    return pending.get();  // waits while another thread computes it
  }
  if (cache_.size() >= kCorrelationCacheBlocks) {
    const auto oldest =
        std::min_element(cache_.begin(), cache_.end(),
                         [](const Entry& a, const Entry& b) { return a.last_use < b.last_use; });
    cache_.erase(oldest);  // threads still reading it hold their own reference
  }
  std::promise<Block> promise;
  cache_.push_back({where.index, promise.get_future().share(), clock_});
  ++computed_;
  lock.unlock();
  try {
    Block values = std::make_shared<const std::vector<double>>(transform(where));
    promise.set_value(values);
    return values;
  } catch (...) {
    promise.set_exception(std::current_exception());  // threads waiting for it rethrow it
    lock.lock();
    std::erase_if(cache_, [&](const Entry& e) { return e.index == where.index; });
    throw;
  }
}

std::vector<double> CorrelatedUniforms::transform(const ReplicateBlock& where) const {
  const auto rows = static_cast<std::size_t>(where.count);
  std::vector<double> in(rows * parameters_.size());
  for (std::size_t j = 0; j < parameters_.size(); ++j)
    for (std::size_t i = 0; i < rows; ++i)
      in[j * rows + i] = design_->uniform(where.first + i, parameters_[j]);
  return impose_rank_correlation(in, rows, target_, seed_, where.index);
}

std::size_t CorrelatedUniforms::cached_blocks() const {
  const std::lock_guard lock(mutex_);
  return cache_.size();
}

std::uint64_t CorrelatedUniforms::computed_blocks() const {
  const std::lock_guard lock(mutex_);
  return computed_;
}

}  // namespace fundsim
