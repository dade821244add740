#include "calibration/observations.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "calibration/csv.hpp"
#include "calibration/suggest.hpp"
#include "errors.hpp"

namespace fundsim::calibration {
namespace {

enum Column {
  kSeries,
  kMetric,
  kClass,
  kPeriod,
  kValue,
  kModel,
  kSd,
  kDispersion,
  kAggregate,
  kSource,
  kColumns
};
constexpr std::array<const char*, kColumns> kColumnNames = {
    "series", "metric", "class",      "period",    "value",
    "model",  "sd",     "dispersion", "aggregate", "source"};
constexpr std::array<bool, kColumns> kRequired = {true, true,  false, true,  true,
                                                  true, false, false, false, true};

std::vector<std::string> column_names() {
  return {kColumnNames.begin(), kColumnNames.end()};
}

std::string location(const std::string& file, std::size_t line, std::size_t column) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

class Reader {
 public:
  Reader(const std::string& file, const ObservationVocabulary& vocabulary)
      : file_(file), vocabulary_(vocabulary) {}

  std::vector<Observation> read(std::string_view text) {
    const std::vector<CsvRow> rows = parse_csv(text, file_);
    if (rows.empty()) throw InputError(file_ + ": empty observations file (no header row)");
    read_header(rows.front());
    std::vector<Observation> out;
    for (std::size_t r = 1; r < rows.size(); ++r) out.push_back(read_row(rows[r], out));
    if (out.empty()) throw InputError(file_ + ": no observations (only a header row)");
    return out;
  }

 private:
  void read_header(const CsvRow& header) {
    position_.fill(-1);
    const std::vector<std::string> names = column_names();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      const CsvField& f = header.fields[i];
      int known = -1;
      for (int c = 0; c < kColumns; ++c)
        if (f.text == kColumnNames[static_cast<std::size_t>(c)]) known = c;
      if (known < 0)
        throw InputError(location(file_, f.line, f.column) + "unknown column '" + f.text + "'" +
                         did_you_mean(f.text, names) + "; the columns are " + quoted_list(names));
      if (position_[static_cast<std::size_t>(known)] >= 0)
        throw InputError(location(file_, f.line, f.column) + "column '" + f.text +
                         "' appears twice in the header");
      position_[static_cast<std::size_t>(known)] = static_cast<int>(i);
    }
    columns_ = header.fields.size();
    for (std::size_t c = 0; c < kColumns; ++c)
      if (kRequired[c] && position_[c] < 0)
        throw InputError(location(file_, header.line, 1) + "missing column '" + kColumnNames[c] +
                         "' in the header");
  }

  // The field of column c, or nullptr if the file has no such column.
  const CsvField* field(const CsvRow& row, Column c) const {
    const int p = position_[static_cast<std::size_t>(c)];
    return p < 0 ? nullptr : &row.fields[static_cast<std::size_t>(p)];
  }
  std::string text(const CsvRow& row, Column c) const {
    const CsvField* f = field(row, c);
    return f ? f->text : std::string();
  }

  [[noreturn]] void fail(const CsvRow& row, Column c, const std::string& what) const {
    const CsvField* f = field(row, c);
    const std::size_t line = f ? f->line : row.line;
    const std::size_t column = f ? f->column : 1;
    throw InputError(location(file_, line, column) + "column '" +
                     kColumnNames[static_cast<std::size_t>(c)] + "': " + what);
  }

