#include "decision/split_optimiser.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <nlopt.hpp>
#include <numeric>
#include <string>

#include "errors.hpp"

namespace fundsim::decision {
namespace {

// Helmert basis of the plane sum = 0: column j (j = 1..L-1) has j entries 1, then -j, then 0,
// divided by sqrt(j (j + 1)); orthonormal, and fixed, so runs are reproducible.
std::vector<std::vector<double>> helmert_basis(std::size_t levers) {
  std::vector<std::vector<double>> basis(levers - 1, std::vector<double>(levers, 0.0));
  for (std::size_t j = 1; j < levers; ++j) {
    const double norm = std::sqrt(static_cast<double>(j * (j + 1)));
    for (std::size_t i = 0; i < j; ++i) basis[j - 1][i] = 1.0 / norm;
    basis[j - 1][j] = -static_cast<double>(j) / norm;
  }
  return basis;
}

class Evaluator {
 public:
  Evaluator(const BatchObjective& objective, SplitResult& result)
      : objective_(objective), result_(result) {}

  // Evaluates the splits not seen before, in order, in batches; returns their values.
  std::vector<double> evaluate(const std::vector<Shares>& splits, Phase phase, int start,
                               std::size_t batch_size) {
    std::vector<double> values(splits.size());
    std::vector<std::size_t> fresh;
    for (std::size_t i = 0; i < splits.size(); ++i) {
      const auto it = cache_.find(splits[i]);
      if (it != cache_.end()) {
        values[i] = result_.evaluated[it->second].value;
        ++result_.cache_hits;
      } else {
        fresh.push_back(i);
      }
    }
    for (std::size_t first = 0; first < fresh.size(); first += batch_size) {
      const std::size_t count = std::min(batch_size, fresh.size() - first);
      std::vector<Shares> batch;
      batch.reserve(count);
      for (std::size_t j = 0; j < count; ++j) batch.push_back(splits[fresh[first + j]]);
      std::vector<double> out(count);
      objective_(batch, out);
      for (std::size_t j = 0; j < count; ++j) {
        if (!std::isfinite(out[j])) throw InputError("split objective returned a non-finite value");
        const std::size_t i = fresh[first + j];
        // A split repeated within one batch is evaluated once.
        const auto [it, inserted] = cache_.emplace(splits[i], result_.evaluated.size());
        if (inserted) {
          result_.evaluated.push_back({splits[i], out[j], phase, start});
        } else {
          ++result_.cache_hits;
        }
        values[i] = result_.evaluated[it->second].value;
      }
    }
    return values;
  }

 private:
  const BatchObjective& objective_;
  SplitResult& result_;
  std::map<Shares, std::size_t> cache_;
};

struct RefineContext {
  Evaluator* evaluator;
  const ShareBounds* bounds;
  const Shares* origin;
  const std::vector<std::vector<double>>* basis;
  double penalty;
  int start;
  std::exception_ptr error;
};

double refine_objective(unsigned dims, const double* y, double*, void* data) {
  auto* c = static_cast<RefineContext*>(data);
  try {
    Shares x = *c->origin;
    for (unsigned j = 0; j < dims; ++j) {
      for (std::size_t l = 0; l < x.size(); ++l) x[l] += y[j] * (*c->basis)[j][l];
    }
    Shares s = project_onto_bounded_simplex(x, *c->bounds);
    double distance = 0.0;
    for (std::size_t l = 0; l < x.size(); ++l) distance += (x[l] - s[l]) * (x[l] - s[l]);
    const double value = c->evaluator->evaluate({s}, Phase::refine, c->start, 1)[0];
    return value + c->penalty * std::sqrt(distance);
  } catch (...) {
    c->error = std::current_exception();
    throw nlopt::forced_stop();
  }
}

}  // namespace

SplitResult optimise_split(const BatchObjective& objective, const ShareBounds& bounds,
                           const SplitOptions& options) {
  if (options.refine_starts < 0 || options.max_evaluations_per_start < 0 ||
      options.batch_size == 0) {
    throw InputError("split optimiser: negative starts or evaluations, or an empty batch");
  }
  SplitResult result;
  Evaluator evaluator(objective, result);
  const std::vector<Shares> grid =
      bounded_simplex_lattice(bounds, options.grid_step, options.max_grid_points);
  result.grid_points = grid.size();
  const std::vector<double> grid_values =
      evaluator.evaluate(grid, Phase::grid, -1, options.batch_size);

  // Best distinct grid points, ties in grid order.
  std::vector<std::size_t> order(grid.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return grid_values[a] < grid_values[b]; });
  const std::size_t levers = bounds.lower.size();
  const auto [lowest, highest] = std::minmax_element(grid_values.begin(), grid_values.end());
  const double range = *highest - *lowest;
  const double penalty =
      (range > 0.0 ? range : std::max(std::abs(*lowest), 1.0)) / options.grid_step;
  const auto basis = helmert_basis(std::max<std::size_t>(levers, 1));
  const std::size_t starts =
      levers < 2
          ? 0
          : std::min<std::size_t>(static_cast<std::size_t>(options.refine_starts), grid.size());
  for (std::size_t j = 0; j < starts; ++j) {
    const std::size_t before = result.evaluated.size();
    const Shares& origin = grid[order[j]];
    RefineContext context{&evaluator,          &bounds, &origin, &basis, penalty,
                          static_cast<int>(j), nullptr};
    const auto dims = static_cast<unsigned>(levers - 1);
    std::vector<double> y(dims, 0.0);
    // Two passes: Nelder-Mead-type simplices can collapse on a kink (a bound becoming active)
    // short of the optimum; a restart from the point found, with a fresh simplex a tenth of the
    // first, resumes the descent (restarting is the standard remedy; Kelley 1999, SIAM J.
    // Optim. 10).
    for (const double scale : {0.5, 0.05}) {
      nlopt::opt opt(nlopt::LN_SBPLX, dims);
      opt.set_min_objective(refine_objective, &context);
      opt.set_initial_step(scale * options.grid_step);
      opt.set_xtol_abs(options.share_tolerance);
      opt.set_maxeval(options.max_evaluations_per_start / 2);
      double value = 0.0;
      try {
        opt.optimize(y, value);
      } catch (const nlopt::roundoff_limited&) {
        // Converged as far as rounding allows; y holds the best point.
      } catch (const nlopt::forced_stop&) {
        if (context.error) std::rethrow_exception(context.error);
        throw Error("split optimiser: refinement stopped");
      } catch (const std::exception& e) {
        if (context.error) std::rethrow_exception(context.error);
        throw Error(std::string("split optimiser: NLopt failed: ") + e.what());
      }
    }
    result.refine_evaluations.push_back(static_cast<int>(result.evaluated.size() - before));
  }
  for (std::size_t i = 1; i < result.evaluated.size(); ++i) {
    if (result.evaluated[i].value < result.evaluated[result.best].value) result.best = i;
  }
  return result;
}

}  // namespace fundsim::decision
