#pragma once
// SHA-256 of the study text, stored in the output for provenance (FIPS 180-4).
#include <string>
#include <string_view>

namespace fundsim {
std::string sha256_hex(std::string_view data);
}
