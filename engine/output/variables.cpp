#include "output/variables.hpp"

#include "analysis/cost_effectiveness.hpp"

namespace fundsim {

Variable plain_variable(std::string name, std::vector<std::string> dims, ValueType type,
                        std::string units, std::string long_name, Content content) {
  Variable v;
  v.name = std::move(name);
  v.dims = std::move(dims);
  v.type = type;
  v.units = std::move(units);
  v.long_name = std::move(long_name);
  v.content = content;
  return v;
}

namespace {

// A horizon statistic of the objectives or of the decision (fill value for "not computed").
Variable horizon_statistic(const char* name, std::vector<std::string> dims, Statistic statistic,
                           const char* long_name, Content content) {
  Variable v = plain_variable(name, std::move(dims), ValueType::f64, "", long_name, content);
  v.fill = true;
  v.statistic = statistic;
  v.period = Period::horizon;
  return v;
}

// Dimensions of a metric's values per month: (month, class) or (month).
std::vector<std::string> month_dims(Metric m) {
  if (metric_info(m).per_class) return {"month", "class"};
  return {"month"};
}

std::vector<std::string> with_prefix(std::vector<std::string> prefix,
                                     const std::vector<std::string>& rest) {
  prefix.insert(prefix.end(), rest.begin(), rest.end());
  return prefix;
}

// The long name of a total over one year of the horizon, from the horizon's.
std::string year_long_name(std::string name) {
  const auto at = name.find(" over the horizon");
  if (at != std::string::npos) name.replace(at, 17, " in the year");
  const auto end = name.find(" at the end of the horizon");
  if (end != std::string::npos) name.replace(end, 26, " at the end of the year");
  return name;
}

const std::string kPaired = "paired difference from the baseline (scenario - baseline) of ";

// NAME_mean, NAME_sd, NAME_quantile of a metric over `cell_dims`.
void add_statistics(std::vector<Variable>& out, Metric m, const std::string& name,
                    const std::vector<std::string>& cell_dims, Period period,
                    const std::string& units, const std::string& long_name) {
  struct Stat {
    const char* suffix;
    Statistic statistic;
    const char* what;
  };
  for (const Stat& s : {Stat{"_mean", Statistic::mean, "mean over replicates of "},
                        Stat{"_sd", Statistic::sd, "standard deviation over replicates of "},
                        Stat{"_quantile", Statistic::quantile, "quantiles over replicates of "}}) {
    const std::vector<std::string> dims = s.statistic == Statistic::quantile
                                              ? with_prefix({"scenario", "quantile"}, cell_dims)
                                              : with_prefix({"scenario"}, cell_dims);
    Variable v = plain_variable(name + s.suffix, dims, ValueType::f64, units, s.what + long_name,
                                Content::summary);
    v.fill = true;
    v.metric = m;
    v.period = period;
    v.statistic = s.statistic;
    out.push_back(std::move(v));
  }
}

// Statistics of a paired difference: mean, se, quantile and (if `with_prob`) prob_better.
void add_difference(std::vector<Variable>& out, Content content, Metric m, Better better,
                    const std::string& name, const std::vector<std::string>& cell_dims,
                    Period period, bool with_prob, const std::string& units,
                    const std::string& what, const std::string& prob_long_name) {
  struct Stat {
    const char* suffix;
    Statistic statistic;
    std::string long_name;
  };
  std::vector<Stat> stats = {
      {"_mean", Statistic::mean, "mean " + what},
      {"_se", Statistic::se, "Monte Carlo standard error of the mean " + what},
      {"_quantile", Statistic::quantile, "quantiles over replicates of the " + what}};
  if (with_prob) stats.push_back({"_prob_better", Statistic::prob_better, prob_long_name});
  for (const Stat& s : stats) {
    const std::vector<std::string> dims = s.statistic == Statistic::quantile
                                              ? with_prefix({"scenario", "quantile"}, cell_dims)
                                              : with_prefix({"scenario"}, cell_dims);
    Variable v =
        plain_variable(name + s.suffix, dims, ValueType::f64,
                       s.statistic == Statistic::prob_better ? "1" : units, s.long_name, content);
    v.fill = true;
    v.paired = true;
    v.better = better;
    v.metric = m;
    v.period = period;
    v.statistic = s.statistic;
    out.push_back(std::move(v));
  }
}

std::string prob_long_name(Better better, const std::string& of) {
  return std::string("share of replicates where the scenario is better than the baseline (") +
         better_name(better) + " is better; ties count half) for " + of;
}

}  // namespace

std::size_t value_bytes(ValueType type) {
  constexpr std::size_t kBytes[] = {8, 4, 4, 8, 1, 0};
  return kBytes[static_cast<std::size_t>(type)];
}

std::vector<Variable> layout_variables(const Study& study, bool with_replicates, bool central) {
  std::vector<Variable> out;
  const auto coordinate = [&](const char* name, ValueType type, const char* units,
                              std::string long_name) {
    out.push_back(
        plain_variable(name, {name}, type, units, std::move(long_name), Content::coordinate));
  };
  coordinate("scenario", ValueType::text, "", "scenario (after sweep expansion)");
  if (with_replicates) coordinate("replicate", ValueType::i64, "", "Monte Carlo replicate index");
  const std::string& first_month =
      study.run.history_months > 0 ? study.run.history_start : study.run.start;
  coordinate("month", ValueType::i32, "",
             "month index t (0 = " + first_month + ")" +
                 (study.run.history_months > 0
                      ? "; months 0.." + std::to_string(study.run.history_months - 1) +
                            " are the history before the policy start " + study.run.start
                      : ""));
  coordinate("class", ValueType::text, "", "offender class");
  coordinate("lever", ValueType::text, "", "funding lever");
  coordinate("parameter", ValueType::text, "", "model parameter");
  coordinate("quantile", ValueType::f64, "1", "quantile level over replicates");
  coordinate("year", ValueType::i32, "",
             "year of the horizon: months 12 year .. 12 year + 11 (the last year may be partial)");
  coordinate("objective", ValueType::text, "", "objective (docs/decision.md)");
  coordinate("choice_set", ValueType::text, "",
             "set of scenarios a choice is made among: all, named (no sweep points), sweep:NAME");
  out.push_back(plain_variable("date", {"month"}, ValueType::text, "", "calendar month (YYYY-MM)",
                               Content::scenario));
  if (study.run.history_months > 0) {
    out.push_back(
        plain_variable("history", {"month"}, ValueType::i8, "1",
                       "1 for the months simulated before the policy start (docs/model.md §4 "
                       "\"History\"), 0 for the policy horizon",
                       Content::scenario));
  }

  if (!study.levers.empty()) {
    out.push_back(plain_variable("spend", {"scenario", "month", "lever"}, ValueType::f64,
                                 study.currency + " per month", "spend by lever",
                                 Content::scenario));
    out.push_back(plain_variable("share", {"scenario", "lever"}, ValueType::f64, "1",
                                 "share of the scenario budget by lever", Content::scenario));
  }
  out.push_back(plain_variable("budget", {"scenario"}, ValueType::f64, study.currency,
                               "scenario budget", Content::scenario));
  out.push_back(
      plain_variable("spend_within_horizon", {"scenario"}, ValueType::f64, study.currency,
                     "money spent within the horizon: the budget less what a funding window "
                     "running past the last month would spend after it; cost per outcome divides "
                     "it",
                     Content::scenario));
  out.push_back(plain_variable("start_month", {"scenario"}, ValueType::i32, "months",
                               "first month of spending", Content::scenario));
  out.push_back(plain_variable("duration_months", {"scenario"}, ValueType::i32, "months",
                               "months of spending", Content::scenario));
  out.push_back(plain_variable(
      "replicates_stored", {"scenario"}, ValueType::i8, "1",
      "1 if per-replicate arrays hold this scenario (sweep points keep summaries only)",
      Content::scenario));
  out.push_back(plain_variable("sweep", {"scenario"}, ValueType::text, "",
                               "sweep the scenario was expanded from (empty if none)",
                               Content::scenario));
  out.push_back(plain_variable("objective_definition", {"objective"}, ValueType::text, "",
                               "weighted sum of metric totals the objective is made of",
                               Content::scenario));
  out.push_back(plain_variable("objective_direction", {"objective"}, ValueType::text, "",
                               "minimise or maximise", Content::scenario));
  out.push_back(plain_variable("objective_risk", {"objective"}, ValueType::text, "",
                               "risk measure over replicates: mean, quantile, cvar or p_beat",
                               Content::scenario));
  out.push_back(plain_variable("objective_units", {"objective"}, ValueType::text, "",
                               "units of the objective's value", Content::scenario));
  if (!with_replicates) return out;

  for (Metric m : all_metrics()) {
    const MetricInfo& info = metric_info(m);
    Variable v = plain_variable(info.name, with_prefix({"scenario", "replicate"}, month_dims(m)),
                                is_level(m) ? ValueType::f32 : ValueType::i32, info.units,
                                info.long_name, Content::replicates);
    v.fill = true;
    v.metric = m;
    v.period = Period::month;
    out.push_back(std::move(v));
  }
  for (Metric m : total_metrics()) {
    const MetricInfo& info = metric_info(m);
    Variable horizon =
        plain_variable(std::string(info.name) + "_horizon_total", {"scenario", "replicate"},
                       ValueType::i64, info.total_units,
                       std::string("per replicate: ") + info.total_long_name, Content::replicates);
    horizon.fill = true;
    horizon.metric = m;
    horizon.period = Period::horizon;
    out.push_back(horizon);
    Variable year = plain_variable(
        std::string(info.name) + "_year_total", {"scenario", "replicate", "year"}, ValueType::i64,
        info.total_units, std::string("per replicate: ") + year_long_name(info.total_long_name),
        Content::replicates);
    year.fill = true;
    year.metric = m;
    year.period = Period::year;
    out.push_back(year);
  }
  Variable objective = plain_variable(
      "objective_value", {"objective", "scenario", "replicate"}, ValueType::f64, "",
      "value of each objective per replicate (objective_units)", Content::replicates);
  objective.fill = true;
  out.push_back(objective);
  if (!study.parameters.empty()) {
    out.push_back(plain_variable(
        "parameters", {"replicate", "parameter"}, ValueType::f64, "",
        central ? "parameter values (central run: medians)" : "sampled parameter values",
        Content::replicates));
  }
  return out;
}

std::vector<Variable> summary_variables(std::string_view currency) {
  std::vector<Variable> out;
  for (Metric m : all_metrics()) {
    const MetricInfo& info = metric_info(m);
    add_statistics(out, m, info.name, month_dims(m), Period::month, info.units, info.long_name);
  }
  for (Metric m : total_metrics()) {
    const MetricInfo& info = metric_info(m);
    add_statistics(out, m, std::string(info.name) + "_horizon", {}, Period::horizon,
                   info.total_units, info.total_long_name);
  }
  for (Metric m : total_metrics()) {  // per year of the horizon, per class
    const MetricInfo& info = metric_info(m);
    std::string long_name = year_long_name(info.total_long_name);
    const std::string all = ", all classes";
    if (info.per_class && long_name.size() > all.size() &&
        long_name.compare(long_name.size() - all.size(), all.size(), all) == 0)
      long_name.resize(long_name.size() - all.size());
    add_statistics(out, m, std::string(info.name) + "_year",
                   info.per_class ? std::vector<std::string>{"year", "class"}
                                  : std::vector<std::string>{"year"},
                   Period::year, info.total_units, long_name);
  }
  for (Metric m : total_metrics()) {
    const MetricInfo& info = metric_info(m);
    const std::string name = info.name;
    add_difference(out, Content::difference, m, info.better, name + "_diff_horizon", {},
                   Period::horizon, true, info.total_units, kPaired + info.total_long_name,
                   prob_long_name(info.better, info.total_long_name));
    const std::string month_long_name =
        std::string(info.long_name) + (info.per_class ? ", summed over classes" : "");
    add_difference(out, Content::difference, m, info.better, name + "_diff", {"month"},
                   Period::month, false, info.units, kPaired + month_long_name, "");
  }
  for (Metric m : total_metrics()) {
    const MetricInfo& info = metric_info(m);
    const std::string year_name = year_long_name(info.total_long_name);
    add_difference(out, Content::difference, m, info.better, std::string(info.name) + "_diff_year",
                   {"year"}, Period::year, true, info.total_units, kPaired + year_name,
                   prob_long_name(info.better, year_name));
  }
  add_difference(out, Content::offender_years, Metric::active, Better::lower,
                 "offender_years_diff_horizon", {}, Period::horizon, true, "offender-years",
                 kPaired +
                     "offender-years over the horizon (active offenders, all classes, summed "
                     "over months / 12)",
                 prob_long_name(Better::lower, "offender-years over the horizon"));
  for (std::size_t c = 0; c < cost_outcomes().size(); ++c) {
    const CostOutcome& o = cost_outcomes()[c];
    const std::string name = o.name;
    const std::string what = o.what;
    const std::string money = cost_units(o, currency);
    const auto cost = [&](const std::string& suffix, std::vector<std::string> dims, ValueType type,
                          const std::string& units, Statistic statistic, std::string long_name) {
      Variable v = plain_variable(name + suffix, std::move(dims), type, units, std::move(long_name),
                                  Content::cost);
      v.fill = type == ValueType::f64;
      v.statistic = statistic;
      v.period = Period::horizon;
      v.cost = c;
      out.push_back(std::move(v));
    };
    cost("", {"scenario"}, ValueType::f64, money, Statistic::value,
         what +
             ": spend_within_horizon / mean gain; NaN if the mean gain or the spend is not "
             "positive");
    cost("_se", {"scenario"}, ValueType::f64, money, Statistic::se,
         "Monte Carlo standard error (delta method) of the " + what);
    cost("_quantile", {"scenario", "quantile"}, ValueType::f64, money, Statistic::quantile,
         "quantiles over replicates of the " + what +
             ": spend_within_horizon / the gain's (1 - q) quantile; NaN where that gain is not "
             "positive");
    cost("_nonpositive", {"scenario"}, ValueType::i64, "replicates", Statistic::without_gain,
         "replicates with no gain (gain <= 0), whose cost is unbounded, for the " + what);
  }
  const auto objective = [&](const char* name, std::vector<std::string> dims, Statistic statistic,
                             const char* long_name) {
    out.push_back(
        horizon_statistic(name, std::move(dims), statistic, long_name, Content::objective));
  };
  objective("objective_mean", {"objective", "scenario"}, Statistic::mean,
            "mean over replicates of the objective (objective_units)");
  objective("objective_se", {"objective", "scenario"}, Statistic::se,
            "Monte Carlo standard error of the objective's mean");
  objective("objective_quantile", {"objective", "scenario", "quantile"}, Statistic::quantile,
            "quantiles over replicates of the objective");
  objective("objective_score", {"objective", "scenario"}, Statistic::score,
            "the objective's risk measure (objective_risk) for each scenario");
  objective("objective_p_beat", {"objective", "scenario"}, Statistic::p_beat,
            "share of replicates where the scenario beats the objective's reference (the "
            "baseline unless the objective names one; ties count half)");
  objective("objective_p_best", {"objective", "choice_set", "scenario"}, Statistic::p_best,
            "share of replicates where the scenario is the best of the choice set (ties split)");
  objective("objective_expected_loss", {"objective", "choice_set", "scenario"},
            Statistic::expected_loss,
            "expected loss against the best choice of the set, replicate by replicate "
            "(objective_units)");
  objective("objective_evpi_naive", {"objective", "choice_set"}, Statistic::evpi_naive,
            "E[best] - best E over replicates: the value of perfect information with the model's "
            "own randomness counted as information (an upper bound; docs/decision.md)");
  return out;
}

std::vector<Variable> decision_variables(const Study& study) {
  std::vector<Variable> out;
  const bool groups = !study.parameter_groups.empty();
  if (groups) {
    out.push_back(plain_variable("parameter_group", {"parameter_group"}, ValueType::text, "",
                                 "parameter group declared in the study ([[parameter_group]])",
                                 Content::coordinate));
    out.push_back(plain_variable("parameter_group_members", {"parameter_group"}, ValueType::text,
                                 "", "the group's parameters, comma-separated", Content::scenario));
  }
  const auto decision = [&](const char* name, std::vector<std::string> dims, Statistic statistic,
                            const char* long_name) {
    out.push_back(
        horizon_statistic(name, std::move(dims), statistic, long_name, Content::decision));
  };
  decision("objective_evpi", {"objective", "choice_set"}, Statistic::evpi,
           "expected value of perfect information about the uncertain parameters, the model's "
           "own randomness removed by regression (objective_units; NaN: not computed)");
  decision("objective_evpi_se", {"objective", "choice_set"}, Statistic::se,
           "standard error of objective_evpi (regression and sampling)");
  decision("objective_p_best_given_parameters", {"objective", "choice_set", "scenario"},
           Statistic::p_best,
           "share of replicates where the scenario's expected value given the parameters is the "
           "best of the choice set (the model's own randomness removed)");
  decision("objective_expected_loss_given_parameters", {"objective", "choice_set", "scenario"},
           Statistic::expected_loss,
           "expected loss against the best choice given the parameters (objective_units)");
  decision("objective_evppi", {"objective", "choice_set", "parameter"}, Statistic::evppi,
           "expected value of partial perfect information about one parameter (objective_units; "
           "NaN: fixed, or not computed)");
  decision("objective_evppi_se", {"objective", "choice_set", "parameter"}, Statistic::se,
           "standard error of objective_evppi");
  if (groups) {
    decision("objective_evppi_group", {"objective", "choice_set", "parameter_group"},
             Statistic::evppi,
             "expected value of partial perfect information about a group of parameters "
             "(objective_units; NaN: not computed)");
    decision("objective_evppi_group_se", {"objective", "choice_set", "parameter_group"},
             Statistic::se, "standard error of objective_evppi_group");
  }
  return out;
}

}  // namespace fundsim
