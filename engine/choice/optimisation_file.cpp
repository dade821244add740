#include "choice/optimisation_file.hpp"

#include <cmath>

#include "errors.hpp"
#include "output/netcdf_file.hpp"
#include "output/pending_output.hpp"
#include "output/posterior_provenance.hpp"
#include "support/calendar.hpp"
#include "support/sha256.hpp"
#include "version.hpp"

namespace fundsim::choice {

namespace {

constexpr double kZ95 = 1.959963984540054;  // the normal 97.5% quantile

Variable variable(std::string name, std::vector<std::string> dims, ValueType type,
                  std::string units, std::string long_name) {
  Variable v = plain_variable(std::move(name), std::move(dims), type, std::move(units),
                              std::move(long_name));
  v.content = v.dims.size() == 1 && v.dims[0] == v.name ? Content::coordinate : Content::scenario;
  return v;
}

std::vector<std::int64_t> counting(std::size_t n) {
  std::vector<std::int64_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::int64_t>(i);
  return out;
}

const char* risk_name(RiskMeasure r) {
  static const char* kRisks[] = {"mean", "quantile", "cvar", "p_beat"};
  return kRisks[static_cast<int>(r)];
}

}  // namespace

void write_optimisation_file(const std::string& path, bool overwrite, const Study& study,
                             const SplitSearchSettings& settings, const SplitSearchResult& result,
                             const OptimisationRecord& record) {
  PendingOutput pending(path, overwrite);
  try {
    NetcdfFile file(pending.temporary_path());
    const Objective& objective = study.objectives[settings.objective];
    const std::string units = objective.risk == RiskMeasure::p_beat ? "1" : objective.units;
    const std::size_t C = result.evaluated.size(), L = settings.levers.size();
    const std::size_t K = result.finalists.size(), M = result.comparisons.size();
    const auto N = static_cast<std::size_t>(result.fresh_replicates);

    std::vector<std::string> levers, compared, phases;
    for (std::size_t l : settings.levers) levers.push_back(study.levers[l].name);
    for (const Comparison& c : result.comparisons)
      compared.push_back(study.scenarios[c.scenario].name);
    file.add_coordinate(variable("lever", {"lever"}, ValueType::text, "", "funding lever searched"),
                        levers);
    const std::vector<std::int64_t> candidates = counting(C), finalists = counting(K),
                                    replicates = counting(N);
    file.add_coordinate(variable("candidate", {"candidate"}, ValueType::i64, "",
                                 "split scored in the search, in evaluation order"),
                        C, candidates.data(), false);
    file.add_coordinate(variable("finalist", {"finalist"}, ValueType::i64, "",
                                 "best splits of the search, scored again on fresh replicates"),
                        K, finalists.data(), false);
    file.add_coordinate(variable("replicate", {"replicate"}, ValueType::i64, "",
                                 "fresh replicate (the finalists' re-evaluation)"),
                        N, replicates.data(), false);
    file.add_coordinate(variable("comparison", {"comparison"}, ValueType::text, "",
                                 "named scenario compared with the best split (the baseline "
                                 "included)"),
                        compared);

    std::vector<double> share(C * L), score(C), se(C);
    std::vector<std::int32_t> start(C);
    for (std::size_t i = 0; i < C; ++i) {
      const ScoredSplit& c = result.evaluated[i];
      for (std::size_t l = 0; l < L; ++l) share[i * L + l] = c.shares[l];
      score[i] = c.score.value;
      se[i] = c.score.standard_error;
      start[i] = c.start;
      phases.push_back(c.phase == decision::Phase::grid ? "grid" : "refine");
    }
    file.write(variable("candidate_share", {"candidate", "lever"}, ValueType::f64, "1",
                        "share of the budget by lever"),
               share.data());
    file.write(variable("candidate_score", {"candidate"}, ValueType::f64, units,
                        "the objective's risk measure on the search replicates"),
               score.data());
    file.write(variable("candidate_se", {"candidate"}, ValueType::f64, units,
                        "Monte Carlo standard error of candidate_score"),
               se.data());
    file.write(variable("candidate_phase", {"candidate"}, ValueType::text, "",
                        "grid (the coarse lattice) or refine (NLopt Sbplx)"),
               phases);
    file.write(variable("candidate_start", {"candidate"}, ValueType::i32, "",
                        "refinement start (0 = from the best grid point); -1 on the grid"),
               start.data());

    std::vector<std::int64_t> index(K);
    std::vector<double> fshare(K * L), fscore(K), fse(K), lo(K), hi(K), loss(K), loss_se(K),
        pbest(K);
    std::vector<std::int8_t> near(K);
    for (std::size_t k = 0; k < K; ++k) {
      const Finalist& f = result.finalists[k];
      index[k] = static_cast<std::int64_t>(f.candidate);
      for (std::size_t l = 0; l < L; ++l)
        fshare[k * L + l] = result.evaluated[f.candidate].shares[l];
      fscore[k] = f.score.value;
      fse[k] = f.score.standard_error;
      lo[k] = f.score.value - kZ95 * f.score.standard_error;
      hi[k] = f.score.value + kZ95 * f.score.standard_error;
      loss[k] = f.expected_loss;
      loss_se[k] = f.expected_loss_se;
      pbest[k] = f.p_best;
      near[k] = f.near_optimal ? 1 : 0;
    }
    file.write(variable("finalist_candidate", {"finalist"}, ValueType::i64, "",
                        "the finalist's index in candidate"),
               index.data());
    file.write(variable("finalist_share", {"finalist", "lever"}, ValueType::f64, "1",
                        "share of the budget by lever"),
               fshare.data());
    file.write(variable("finalist_score", {"finalist"}, ValueType::f64, units,
                        "the objective's risk measure on the fresh replicates"),
               fscore.data());
    file.write(variable("finalist_se", {"finalist"}, ValueType::f64, units,
                        "Monte Carlo standard error of finalist_score"),
               fse.data());
    file.write(variable("finalist_ci_low", {"finalist"}, ValueType::f64, units,
                        "lower end of the 95% interval of finalist_score (normal approximation)"),
               lo.data());
    file.write(variable("finalist_ci_high", {"finalist"}, ValueType::f64, units,
                        "upper end of the 95% interval of finalist_score"),
               hi.data());
    file.write(variable("finalist_expected_loss", {"finalist"}, ValueType::f64, units,
                        "how much worse than the best finalist its score is (>= 0)"),
               loss.data());
    file.write(variable("finalist_expected_loss_se", {"finalist"}, ValueType::f64, units,
                        "standard error of finalist_expected_loss, paired on the fresh replicates "
                        "(risk measure mean; NaN otherwise)"),
               loss_se.data());
    file.write(variable("finalist_p_best", {"finalist"}, ValueType::f64, "1",
                        "share of fresh replicates where the finalist has the best objective "
                        "value (ties split; luck included)"),
               pbest.data());
    file.write(variable("finalist_near_optimal", {"finalist"}, ValueType::i8, "1",
                        "1 if finalist_expected_loss is within the tolerance (root attribute "
                        "tolerance)"),
               near.data());
    std::vector<double> values(K * N);
    for (std::size_t k = 0; k < K; ++k)
      for (std::size_t r = 0; r < N; ++r)
        values[k * N + r] =
            result.finalist_values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k));
    file.write(variable("finalist_value", {"finalist", "replicate"}, ValueType::f64,
                        objective.units, "the objective's value in each fresh replicate"),
               values.data());

