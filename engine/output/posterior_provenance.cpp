#include "output/posterior_provenance.hpp"

#include "output/h5.hpp"

namespace fundsim {

void set_posterior_provenance(hid_t root, const std::string& file, const std::string& sha256,
                              const std::string& note) {
  if (sha256.empty()) return;
  h5::set_attribute(root, "parameters_file", file);
  h5::set_attribute(root, "parameters_sha256", sha256);
  h5::set_attribute(root, "parameters_note", note);
}

}  // namespace fundsim
