#pragma once
// Building blocks of small valid study texts for the study-reader tests, and the message with
// which the reader rejects an invalid one.
#include <gtest/gtest.h>

#include <string>

#include "errors.hpp"
#include "study/study.hpp"

namespace fundsim::test {

// The error message of parsing `text` as `file` (fails the test if it parses).
inline std::string error_of(const std::string& text, const std::string& file = "t.toml") {
  try {
    (void)parse_study(text, file);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "study was accepted:\n" << text;
  return "";
}

inline std::string run_section(const std::string& extra = "") {
  return "[run]\nmonths = 12\nstart = \"2020-01\"\nreplicates = 10\nseed = 1\n" + extra;
}

inline std::string parameters_section() {
  return "[parameters]\n"
         "onset_growth = 0.05\nbase_capacity = 800\narrests_ref = 400\n"
         "deterrence_elasticity = 0.1\ndeterrence_lag = 6\n";
}

inline std::string class_section(const std::string& name) {
  return "[[class]]\nname = \"" + name +
         "\"\n"
         "initial_active = 1000\ninitial_backlog = 10\ninitial_justice = 20\nonset = 10\n"
         "offence_rate = 1\ndetect = 0.05\ndetect_trend = 0.1\nactionable = 0.1\ncontact = 0.01\n"
         "desist = 0.01\nattrition = 0.03\narrest = 0.5\nsentence_months = 12\nreoffend = 0.1\n"
         "safeguard_per_arrest = 1\npriority = 1\n";
}

inline std::string lever_section(const std::string& name) {
  return "[[lever]]\nname = \"" + name +
         "\"\nlag = 0\n[[lever.effect]]\ntarget = \"onset\"\ncurve = \"saturating\"\n"
         "max_effect = 0.3\nhalf_spend = 1e6\n";
}

// A complete valid study: header, run, parameters, one class "a", levers "x" and "y",
// then `tail` (scenarios, sweeps), or a budget-0 scenario "base" when `tail` is empty.
inline std::string minimal_study(const std::string& tail = "", const std::string& run_extra = "") {
  return "schema_version = 1\nname = \"t\"\n" + run_section(run_extra) + parameters_section() +
         class_section("a") + lever_section("x") + lever_section("y") +
         (tail.empty() ? std::string("[[scenario]]\nname = \"base\"\nbudget = 0\n") : tail);
}

}  // namespace fundsim::test
