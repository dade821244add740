#include "output/variables.hpp"

namespace fundsim {

VariableInfo class_metric_info(ClassMetric m) {
  switch (m) {
    case ClassMetric::new_offenders:
      return {"offenders per month", "new offenders (onset)"};
    case ClassMetric::offences:
      return {"offences per month", "offences committed"};
    case ClassMetric::referrals:
      return {"referrals per month", "industry referrals (detected offences)"};
    case ClassMetric::identified:
      return {"offenders per month", "offenders identified and queued for investigation"};
    case ClassMetric::contact_abuse:
      return {"events per month", "contact abuse events"};
    case ClassMetric::desisted:
      return {"offenders per month", "active offenders who desisted"};
    case ClassMetric::investigations:
      return {"investigations per month", "investigations completed"};
    case ClassMetric::arrests:
      return {"arrests per month", "arrests"};
    case ClassMetric::released:
      return {"offenders per month", "offenders released from the justice system"};
    case ClassMetric::active:
      return {"offenders", "active offenders, not referred or waiting (end of month)"};
    case ClassMetric::backlog:
      return {"offenders", "referred offenders awaiting investigation (end of month)"};
    case ClassMetric::in_justice:
      return {"offenders", "offenders removed by the justice system (end of month)"};
    case ClassMetric::count:
      break;
  }
  return {"1", "?"};
}

VariableInfo capacity_info() {
  return {"investigations per month", "investigation capacity C"};
}
VariableInfo safeguarded_info() {
  return {"children per month", "children safeguarded"};
}

VariableInfo horizon_metric_info(HorizonMetric m) {
  switch (m) {
    case HorizonMetric::new_offenders:
      return {"offenders", "new offenders over the horizon, all classes"};
    case HorizonMetric::offences:
      return {"offences", "offences over the horizon, all classes"};
    case HorizonMetric::referrals:
      return {"referrals", "industry referrals over the horizon, all classes"};
    case HorizonMetric::identified:
      return {"offenders", "offenders identified over the horizon, all classes"};
    case HorizonMetric::contact_abuse:
      return {"events", "contact abuse events over the horizon, all classes"};
    case HorizonMetric::desisted:
      return {"offenders", "desistances over the horizon, all classes"};
    case HorizonMetric::investigations:
      return {"investigations", "investigations over the horizon, all classes"};
    case HorizonMetric::arrests:
      return {"arrests", "arrests over the horizon, all classes"};
    case HorizonMetric::released:
      return {"offenders", "releases over the horizon, all classes"};
    case HorizonMetric::active:
      return {"offenders", "active offenders at the end of the horizon, all classes"};
    case HorizonMetric::backlog:
      return {"offenders", "backlog at the end of the horizon, all classes"};
    case HorizonMetric::in_justice:
      return {"offenders", "in the justice system at the end of the horizon, all classes"};
    case HorizonMetric::safeguarded:
      return {"children", "children safeguarded over the horizon"};
    case HorizonMetric::count:
      break;
  }
  return {"1", "?"};
}

}  // namespace fundsim
