#pragma once
// A small study with a history and observations for the calibrate tests: one class, 2016-01 to a
// 2018-10 policy start (33 history months), three uncertain parameters that the observations
// inform (offence_rate, detect_trend, arrest) and one lever effect they cannot (unit_cost: the
// baseline spends nothing). Files go to a fresh temporary directory per fixture.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "study/study.hpp"

namespace fundsim::test {

inline std::string calibration_study_text(const std::string& observations = "observed.csv",
                                          const std::string& extra_calibration = "") {
  return R"(schema_version = 1
name = "toy"
baseline = "baseline"

[run]
months = 12
start = "2018-10"
history_start = "2016-01"
replicates = 50
seed = 42
sampling = "mc"

[parameters]
onset_growth = 0.0
base_capacity = 40
arrests_ref = 15
deterrence_elasticity = 0.1
deterrence_lag = 6

[[class]]
name = "offender"
initial_active = 3000
initial_backlog = 20
initial_justice = 150
onset = 30
offence_rate = { dist = "lognormal", median = 1.0, gsd = 1.5 }
detect = 0.05
detect_trend = { dist = "uniform", min = 0.0, max = 0.6 }
actionable = 0.2
contact = 0.01
desist = 0.005
attrition = 0.03
arrest = { dist = "uniform", min = 0.2, max = 0.8 }
sentence_months = 12
reoffend = 0.1
safeguard_per_arrest = 1.0
priority = 1

[[lever]]
name = "enforcement"
lag = 3
[[lever.effect]]
target = "capacity"
curve = "linear"
unit_cost = { dist = "lognormal", median = 1000, gsd = 1.5 }

[[scenario]]
name = "baseline"
budget = 0

[[scenario]]
name = "funded"
budget = 120000
split = { enforcement = 1.0 }
duration_months = 12

[calibration]
observations = ")" +
         observations + "\"\n" + extra_calibration;
}

// A directory of its own, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("fundsim-calibrate-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

}  // namespace fundsim::test
