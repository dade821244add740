#pragma once
// Readers of the study file's sections, called in this order by parse_study().
// Each validates its part and appends to the Study; all errors are InputError
// with file, line, column and key path (see reader.hpp).
#include "study/reader.hpp"
#include "study/study.hpp"

namespace fundsim::study_detail {

// `currency` (top level): an ISO 4217 code, kDefaultCurrency when absent.
std::string read_currency(const Reader& reader, const Node& root);
bool is_currency_code(std::string_view code);  // three capital letters A-Z
// [run]
RunSettings read_run(const Reader& reader, const Node& root);
// [parameters]: the five globals, appended to study.parameters in GlobalParam order.
void read_globals(const Reader& reader, const Node& root, Study& study);
// [[class]]: study.classes and each class's ClassParam block of study.parameters.
void read_classes(const Reader& reader, const Node& root, Study& study);
// [[lever]] and [[lever.effect]]: study.levers and the effect parameters.
void read_levers(const Reader& reader, const Node& root, Study& study);
// [[correlation]] (needs every parameter): study.correlation.
void read_correlations(const Reader& reader, const Node& root, Study& study);
// [[scenario]] (needs levers and parameters).
void read_scenarios(const Reader& reader, const Node& root, Study& study);
// [[sweep]], expanded into scenarios appended after the [[scenario]] ones.
void read_sweeps(const Reader& reader, const Node& root, Study& study);

// [[objective]] (needs scenarios and the baseline); defaults when there is none.
void read_objectives(const Reader& reader, const Node& root, Study& study);

// [calibration] (optional): the observations the study is calibrated to (docs/calibration.md).
void read_calibration(const Reader& reader, const Node& root, Study& study);
// [[parameter_group]] (needs parameters).
void read_parameter_groups(const Reader& reader, const Node& root, Study& study);

// `start_month` (0 .. run.months-1, default 0) and `duration_months` (>= 1, default 12) of a
// [[scenario]] or [[sweep]] table; fields absent from the table are left unchanged.
void read_spending_window(const Reader& reader, const Node& table, const std::string& path,
                          const Study& study, int& start_month, int& duration_months);

// Name rules shared by the sections.
bool is_identifier(std::string_view name);  // [A-Za-z0-9_-]+ (class and lever names)
// Scenario and sweep names: non-empty, no control characters.
bool is_scenario_name(std::string_view name);
// Upper limit on scenarios after sweep expansion.
inline constexpr std::size_t kMaxScenarios = 100000;
inline constexpr std::size_t kMaxClasses = 64;

}  // namespace fundsim::study_detail
