// [calibration]: the observed series `fundsim calibrate` fits the study to (docs/study-format.md
// §12). The observations file itself is read and checked by the calibration (its own located
// errors); here only the table's keys.
#include <cmath>
#include <filesystem>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"

namespace fundsim::study_detail {

void read_calibration(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("calibration");
  if (!node) return;
  const Node& table = reader.table(*node, "calibration");
  reader.check_keys(table, "calibration", section_keys("calibration"));
  CalibrationDecl& c = study.calibration;
  const Node& observations = reader.require(table, "calibration", "observations");
  c.observations = reader.string(observations, "calibration.observations");
  if (c.observations.empty())
    reader.fail(observations, "calibration.observations",
                "must name the observations file (CSV, relative to the study file)");
  const std::filesystem::path written(c.observations);
  c.observations_path =
      written.is_absolute()
          ? c.observations
          : (std::filesystem::path(study.file).parent_path() / written).lexically_normal().string();
  c.observations_where = reader.file() + ":" + std::to_string(observations.loc.line) + ":" +
                         std::to_string(observations.loc.column) + ": calibration.observations";
  if (const Node* d = table.find("discrepancy")) {
    c.discrepancy = reader.number(*d, "calibration.discrepancy");
    if (!(c.discrepancy >= 0) || c.discrepancy > 10)
      reader.fail(*d, "calibration.discrepancy",
                  "the relative model-discrepancy sd must be in [0, 10] (0.1 = 10% of each "
                  "observed value), not " +
                      format_number(c.discrepancy));
  }
}

}  // namespace fundsim::study_detail
