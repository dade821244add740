#include "registry/metrics.hpp"

namespace fundsim {

namespace {

using M = Metric;
using A = Aggregation;
using B = Better;

// Referrals and identifications: more of them means more abuse detected and reported (the
// detection lever raises them); for a fixed amount of offending that is the aim, so higher is
// better. Releases follow earlier arrests: neither direction is an improvement in itself.
constexpr std::array<MetricInfo, kMetricCount> kMetrics = {{
    {M::new_offenders, "new_offenders", true, A::flow, B::lower, "offenders per month",
     "new offenders (onset)", "offenders", "new offenders over the horizon, all classes"},
    {M::offences, "offences", true, A::flow, B::lower, "offences per month", "offences committed",
     "offences", "offences over the horizon, all classes"},
    {M::referrals, "referrals", true, A::flow, B::higher, "referrals per month",
     "industry referrals (detected offences)", "referrals",
     "industry referrals over the horizon, all classes"},
    {M::identified, "identified", true, A::flow, B::higher, "offenders per month",
     "offenders identified and queued for investigation", "offenders",
     "offenders identified over the horizon, all classes"},
    {M::contact_abuse, "contact_abuse", true, A::flow, B::lower, "events per month",
     "contact abuse events", "events", "contact abuse events over the horizon, all classes"},
    {M::desisted, "desisted", true, A::flow, B::higher, "offenders per month",
     "active offenders who desisted", "offenders", "desistances over the horizon, all classes"},
    {M::investigations, "investigations", true, A::flow, B::higher, "investigations per month",
     "investigations completed", "investigations", "investigations over the horizon, all classes"},
    {M::arrests, "arrests", true, A::flow, B::higher, "arrests per month", "arrests", "arrests",
     "arrests over the horizon, all classes"},
    {M::released, "released", true, A::flow, B::none, "offenders per month",
     "offenders released from the justice system", "offenders",
     "releases over the horizon, all classes"},
    {M::active, "active", true, A::stock, B::lower, "offenders",
     "active offenders, not referred or waiting (end of month)", "offenders",
     "active offenders at the end of the horizon, all classes"},
    {M::backlog, "backlog", true, A::stock, B::lower, "offenders",
     "referred offenders awaiting investigation (end of month)", "offenders",
     "backlog at the end of the horizon, all classes"},
    {M::in_justice, "in_justice", true, A::stock, B::higher, "offenders",
     "offenders removed by the justice system (end of month)", "offenders",
     "in the justice system at the end of the horizon, all classes"},
    {M::capacity, "capacity", false, A::level, B::none, "investigations per month",
     "investigation capacity C", "", ""},
    {M::safeguarded, "safeguarded", false, A::flow, B::higher, "children per month",
     "children safeguarded", "children", "children safeguarded over the horizon"},
}};

constexpr bool indexed() {
  for (std::size_t i = 0; i < kMetrics.size(); ++i)
    if (static_cast<std::size_t>(kMetrics[i].metric) != i) return false;
  return true;
}
static_assert(indexed(), "kMetrics rows must follow the Metric order");

}  // namespace

const std::array<MetricInfo, kMetricCount>& metrics() {
  return kMetrics;
}

std::optional<Metric> find_metric(std::string_view name) {
  for (const MetricInfo& m : kMetrics)
    if (name == m.name) return m.metric;
  return std::nullopt;
}

const std::vector<Metric>& total_metrics() {
  static const std::vector<Metric> totals = [] {
    std::vector<Metric> v;
    for (const MetricInfo& m : kMetrics)
      if (m.aggregation != Aggregation::level) v.push_back(m.metric);
    return v;
  }();
  return totals;
}

std::size_t total_index(Metric m) {
  static const std::array<std::size_t, kMetricCount> index = [] {
    std::array<std::size_t, kMetricCount> i{};
    std::size_t next = 0;
    for (const MetricInfo& info : kMetrics) {
      const bool level = info.aggregation == Aggregation::level;
      i[static_cast<std::size_t>(info.metric)] = level ? kMetricCount : next++;
    }
    return i;
  }();
  return index[static_cast<std::size_t>(m)];
}

const char* better_name(Better b) {
  constexpr const char* kNames[] = {"lower", "higher", "none"};
  return kNames[static_cast<std::size_t>(b)];
}

const char* aggregation_name(Aggregation a) {
  constexpr const char* kNames[] = {"flow", "stock", "level"};
  return kNames[static_cast<std::size_t>(a)];
}

}  // namespace fundsim