    std::vector<double> cvalues(M * N), cscore(M), cse(M), dmean(M), dse(M), dbetter(M);
    for (std::size_t j = 0; j < M; ++j) {
      const Comparison& c = result.comparisons[j];
      for (std::size_t r = 0; r < N; ++r)
        cvalues[j * N + r] =
            result.comparison_values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j));
      cscore[j] = c.score.value;
      cse[j] = c.score.standard_error;
      dmean[j] = c.difference.mean;
      dse[j] = c.difference.se;
      dbetter[j] = c.difference.prob_better;
    }
    file.write(variable("comparison_value", {"comparison", "replicate"}, ValueType::f64,
                        objective.units, "the scenario's objective value in each fresh replicate"),
               cvalues.data());
    file.write(variable("comparison_score", {"comparison"}, ValueType::f64, units,
                        "the scenario's risk measure on the fresh replicates"),
               cscore.data());
    file.write(variable("comparison_se", {"comparison"}, ValueType::f64, units,
                        "Monte Carlo standard error of comparison_score"),
               cse.data());
    file.write(
        variable("best_minus_comparison_mean", {"comparison"}, ValueType::f64, objective.units,
                 "mean over fresh replicates of the best split's value minus the "
                 "scenario's, replicate by replicate"),
        dmean.data());
    file.write(variable("best_minus_comparison_se", {"comparison"}, ValueType::f64, objective.units,
                        "Monte Carlo standard error of that mean (sd / sqrt(n))"),
               dse.data());
    file.write(variable("best_minus_comparison_prob_better", {"comparison"}, ValueType::f64, "1",
                        "share of fresh replicates where the best split does better than the "
                        "scenario (ties count half)"),
               dbetter.data());

    const hid_t root = file.id();
    const auto text = [&](const char* name, const std::string& value) {
      h5::set_attribute(root, name, value);
    };
    const auto number = [&](const char* name, double value) {
      h5::set_attribute(root, name, value);
    };
    const auto integer = [&](const char* name, std::int64_t value) {
      h5::set_attribute(root, name, value);
    };
    text("file_kind", "optimisation");
    text("title", "fundsim optimisation of study '" + study.name + "' for objective '" +
                      objective.name + "'");
    text("fundsim_version", kVersion);
    text("fundsim_git_commit", kGitCommit);
    text("fundsim_build_type", kBuildType);
    text("study_name", study.name);
    text("study_file", study.file);
    text("study", study.text);
    text("study_sha256", sha256_hex(study.text));
    text("command_line", record.command_line);
    text("created_utc", utc_timestamp());
    set_posterior_provenance(root, settings.parameters_file, settings.parameters_sha256,
                             "every replicate drew its calibrated parameters from the posterior "
                             "sample in parameters_file (docs/calibration.md §5)");
    text("objective", objective.name);
    text("objective_direction",
         objective.direction == Direction::minimise ? "minimise" : "maximise");
    text("objective_risk", risk_name(objective.risk));
    if (objective.risk == RiskMeasure::quantile || objective.risk == RiskMeasure::cvar)
      number("objective_level", objective.level);
    text("objective_units", objective.units);
    text("score_better", score_sign(objective) > 0 ? "higher" : "lower");
    number("budget", settings.budget);
    text("currency", study.currency);
    integer("start_month", settings.start_month);
    integer("duration_months", settings.duration_months);
    text("budget_from", record.reference);
    std::vector<double> lower(L), upper(L);
    for (std::size_t l = 0; l < L; ++l) {
      lower[l] = settings.bounds.lower[l];
      upper[l] = settings.bounds.upper[l];
    }
    file.write(variable("share_lower", {"lever"}, ValueType::f64, "1", "lower bound of the share"),
               lower.data());
    file.write(variable("share_upper", {"lever"}, ValueType::f64, "1", "upper bound of the share"),
               upper.data());
    text("seed", std::to_string(settings.seed));
    integer("replicates", static_cast<std::int64_t>(settings.replicates));
    text("fresh_seed", std::to_string(result.fresh_seed));
    integer("fresh_replicates", static_cast<std::int64_t>(result.fresh_replicates));
    text("sampling", study.run.sampling == Sampling::lhs ? "lhs" : "mc");
    integer("central", settings.central ? 1 : 0);
    number("grid_step", settings.search.grid_step);
    integer("grid_points", static_cast<std::int64_t>(result.grid_points));
    integer("refine_starts", settings.search.refine_starts);
    integer("max_evaluations_per_start", settings.search.max_evaluations_per_start);
    number("share_tolerance", settings.search.share_tolerance);
    integer("evaluations", static_cast<std::int64_t>(C));
    integer("scenario_replicates", static_cast<std::int64_t>(result.scenario_replicates));
    integer("search_best_candidate", static_cast<std::int64_t>(result.search_best));
    integer("best_finalist", static_cast<std::int64_t>(result.best));
    text("tolerance_given", record.tolerance);
    number("tolerance", result.tolerance);
    number("optimise_seconds", result.seconds);
    text("method",
         "sample-average approximation on common-random-number replicates: a bounded-simplex "
         "grid, then NLopt Sbplx in the plane of the shares with Euclidean projection onto the "
         "bounds; the finalists scored again on fresh replicates (docs/decision.md §4)");
    file.close();
  } catch (const OutputError& e) {
    throw OutputError(path + ": cannot write the optimisation file (nothing written): " + e.what());
  }
  pending.commit();
}

}  // namespace fundsim::choice
