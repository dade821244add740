#pragma once
// Observed series for calibration, read from a CSV file (RFC 4180) with one row per observation:
//
//   series      a name; rows of one series share its metric and class
//   metric      one of the engine's metric names (e.g. referrals)
//   class       an offender class, or empty for the sum over all classes   (column optional)
//   period      YYYY, YYYY-MM or YYYY-MM..YYYY-MM (inclusive)
//   value       the observed number (no thousands separators)
//   model       normal | poisson | negbin
//   sd          normal only: the observation error's standard deviation (> 0) (column optional)
//   dispersion  negbin only: k in variance = mu + mu^2 / k (> 0)               (column optional)
//   aggregate   sum (default: the total over the period's months) or mean_per_month
//                                                                              (column optional)
//   source      where the number comes from (required: every number cites its source)
//
// Every problem is an InputError "FILE:LINE:COLUMN: column 'NAME': what is wrong".
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "calibration/observation_model.hpp"
#include "calibration/period.hpp"

namespace fundsim::calibration {

enum class Aggregate { sum, mean_per_month };

struct Observation {
  std::string series;
  std::string metric;
  std::string class_name;  // empty: all classes
  Period period;
  double value = 0;
  ObservationModel model = ObservationModel::normal;
  double sd = 0;          // normal only
  double dispersion = 0;  // negbin only
  Aggregate aggregate = Aggregate::sum;
  std::string source;
  std::size_t line = 0;  // the row in the file

  std::string label() const { return series + " " + period.to_string(); }  // "referrals 2017"
};

struct ObservationVocabulary {
  std::vector<std::string> metrics;  // valid metric names
  std::vector<std::string> classes;  // valid class names
  // If set, every period must lie inside [first, last] (the simulated history).
  std::optional<Period> window;
};

// Parses `text`; `file` names it in messages.
std::vector<Observation> parse_observations(std::string_view text, const std::string& file,
                                            const ObservationVocabulary& vocabulary);
// Reads and parses a file (InputError if it cannot be read or holds no observation).
std::vector<Observation> read_observations(const std::string& path,
                                           const ObservationVocabulary& vocabulary);

// The simulated counterpart of an observation: the sum (or monthly mean) over its period of a
// monthly series whose element t is month first_month + t. Throws fundsim::Error if the series
// does not cover the period.
double simulated_value(const Observation& observation, Month first_month,
                       std::span<const double> monthly);

// Model discrepancy as a fraction of each observed value: discrepancy_sd = relative * |value|,
// with per-series overrides.
struct DiscrepancySpec {
  double relative = 0.1;
  std::map<std::string, double> relative_by_series;
};

// The calibration targets of the observations, in order.
std::vector<Target> make_targets(const std::vector<Observation>& observations,
                                 const DiscrepancySpec& discrepancy);

}  // namespace fundsim::calibration
