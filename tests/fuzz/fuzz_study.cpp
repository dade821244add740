// libFuzzer target: parse and validate arbitrary text as a study file. An InputError is the
// expected answer to malformed input; any other exception, crash, leak or undefined behaviour
// is a finding (docs/robustness.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "errors.hpp"
#include "study/study.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const fundsim::Study study = fundsim::parse_study(text, "fuzz.toml");
    (void)study;
  } catch (const fundsim::InputError&) {
  }
  return 0;
}
