#include "model/month_outcome.hpp"

namespace fundsim {

void MonthOutcome::resize(std::size_t classes) {
  classes_ = classes;
  std::size_t slots = 0;
  for (Metric m : all_metrics()) {
    offset_[index(m)] = slots;
    if (!is_level(m)) slots += metric_info(m).per_class ? classes : 1;
  }
  counts_.assign(slots, 0);
}

}  // namespace fundsim
