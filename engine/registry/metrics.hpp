#pragma once
// The model's output metrics (docs/model.md §7), in one table. Everything per metric follows
// from it: the order and names of the output variables, units and long names, whether a metric
// has classes, how it adds up over months (flow or stock), which direction of a difference is
// better, and which metrics have paired differences and horizon totals. Adding a metric is a
// row here, the monthly step that records it (engine/model/step.cpp) and the test reference
// model; summaries, the output file, reports and `fundsim schema` pick it up from the table.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace fundsim {

enum class Metric : std::size_t {
  new_offenders,
  offences,
  referrals,
  identified,
  contact_abuse,
  desisted,
  investigations,
  arrests,
  released,
  active,
  backlog,
  in_justice,
  capacity,
  safeguarded,
  closed,
  count
};
inline constexpr std::size_t kMetricCount = static_cast<std::size_t>(Metric::count);

// How a metric adds up over months: flows are summed (over a year, over the horizon), stocks are
// taken at the end of the period; a level is a real-valued rate that is only summarised month by
// month (no totals, no paired differences).
enum class Aggregation : std::uint8_t { flow, stock, level };
// Which direction of a difference between scenarios is an improvement.
enum class Better : std::uint8_t { lower, higher, none };

struct MetricInfo {
  Metric metric;  // equals the row's index (checked at compile time)
  const char* name;
  bool per_class;  // one value per offender class, else one for the whole system
  Aggregation aggregation;
  Better better;
  const char* units;      // of the monthly value
  const char* long_name;  // of the monthly value
  // Over the horizon (flows summed over months and classes, stocks at its end, all classes);
  // empty for levels.
  const char* total_units;
  const char* total_long_name;
};

// The table. Rows follow the Metric order (checked below).
// Referrals and identifications: more of them means more abuse detected and reported (the
// detection lever raises them); for a fixed amount of offending that is the aim, so higher is
// better. Releases follow earlier arrests: neither direction is an improvement in itself.
inline constexpr std::array<MetricInfo, kMetricCount> kMetrics = {{
    {Metric::new_offenders, "new_offenders", true, Aggregation::flow, Better::lower,
     "offenders per month", "new offenders (onset)", "offenders",
     "new offenders over the horizon, all classes"},
    {Metric::offences, "offences", true, Aggregation::flow, Better::lower, "offences per month",
     "offences committed", "offences", "offences over the horizon, all classes"},
    {Metric::referrals, "referrals", true, Aggregation::flow, Better::higher, "referrals per month",
     "industry referrals (detected offences)", "referrals",
     "industry referrals over the horizon, all classes"},
    {Metric::identified, "identified", true, Aggregation::flow, Better::higher,
     "offenders per month", "offenders identified and queued for investigation", "offenders",
     "offenders identified over the horizon, all classes"},
    {Metric::contact_abuse, "contact_abuse", true, Aggregation::flow, Better::lower,
     "events per month", "contact abuse events", "events",
     "contact abuse events over the horizon, all classes"},
    {Metric::desisted, "desisted", true, Aggregation::flow, Better::higher, "offenders per month",
     "active offenders who desisted", "offenders", "desistances over the horizon, all classes"},
    {Metric::investigations, "investigations", true, Aggregation::flow, Better::higher,
     "investigations per month", "investigations completed", "investigations",
     "investigations over the horizon, all classes"},
    {Metric::arrests, "arrests", true, Aggregation::flow, Better::higher, "arrests per month",
     "arrests", "arrests", "arrests over the horizon, all classes"},
    {Metric::released, "released", true, Aggregation::flow, Better::none, "offenders per month",
     "offenders released from the justice system", "offenders",
     "releases over the horizon, all classes"},
    {Metric::active, "active", true, Aggregation::stock, Better::lower, "offenders",
     "active offenders, not referred or waiting (end of month)", "offenders",
     "active offenders at the end of the horizon, all classes"},
    {Metric::backlog, "backlog", true, Aggregation::stock, Better::lower, "offenders",
     "referred offenders awaiting investigation (end of month)", "offenders",
     "backlog at the end of the horizon, all classes"},
    {Metric::in_justice, "in_justice", true, Aggregation::stock, Better::higher, "offenders",
     "offenders removed by the justice system (end of month)", "offenders",
     "in the justice system at the end of the horizon, all classes"},
    {Metric::capacity, "capacity", false, Aggregation::level, Better::none,
     "investigations per month", "investigation capacity C", "", ""},
    {Metric::safeguarded, "safeguarded", false, Aggregation::flow, Better::higher,
     "children per month", "children safeguarded", "children",
     "children safeguarded over the horizon"},
    {Metric::closed, "closed", true, Aggregation::flow, Better::lower, "offenders per month",
     "waiting cases closed without action (queue attrition)", "offenders",
     "waiting cases closed without action over the horizon, all classes"},
}};

namespace registry_detail {
constexpr bool metrics_indexed() {
  for (std::size_t i = 0; i < kMetrics.size(); ++i)
    if (static_cast<std::size_t>(kMetrics[i].metric) != i) return false;
  return true;
}
}  // namespace registry_detail
static_assert(registry_detail::metrics_indexed(), "kMetrics rows must follow the Metric order");

inline const std::array<MetricInfo, kMetricCount>& metrics() {
  return kMetrics;
}
inline const MetricInfo& metric_info(Metric m) {
  return metrics()[static_cast<std::size_t>(m)];
}
inline const char* metric_name(Metric m) {
  return metric_info(m).name;
}
std::optional<Metric> find_metric(std::string_view name);

// Real-valued metrics (levels) are stored as float and summarised in fixed point with this many
// steps per unit, so that their sums stay exact integers (docs/output-format.md §3).
inline constexpr double kLevelScale = 256.0;
inline bool is_level(Metric m) {
  return metric_info(m).aggregation == Aggregation::level;
}
// Metrics with totals over periods (horizon, years) and paired differences: every non-level one.
inline bool has_totals(Metric m) {
  return !is_level(m);
}

const char* better_name(Better b);            // "lower", "higher", "none"
const char* aggregation_name(Aggregation a);  // "flow", "stock", "level"

// Iterate with `for (Metric m : all_metrics())`.
struct MetricRange {
  struct Iterator {
    std::size_t i;
    Metric operator*() const { return static_cast<Metric>(i); }
    Iterator& operator++() {
      ++i;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return i != o.i; }
  };
  Iterator begin() const { return {0}; }
  Iterator end() const { return {kMetricCount}; }
};
inline MetricRange all_metrics() {
  return {};
}

// The metrics with totals (every non-level one), in table order, and a metric's position among
// them (the layout of horizon, yearly and paired-difference summaries).
const std::vector<Metric>& total_metrics();
std::size_t total_index(Metric m);  // requires has_totals(m)

}  // namespace fundsim
