#pragma once
// Which posterior sample a file's calibrated parameters came from (docs/calibration.md §5): the
// root attributes parameters_file, parameters_sha256 and parameters_note, written the same way
// by the run file, the optimisation file and the sensitivity file.
#include <hdf5.h>

#include <string>

namespace fundsim {

// Nothing is written when `sha256` is empty (the parameters came from the priors).
void set_posterior_provenance(hid_t root, const std::string& file, const std::string& sha256,
                              const std::string& note);

}  // namespace fundsim
