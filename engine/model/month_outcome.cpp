#include "model/month_outcome.hpp"

namespace fundsim {

const char* class_metric_name(ClassMetric m) {
  switch (m) {
    case ClassMetric::new_offenders:
      return "new_offenders";
    case ClassMetric::offences:
      return "offences";
    case ClassMetric::referrals:
      return "referrals";
    case ClassMetric::identified:
      return "identified";
    case ClassMetric::contact_abuse:
      return "contact_abuse";
    case ClassMetric::desisted:
      return "desisted";
    case ClassMetric::investigations:
      return "investigations";
    case ClassMetric::arrests:
      return "arrests";
    case ClassMetric::released:
      return "released";
    case ClassMetric::active:
      return "active";
    case ClassMetric::backlog:
      return "backlog";
    case ClassMetric::in_justice:
      return "in_justice";
    case ClassMetric::count:
      break;
  }
  return "?";
}

bool class_metric_is_stock(ClassMetric m) {
  return m == ClassMetric::active || m == ClassMetric::backlog || m == ClassMetric::in_justice;
}

}  // namespace fundsim