  double number(const CsvRow& row, Column c) const {
    const std::string s = text(row, c);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty()) fail(row, c, "empty; a number is required");
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
      if (s.find(',') != std::string::npos)
        fail(row, c, "'" + s + "' is not a number (write it without thousands separators)");
      fail(row, c, "'" + s + "' is not a number");
    }
    return v;
  }

  std::string name(const CsvRow& row, Column c, const std::vector<std::string>& valid,
                   const char* what) const {
    const std::string s = text(row, c);
    for (const std::string& v : valid)
      if (v == s) return s;
    if (s.empty())
      fail(row, c, std::string("empty; expected a ") + what + ": " + quoted_list(valid));
    fail(row, c, std::string("unknown ") + what + " '" + s + "'" + did_you_mean(s, valid));
  }

  Observation read_row(const CsvRow& row, const std::vector<Observation>& earlier) const {
    if (row.fields.size() != columns_) {
      const std::string what = "this row has " + std::to_string(row.fields.size()) +
                               " fields, the header has " + std::to_string(columns_);
      if (row.fields.size() < columns_)
        throw InputError(location(file_, row.line, row.end_column) + what);
      const CsvField& extra = row.fields[columns_];
      throw InputError(location(file_, extra.line, extra.column) + what);
    }
    Observation o;
    o.line = row.line;
    o.series = text(row, kSeries);
    if (o.series.empty()) fail(row, kSeries, "empty; every observation belongs to a named series");
    o.metric = name(row, kMetric, vocabulary_.metrics, "metric");
    if (!text(row, kClass).empty()) o.class_name = name(row, kClass, vocabulary_.classes, "class");
    const ParsedPeriod period = parse_period(text(row, kPeriod));
    if (!period.period) fail(row, kPeriod, period.error);
    o.period = *period.period;
    o.value = number(row, kValue);
    const std::string model = text(row, kModel);
    const std::vector<std::string> models = {"normal", "poisson", "negbin"};
    if (model == "normal") {
      o.model = ObservationModel::normal;
    } else if (model == "poisson") {
      o.model = ObservationModel::poisson;
    } else if (model == "negbin") {
      o.model = ObservationModel::negative_binomial;
    } else {
      name(row, kModel, models, "model");
    }
    read_model_parameters(row, o);
    const std::string aggregate = text(row, kAggregate);
    if (aggregate == "mean_per_month") {
      o.aggregate = Aggregate::mean_per_month;
    } else if (!aggregate.empty() && aggregate != "sum") {
      name(row, kAggregate, {"sum", "mean_per_month"}, "aggregate");
    }
    if (o.model != ObservationModel::normal) {
      if (o.value < 0) fail(row, kValue, "a count cannot be negative (model '" + model + "')");
      if (o.aggregate == Aggregate::sum && o.value != std::floor(o.value))
        fail(row, kValue,
             "a count summed over the period must be a whole number (or set aggregate to "
             "mean_per_month for a monthly average)");
    }
    o.source = text(row, kSource);
    if (o.source.empty()) fail(row, kSource, "empty; every observed number must cite its source");
    check_window(row, o);
    check_against_earlier(row, o, earlier);
    return o;
  }

  void read_model_parameters(const CsvRow& row, Observation& o) const {
    const bool has_sd = !text(row, kSd).empty(), has_k = !text(row, kDispersion).empty();
    const std::string model = model_name(o.model);
    if (o.model == ObservationModel::normal) {
      if (!field(row, kSd)) fail(row, kModel, "model 'normal' needs an 'sd' column");
      if (!has_sd) fail(row, kSd, "model 'normal' needs the observation error's sd");
      o.sd = number(row, kSd);
      if (!(o.sd > 0)) fail(row, kSd, "sd must be > 0, not " + text(row, kSd));
    } else if (has_sd) {
      fail(row, kSd, "sd is only used by model 'normal' (this row's model is '" + model + "')");
    }
    if (o.model == ObservationModel::negative_binomial) {
      if (!field(row, kDispersion)) fail(row, kModel, "model 'negbin' needs a 'dispersion' column");
      if (!has_k) fail(row, kDispersion, "model 'negbin' needs the dispersion k");
      o.dispersion = number(row, kDispersion);
      if (!(o.dispersion > 0))
        fail(row, kDispersion, "dispersion must be > 0, not " + text(row, kDispersion));
    } else if (has_k) {
      fail(row, kDispersion,
           "dispersion is only used by model 'negbin' (this row's model is '" + model + "')");
    }
  }

  void check_window(const CsvRow& row, const Observation& o) const {
    if (!vocabulary_.window) return;
    const Period& w = *vocabulary_.window;
    if (!w.contains(o.period.first) || !w.contains(o.period.last))
      fail(row, kPeriod,
           "period " + o.period.to_string() + " is outside the simulated history " +
               w.first.to_string() + ".." + w.last.to_string());
  }

  void check_against_earlier(const CsvRow& row, const Observation& o,
                             const std::vector<Observation>& earlier) const {
    for (const Observation& e : earlier) {
      if (e.series != o.series) continue;
      if (e.metric != o.metric)
        fail(row, kMetric,
             "series '" + o.series + "' has metric '" + e.metric + "' on line " +
                 std::to_string(e.line) + "; a series measures one metric");
      if (e.class_name != o.class_name)
        fail(row, kClass,
             "series '" + o.series + "' has class '" +
                 (e.class_name.empty() ? std::string("(all)") : e.class_name) + "' on line " +
                 std::to_string(e.line) + "; a series measures one class");
      if (e.period == o.period)
        fail(row, kPeriod,
             "duplicate observation: series '" + o.series + "' already has period " +
                 o.period.to_string() + " on line " + std::to_string(e.line));
    }
  }

  const std::string& file_;
  const ObservationVocabulary& vocabulary_;
  std::array<int, kColumns> position_{};
  std::size_t columns_ = 0;
};

}  // namespace

std::vector<Observation> parse_observations(std::string_view text, const std::string& file,
                                            const ObservationVocabulary& vocabulary) {
  return Reader(file, vocabulary).read(text);
}

std::vector<Observation> read_observations(const std::string& path,
                                           const ObservationVocabulary& vocabulary) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the observations file: " + std::strerror(errno));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_observations(text, path, vocabulary);
}

double simulated_value(const Observation& o, Month first_month, std::span<const double> monthly) {
  const std::int64_t begin = o.period.first.index - first_month.index;
  const std::int64_t end = o.period.last.index - first_month.index + 1;
  if (begin < 0 || end > static_cast<std::int64_t>(monthly.size()))
    throw Error("observation '" + o.label() + "': the simulated months do not cover its period");
  double total = 0;
  for (std::int64_t t = begin; t < end; ++t) total += monthly[static_cast<std::size_t>(t)];
  return o.aggregate == Aggregate::sum ? total : total / static_cast<double>(end - begin);
}

std::vector<Target> make_targets(const std::vector<Observation>& observations,
                                 const DiscrepancySpec& discrepancy) {
  std::vector<Target> targets;
  for (const Observation& o : observations) {
    Target t;
    t.label = o.label();
    t.value = o.value;
    t.model = o.model;
    t.sd = o.sd;
    t.dispersion = o.dispersion;
    const bool monthly_count =
        o.model != ObservationModel::normal && o.aggregate == Aggregate::mean_per_month;
    t.scale = monthly_count ? o.period.months() : 1.0;
    const auto it = discrepancy.relative_by_series.find(o.series);
    const double relative =
        it == discrepancy.relative_by_series.end() ? discrepancy.relative : it->second;
    if (!(relative >= 0) || !std::isfinite(relative))
      throw InputError("model discrepancy for series '" + o.series + "' must be >= 0");
    t.discrepancy_sd = relative * std::fabs(o.value);
    targets.push_back(std::move(t));
  }
  return targets;
}

}  // namespace fundsim::calibration
