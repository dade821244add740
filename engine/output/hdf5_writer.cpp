#include "output/hdf5_writer.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>

#include "errors.hpp"
#include "output/sha256.hpp"
#include "output/variables.hpp"
#include "version.hpp"

namespace fundsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string calendar_month(const std::string& start, int offset) {
  int year = std::stoi(start.substr(0, 4));
  int month = std::stoi(start.substr(5, 2)) - 1 + offset;
  year += month / 12;
  month %= 12;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month + 1);
  return buf;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Chunks of about 1 MiB along replicates (HDF5-NOTES.md), at most the whole dimension.
std::uint64_t chunk_replicates_for(std::uint64_t replicates, std::size_t bytes_per_replicate) {
  const std::uint64_t target =
      std::max<std::uint64_t>(1, (1U << 20) / std::max<std::size_t>(1, bytes_per_replicate));
  return std::min(replicates, target);
}

}  // namespace

Hdf5Writer::Hdf5Writer(const std::string& path, const Study& study, const RunMetadata& metadata)
    : study_(study),
      metadata_(metadata),
      path_(path),
      stored_(replicate_storage_plan(study, metadata.summary_only)) {
  h5::silence_error_stack();
  file_ = h5::create_file(path);
  const std::size_t months = static_cast<std::size_t>(study.run.months);
  chunk_replicates_ = chunk_replicates_for(metadata.replicates, months * study.classes.size() * 4);
  create_coordinates();
  write_scenario_variables();
  if (!metadata.summary_only) create_replicate_variables();
}

h5::Handle Hdf5Writer::create_variable(const std::string& name, hid_t type,
                                       const std::vector<std::string>& dims,
                                       const std::vector<hsize_t>& chunk, bool compress,
                                       bool with_fill, double fill, const char* units,
                                       const char* long_name) {
  h5::DatasetSpec spec;
  spec.name = name;
  spec.type = type;
  for (const auto& d : dims) spec.dims.push_back(dim_sizes_.at(d));
  spec.chunk = chunk;
  spec.compression = compress ? h5::Compression::deflate : h5::Compression::none;
  spec.has_fill = with_fill;
  spec.fill = fill;
  if (metadata_.growable_replicates && !chunk.empty()) {
    spec.max_dims = spec.dims;
    for (std::size_t axis = 0; axis < dims.size(); ++axis) {
      if (dims[axis] == "replicate") spec.max_dims[axis] = H5S_UNLIMITED;
    }
  }
  if (!chunk.empty()) {
    hsize_t chunk_bytes = H5Tget_size(type);
    for (hsize_t c : chunk) chunk_bytes *= c;
    // Room for one chunk under construction per stored scenario, so partial writes never
    // re-read and recompress a chunk.
    const auto in_progress =
        static_cast<hsize_t>(std::count(stored_.begin(), stored_.end(), true)) + 1;
    spec.chunk_cache_bytes =
        static_cast<std::size_t>(std::min<hsize_t>(chunk_bytes * in_progress, hsize_t{256} << 20));
  }
  h5::Handle dataset = h5::create_dataset(file_.id(), spec);
  for (unsigned axis = 0; axis < dims.size(); ++axis) {
    h5::attach_scale(dataset.id(), scales_.at(dims[axis]).id(), axis, path_ + ": " + name);
  }
  if (units) h5::set_attribute(dataset.id(), "units", std::string(units));
  if (long_name) h5::set_attribute(dataset.id(), "long_name", std::string(long_name));
  return dataset;
}

void Hdf5Writer::create_coordinates() {
  const std::string context = path_;
  auto string_scale = [&](const std::string& name, const std::vector<std::string>& values,
                          const char* long_name) {
    dim_sizes_[name] = values.size();
    h5::Handle type = h5::vlen_utf8_type();
    h5::DatasetSpec spec;
    spec.name = name;
    spec.type = type.id();
    spec.dims = {values.size()};
    h5::Handle ds = h5::create_dataset(file_.id(), spec);
    h5::write_strings(ds.id(), values, name);
    h5::make_scale(ds.id(), name);
    h5::set_attribute(ds.id(), "long_name", std::string(long_name));
    scales_[name] = std::move(ds);
  };
  auto numeric_scale = [&](const std::string& name, hid_t type, hsize_t size, const void* data,
                           const char* long_name, const char* units) {
    dim_sizes_[name] = size;
    h5::DatasetSpec spec;
    spec.name = name;
    spec.type = type;
    spec.dims = {size};
    h5::Handle ds = h5::create_dataset(file_.id(), spec);
    h5::write_all(ds.id(), type, data, name);
    h5::make_scale(ds.id(), name);
    h5::set_attribute(ds.id(), "long_name", std::string(long_name));
    if (units) h5::set_attribute(ds.id(), "units", std::string(units));
    scales_[name] = std::move(ds);
  };

  std::vector<std::string> scenarios;
  for (const auto& s : study_.scenarios) scenarios.push_back(s.name);
  string_scale("scenario", scenarios, "scenario (after sweep expansion)");

  if (!metadata_.summary_only) {
    std::vector<std::int64_t> replicates(metadata_.replicates);
    for (std::uint64_t r = 0; r < metadata_.replicates; ++r)
      replicates[r] = static_cast<std::int64_t>(r);
    if (metadata_.growable_replicates) {
      dim_sizes_["replicate"] = metadata_.replicates;
      h5::DatasetSpec spec;
      spec.name = "replicate";
      spec.type = H5T_NATIVE_INT64;
      spec.dims = {metadata_.replicates};
      spec.max_dims = {H5S_UNLIMITED};
      spec.chunk = {4096};
      h5::Handle ds = h5::create_dataset(file_.id(), spec);
      h5::write_all(ds.id(), H5T_NATIVE_INT64, replicates.data(), "replicate");
      h5::make_scale(ds.id(), "replicate");
      h5::set_attribute(ds.id(), "long_name", std::string("Monte Carlo replicate index"));
      scales_["replicate"] = std::move(ds);
    } else {
      numeric_scale("replicate", H5T_NATIVE_INT64, metadata_.replicates, replicates.data(),
                    "Monte Carlo replicate index", nullptr);
    }
  }

  const auto months = static_cast<std::size_t>(study_.run.months);
  std::vector<std::int32_t> month_index(months);
  std::vector<std::string> dates(months);
  for (std::size_t t = 0; t < months; ++t) {
    month_index[t] = static_cast<std::int32_t>(t);
    dates[t] = calendar_month(study_.run.start, static_cast<int>(t));
  }
  numeric_scale("month", H5T_NATIVE_INT32, months, month_index.data(),
                ("month index t (0 = " + study_.run.start + ")").c_str(), nullptr);
  string_scale("class", study_.classes, "offender class");
  std::vector<std::string> levers;
  for (const auto& l : study_.levers) levers.push_back(l.name);
  string_scale("lever", levers, "funding lever");
  std::vector<std::string> parameters;
  for (const auto& p : study_.parameters) parameters.push_back(p.name);
  string_scale("parameter", parameters, "model parameter");
  numeric_scale("quantile", H5T_NATIVE_DOUBLE, kSummaryQuantiles.size(), kSummaryQuantiles.data(),
                "quantile level over replicates", "1");
  std::vector<std::int32_t> year_index(years_of(months));
  for (std::size_t y = 0; y < year_index.size(); ++y) year_index[y] = static_cast<std::int32_t>(y);
  numeric_scale(
      "year", H5T_NATIVE_INT32, year_index.size(), year_index.data(),
      "year of the horizon: months 12 year .. 12 year + 11 (the last year may be partial)",
      nullptr);

  h5::Handle type = h5::vlen_utf8_type();
  h5::Handle date = create_variable("date", type.id(), {"month"}, {}, false, false, 0, nullptr,
                                    "calendar month (YYYY-MM)");
  h5::write_strings(date.id(), dates, "date");
}

void Hdf5Writer::write_scenario_variables() {
  const std::size_t S = study_.scenarios.size();
  const std::size_t L = study_.levers.size();
  const auto T = static_cast<std::size_t>(study_.run.months);

  std::vector<double> spend(S * T * L), share(S * L), budget(S);
  std::vector<std::int32_t> start(S), duration(S);
  std::vector<std::int8_t> has_replicates(S);
  std::vector<std::string> sweep(S);
  for (std::size_t s = 0; s < S; ++s) {
    const Scenario& sc = study_.scenarios[s];
    budget[s] = sc.budget;
    start[s] = sc.start_month;
    duration[s] = sc.duration_months;
    has_replicates[s] = stored_[s] ? 1 : 0;
    sweep[s] = sc.sweep;
    for (std::size_t l = 0; l < L; ++l) {
      share[s * L + l] = sc.share[l];
      for (std::size_t t = 0; t < T; ++t)
        spend[(s * T + t) * L + l] = sc.spend(l, static_cast<int>(t));
    }
  }
  auto write = [&](const std::string& name, hid_t type, const std::vector<std::string>& dims,
                   const void* data, const char* units, const char* long_name) {
    h5::Handle ds = create_variable(name, type, dims, {}, false, false, 0, units, long_name);
    h5::write_all(ds.id(), type, data, name);
  };
  if (L > 0) {
    write("spend", H5T_NATIVE_DOUBLE, {"scenario", "month", "lever"}, spend.data(), "GBP per month",
          "spend by lever");
    write("share", H5T_NATIVE_DOUBLE, {"scenario", "lever"}, share.data(), "1",
          "share of the scenario budget by lever");
  }
  write("budget", H5T_NATIVE_DOUBLE, {"scenario"}, budget.data(), "GBP", "scenario budget");
  write("start_month", H5T_NATIVE_INT32, {"scenario"}, start.data(), "months",
        "first month of spending");
  write("duration_months", H5T_NATIVE_INT32, {"scenario"}, duration.data(), "months",
        "months of spending");
  write("replicates_stored", H5T_NATIVE_INT8, {"scenario"}, has_replicates.data(), "1",
        "1 if per-replicate arrays hold this scenario (sweep points keep summaries only)");
  h5::Handle type = h5::vlen_utf8_type();
  h5::Handle ds = create_variable("sweep", type.id(), {"scenario"}, {}, false, false, 0, nullptr,
                                  "sweep the scenario was expanded from (empty if none)");
  h5::write_strings(ds.id(), sweep, "sweep");
}

void Hdf5Writer::create_replicate_variables() {
  const hsize_t K = study_.classes.size();
  const auto T = static_cast<hsize_t>(study_.run.months);
  const hsize_t R = chunk_replicates_;
  for (std::size_t m = 0; m < kClassMetricCount; ++m) {
    const auto metric = static_cast<ClassMetric>(m);
    const VariableInfo info = class_metric_info(metric);
    class_metrics_.push_back(create_variable(
        class_metric_name(metric), H5T_NATIVE_INT32, {"scenario", "replicate", "month", "class"},
        {1, R, T, K}, metadata_.compress_replicates, true, -1, info.units, info.long_name));
  }
  capacity_ = create_variable("capacity", H5T_NATIVE_FLOAT, {"scenario", "replicate", "month"},
                              {1, R, T}, metadata_.compress_replicates, true, kNaN,
                              capacity_info().units, capacity_info().long_name);
  safeguarded_ =
      create_variable("safeguarded", H5T_NATIVE_INT32, {"scenario", "replicate", "month"},
                      {1, R, T}, metadata_.compress_replicates, true, -1, safeguarded_info().units,
                      safeguarded_info().long_name);
  const hsize_t P = study_.parameters.size();
  if (P > 0) {
    parameters_ = create_variable(
        "parameters", H5T_NATIVE_DOUBLE, {"replicate", "parameter"},
        {std::min<hsize_t>(R * 4, metadata_.replicates), P}, metadata_.compress_replicates, false,
        0, nullptr,
        metadata_.central ? "parameter values (central run: medians)" : "sampled parameter values");
  }
}

void Hdf5Writer::write_trajectories(std::size_t scenario, const TrajectoryBlock& block) {
  const std::lock_guard lock(mutex_);
  const hsize_t s = scenario;
  const hsize_t r0 = block.first_replicate;
  const hsize_t n = block.replicates;
  const hsize_t T = block.months;
  const hsize_t K = block.classes;
  for (std::size_t m = 0; m < kClassMetricCount; ++m) {
    h5::write_hyperslab(class_metrics_[m].id(), H5T_NATIVE_INT32, {s, r0, 0, 0}, {1, n, T, K},
                        block.class_metrics[m].data(),
                        path_ + ": " + class_metric_name(static_cast<ClassMetric>(m)));
  }
  h5::write_hyperslab(capacity_.id(), H5T_NATIVE_FLOAT, {s, r0, 0}, {1, n, T},
                      block.capacity.data(), path_ + ": capacity");
  h5::write_hyperslab(safeguarded_.id(), H5T_NATIVE_INT32, {s, r0, 0}, {1, n, T},
                      block.safeguarded.data(), path_ + ": safeguarded");
}

void Hdf5Writer::write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                                  std::span<const double> values) {
  if (study_.parameters.empty()) return;
  const std::lock_guard lock(mutex_);
  h5::write_hyperslab(parameters_.id(), H5T_NATIVE_DOUBLE, {first_replicate, 0},
                      {replicates, study_.parameters.size()}, values.data(),
                      path_ + ": parameters");
}

void Hdf5Writer::grow_replicates(std::uint64_t replicates) {
  const std::lock_guard lock(mutex_);
  const std::uint64_t old = metadata_.replicates;
  metadata_.replicates = replicates;
  if (metadata_.summary_only || replicates == old) return;
  dim_sizes_["replicate"] = replicates;
  const hid_t scale = scales_.at("replicate").id();
  h5::set_extent(scale, {replicates}, path_ + ": replicate");
  std::vector<std::int64_t> index(replicates - old);
  for (std::uint64_t i = 0; i < index.size(); ++i) index[i] = static_cast<std::int64_t>(old + i);
  h5::write_hyperslab(scale, H5T_NATIVE_INT64, {old}, {index.size()}, index.data(),
                      path_ + ": replicate");
  const hsize_t S = study_.scenarios.size();
  const auto T = static_cast<hsize_t>(study_.run.months);
  const hsize_t K = study_.classes.size();
  for (std::size_t m = 0; m < class_metrics_.size(); ++m) {
    h5::set_extent(class_metrics_[m].id(), {S, replicates, T, K},
                   path_ + ": " + class_metric_name(static_cast<ClassMetric>(m)));
  }
  h5::set_extent(capacity_.id(), {S, replicates, T}, path_ + ": capacity");
  h5::set_extent(safeguarded_.id(), {S, replicates, T}, path_ + ": safeguarded");
  if (!study_.parameters.empty()) {
    h5::set_extent(parameters_.id(), {replicates, study_.parameters.size()},
                   path_ + ": parameters");
  }
}

void Hdf5Writer::set_file_attribute(const std::string& name, const std::string& value) {
  const std::lock_guard lock(mutex_);
  h5::set_attribute(file_.id(), name, value);
}

void Hdf5Writer::write_state(const std::vector<std::uint8_t>& state) {
  const std::lock_guard lock(mutex_);
  h5::Handle group = h5::create_group(file_.id(), "fundsim_internal");
  h5::DatasetSpec spec;
  spec.name = "state";
  spec.type = H5T_NATIVE_UINT8;
  spec.dims = {std::max<hsize_t>(1, state.size())};
  spec.chunk = {std::min<hsize_t>(spec.dims[0], hsize_t{1} << 20)};
  spec.compression = h5::Compression::deflate;
  h5::Handle dataset = h5::create_dataset(group.id(), spec);
  if (!state.empty())
    h5::write_all(dataset.id(), H5T_NATIVE_UINT8, state.data(), path_ + ": fundsim_internal/state");
  h5::set_attribute(
      dataset.id(), "long_name",
      std::string("mergeable summaries of this shard's replicates, read by fundsim merge"));
  dataset.close(path_);
  group.close(path_);
}

void Hdf5Writer::copy_replicates_from(const std::string& part_path, const ReplicateRanges& ranges) {
  if (metadata_.summary_only || ranges.empty()) return;
  const std::lock_guard lock(mutex_);
  h5::Handle part = h5::open_file_read(part_path);
  // Slabs of a few chunks: memory stays bounded whatever the part holds.
  const hsize_t T = static_cast<hsize_t>(study_.run.months);
  const hsize_t K = study_.classes.size();
  const hsize_t P = study_.parameters.size();
  const hsize_t step = std::max<hsize_t>(1, chunk_replicates_);
  std::vector<unsigned char> buffer;
  auto copy = [&](hid_t target, const std::string& name, hid_t type, std::size_t value_bytes,
                  bool by_scenario, hsize_t per_replicate) {
    h5::Handle source = h5::open_dataset(part.id(), name);
    for (std::size_t s = 0; s < (by_scenario ? stored_.size() : 1); ++s) {
      if (by_scenario && !stored_[s]) continue;
      for (const ReplicateRange& r : ranges.ranges()) {
        for (hsize_t first = r.first; first < r.last; first += step) {
          const hsize_t n = std::min<hsize_t>(step, r.last - first);
          buffer.resize(static_cast<std::size_t>(n * per_replicate) * value_bytes);
          std::vector<hsize_t> offset, count;
          if (by_scenario)
            offset = {s, first}, count = {1, n};
          else
            offset = {first}, count = {n};
          if (name == "parameters") {
            offset.push_back(0), count.push_back(P);
          } else {
            offset.push_back(0), count.push_back(T);
            if (per_replicate == T * K) offset.push_back(0), count.push_back(K);
          }
          h5::read_hyperslab(source.id(), type, offset, count, buffer.data(),
                             part_path + ": " + name);
          h5::write_hyperslab(target, type, offset, count, buffer.data(), path_ + ": " + name);
        }
      }
    }
  };
  for (std::size_t m = 0; m < kClassMetricCount; ++m) {
    copy(class_metrics_[m].id(), class_metric_name(static_cast<ClassMetric>(m)), H5T_NATIVE_INT32,
         4, true, T * K);
  }
  copy(capacity_.id(), "capacity", H5T_NATIVE_FLOAT, 4, true, T);
  copy(safeguarded_.id(), "safeguarded", H5T_NATIVE_INT32, 4, true, T);
  if (P > 0) copy(parameters_.id(), "parameters", H5T_NATIVE_DOUBLE, 8, false, P);
  part.close(part_path);
}

void Hdf5Writer::write_summaries(const RunResults& results) {
  const std::lock_guard lock(mutex_);
  const std::size_t S = study_.scenarios.size();
  const std::size_t K = study_.classes.size();
  const auto T = static_cast<std::size_t>(study_.run.months);
  const std::size_t Qn = kSummaryQuantiles.size();

  // Writes NAME_mean, NAME_sd and NAME_quantile for cells laid out [scenario][month][class...].
  auto write_stats = [&](const std::string& name, const std::vector<std::string>& cell_dims,
                         std::size_t cells, double scale, const VariableInfo& info,
                         const auto& summary_of) {
    std::vector<double> mean(S * cells), sd(S * cells), quantile(S * Qn * cells);
    for (std::size_t s = 0; s < S; ++s) {
      for (std::size_t c = 0; c < cells; ++c) {
        const Summary& summary = summary_of(results.summaries[s], c);
        mean[s * cells + c] = summary.moments.mean() / scale;
        sd[s * cells + c] = summary.moments.sd() / scale;
        std::array<double, kSummaryQuantiles.size()> levels;
        summary.histogram.quantiles(kSummaryQuantiles, levels);
        for (std::size_t q = 0; q < Qn; ++q) quantile[(s * Qn + q) * cells + c] = levels[q] / scale;
      }
    }
    std::vector<std::string> dims = {"scenario"};
    dims.insert(dims.end(), cell_dims.begin(), cell_dims.end());
    std::vector<std::string> qdims = {"scenario", "quantile"};
    qdims.insert(qdims.end(), cell_dims.begin(), cell_dims.end());
    const std::string long_name(info.long_name);
    auto put = [&](const std::string& var, const std::vector<std::string>& d,
                   const std::vector<double>& data, const std::string& what) {
      h5::Handle ds = create_variable(var, H5T_NATIVE_DOUBLE, d, {}, false, true, kNaN, info.units,
                                      (what + long_name).c_str());
      h5::write_all(ds.id(), H5T_NATIVE_DOUBLE, data.data(), var);
    };
    put(name + "_mean", dims, mean, "mean over replicates of ");
    put(name + "_sd", dims, sd, "standard deviation over replicates of ");
    put(name + "_quantile", qdims, quantile, "quantiles over replicates of ");
  };

  for (std::size_t m = 0; m < kClassMetricCount; ++m) {
    const auto metric = static_cast<ClassMetric>(m);
    write_stats(class_metric_name(metric), {"month", "class"}, T * K, 1.0,
                class_metric_info(metric),
                [&](const ScenarioSummary& sum, std::size_t c) -> const Summary& {
                  return sum.class_metric(metric, c / K, c % K);
                });
  }
  write_stats(
      "capacity", {"month"}, T, kCapacityScale, capacity_info(),
      [&](const ScenarioSummary& sum, std::size_t t) -> const Summary& { return sum.capacity(t); });
  write_stats("safeguarded", {"month"}, T, 1.0, safeguarded_info(),
              [&](const ScenarioSummary& sum, std::size_t t) -> const Summary& {
                return sum.safeguarded(t);
              });
  for (std::size_t h = 0; h < kHorizonMetricCount; ++h) {
    const auto metric = static_cast<HorizonMetric>(h);
    write_stats(std::string(horizon_metric_name(metric)) + "_horizon", {}, 1, 1.0,
                horizon_metric_info(metric),
                [&](const ScenarioSummary& sum, std::size_t) -> const Summary& {
                  return sum.horizon(metric);
                });
  }
  if (results.differences.size() == S) {
    write_differences(results);
    write_cost_effectiveness(results);
  }
  write_provenance(&results);
}

// NAME_diff_horizon_{mean,se,quantile,prob_better} and NAME_diff_{mean,se,quantile} per month,
// summed over classes: scenario − baseline, paired by replicate.
void Hdf5Writer::write_differences(const RunResults& results) {
  const std::size_t S = study_.scenarios.size();
  const auto T = static_cast<std::size_t>(study_.run.months);
  const std::size_t Qn = kSummaryQuantiles.size();
  const std::string baseline = study_.scenarios[study_.baseline].name;
  auto put = [&](const std::string& var, const std::vector<std::string>& dims,
                 const std::vector<double>& data, const char* units, const std::string& long_name,
                 Better better) {
    h5::Handle ds = create_variable(var, H5T_NATIVE_DOUBLE, dims, {}, false, true, kNaN, units,
                                    long_name.c_str());
    h5::write_all(ds.id(), H5T_NATIVE_DOUBLE, data.data(), var);
    h5::set_attribute(ds.id(), "better", std::string(better_name(better)));
    h5::set_attribute(ds.id(), "baseline", baseline);
  };
  for (std::size_t h = 0; h < kHorizonMetricCount; ++h) {
    const auto metric = static_cast<HorizonMetric>(h);
    const std::string name = horizon_metric_name(metric);
    const Better better = better_direction(metric);
    const VariableInfo horizon_info = horizon_metric_info(metric);
    const VariableInfo month_info = metric == HorizonMetric::safeguarded
                                        ? safeguarded_info()
                                        : class_metric_info(static_cast<ClassMetric>(h));
    const std::string what = "paired difference from the baseline (scenario - baseline) of ";
    {
      std::vector<double> mean(S), se(S), prob(S), quantile(S * Qn);
      for (std::size_t s = 0; s < S; ++s) {
        const DifferenceSummary& d = results.differences[s].horizon(metric);
        mean[s] = d.mean();
        se[s] = d.standard_error();
        prob[s] = d.prob_better(better);
        d.histogram.quantiles(kSummaryQuantiles, std::span<double>(quantile.data() + s * Qn, Qn));
      }
      const std::string long_name(horizon_info.long_name);
      put(name + "_diff_horizon_mean", {"scenario"}, mean, horizon_info.units,
          "mean " + what + long_name, better);
      put(name + "_diff_horizon_se", {"scenario"}, se, horizon_info.units,
          "Monte Carlo standard error of the mean " + what + long_name, better);
      put(name + "_diff_horizon_quantile", {"scenario", "quantile"}, quantile, horizon_info.units,
          "quantiles over replicates of the " + what + long_name, better);
      put(name + "_diff_horizon_prob_better", {"scenario"}, prob, "1",
          std::string("share of replicates where the scenario is better than the baseline (") +
              better_name(better) + " is better; ties count half) for " + long_name,
          better);
    }
    {
      std::vector<double> mean(S * T), se(S * T), quantile(S * Qn * T);
      std::array<double, kSummaryQuantiles.size()> levels;
      for (std::size_t s = 0; s < S; ++s) {
        for (std::size_t t = 0; t < T; ++t) {
          const DifferenceSummary& d = results.differences[s].month(metric, t);
          mean[s * T + t] = d.mean();
          se[s * T + t] = d.standard_error();
          d.histogram.quantiles(kSummaryQuantiles, levels);
          for (std::size_t q = 0; q < Qn; ++q) quantile[(s * Qn + q) * T + t] = levels[q];
        }
      }
      const std::string long_name =
          std::string(month_info.long_name) +
          (metric == HorizonMetric::safeguarded ? "" : ", summed over classes");
      put(name + "_diff_mean", {"scenario", "month"}, mean, month_info.units,
          "mean " + what + long_name, better);
      put(name + "_diff_se", {"scenario", "month"}, se, month_info.units,
          "Monte Carlo standard error of the mean " + what + long_name, better);
      put(name + "_diff_quantile", {"scenario", "quantile", "month"}, quantile, month_info.units,
          "quantiles over replicates of the " + what + long_name, better);
    }
  }
  const std::size_t Y = years_of(T);
  for (std::size_t h = 0; h < kHorizonMetricCount; ++h) {  // per year of the horizon
    const auto metric = static_cast<HorizonMetric>(h);
    const std::string name = horizon_metric_name(metric);
    const Better better = better_direction(metric);
    const VariableInfo info = horizon_metric_info(metric);
    std::vector<double> mean(S * Y), se(S * Y), prob(S * Y), quantile(S * Qn * Y);
    std::array<double, kSummaryQuantiles.size()> levels;
    for (std::size_t s = 0; s < S; ++s) {
      for (std::size_t y = 0; y < Y; ++y) {
        const DifferenceSummary& d = results.differences[s].year(metric, y);
        mean[s * Y + y] = d.mean();
        se[s * Y + y] = d.standard_error();
        prob[s * Y + y] = d.prob_better(better);
        d.histogram.quantiles(kSummaryQuantiles, levels);
        for (std::size_t q = 0; q < Qn; ++q) quantile[(s * Qn + q) * Y + y] = levels[q];
      }
    }
    std::string long_name(info.long_name);
    const auto at = long_name.find(" over the horizon");
    if (at != std::string::npos) long_name.replace(at, 17, " in the year");
    const auto end = long_name.find(" at the end of the horizon");
    if (end != std::string::npos) long_name.replace(end, 26, " at the end of the year");
    const std::string what = "paired difference from the baseline (scenario - baseline) of ";
    put(name + "_diff_year_mean", {"scenario", "year"}, mean, info.units,
        "mean " + what + long_name, better);
    put(name + "_diff_year_se", {"scenario", "year"}, se, info.units,
        "Monte Carlo standard error of the mean " + what + long_name, better);
    put(name + "_diff_year_quantile", {"scenario", "quantile", "year"}, quantile, info.units,
        "quantiles over replicates of the " + what + long_name, better);
    put(name + "_diff_year_prob_better", {"scenario", "year"}, prob, "1",
        std::string("share of replicates where the scenario is better than the baseline (") +
            better_name(better) + " is better; ties count half) for " + long_name,
        better);
  }
  {  // Offender-years: the active class total summed over the months of the horizon, / 12.
    std::vector<double> mean(S), se(S), prob(S), quantile(S * Qn);
    for (std::size_t s = 0; s < S; ++s) {
      const DifferenceSummary& d = results.differences[s].offender_months();
      mean[s] = d.mean() / 12.0;
      se[s] = d.standard_error() / 12.0;
      prob[s] = d.prob_better(Better::lower);
      d.histogram.quantiles(kSummaryQuantiles, std::span<double>(quantile.data() + s * Qn, Qn));
      for (std::size_t q = 0; q < Qn; ++q) quantile[s * Qn + q] /= 12.0;
    }
    const std::string what =
        "paired difference from the baseline (scenario - baseline) of offender-years over the "
        "horizon "
        "(active offenders, all classes, summed over months / 12)";
    put("offender_years_diff_horizon_mean", {"scenario"}, mean, "offender-years", "mean " + what,
        Better::lower);
    put("offender_years_diff_horizon_se", {"scenario"}, se, "offender-years",
        "Monte Carlo standard error of the mean " + what, Better::lower);
    put("offender_years_diff_horizon_quantile", {"scenario", "quantile"}, quantile,
        "offender-years", "quantiles over replicates of the " + what, Better::lower);
    put("offender_years_diff_horizon_prob_better", {"scenario"}, prob, "1",
        "share of replicates where the scenario is better than the baseline (lower is better; ties "
        "count "
        "half) for offender-years over the horizon",
        Better::lower);
  }
}

// GBP per additional arrest and per contact-abuse event averted over the horizon
// (docs/output-format.md 2.6): the point value is the ratio of the budget to the mean paired
// gain; the quantiles are those of budget / gain over replicates, a replicate without gain
// (gain <= 0) counting as an unbounded cost.
void Hdf5Writer::write_cost_effectiveness(const RunResults& results) {
  const std::size_t S = study_.scenarios.size();
  const std::size_t Qn = kSummaryQuantiles.size();
  for (std::size_t q = 0; q < Qn; ++q) {
    if (std::fabs(kSummaryQuantiles[q] + kSummaryQuantiles[Qn - 1 - q] - 1.0) > 1e-12) {
      throw Error("internal: cost-effectiveness quantiles need symmetric quantile levels");
    }
  }
  struct Outcome {
    const char* name;
    const DifferenceSummary& (*summary)(const PairedDifferenceSummary&);
    double scale;           // units of the difference per unit of the outcome
    bool gain_is_increase;  // arrests gained: diff > 0; contact abuse averted: diff < 0
    const char* units;
    const char* what;
  };
  const Outcome outcomes[] = {
      {"cost_per_arrest_gained",
       [](const PairedDifferenceSummary& p) -> const DifferenceSummary& {
         return p.horizon(HorizonMetric::arrests);
       },
       1.0, true, "GBP per arrest",
       "budget per additional arrest over the horizon (paired against the baseline)"},
      {"cost_per_contact_abuse_averted",
       [](const PairedDifferenceSummary& p) -> const DifferenceSummary& {
         return p.horizon(HorizonMetric::contact_abuse);
       },
       1.0, false, "GBP per event",
       "budget per contact abuse event averted over the horizon (paired against the baseline)"},
      {"cost_per_offender_year_averted",
       [](const PairedDifferenceSummary& p) -> const DifferenceSummary& {
         return p.offender_months();
       },
       12.0, false, "GBP per offender-year",
       "budget per offender-year averted over the horizon (active offenders summed over months / "
       "12, "
       "paired against the baseline)"},
  };
  for (const Outcome& o : outcomes) {
    std::vector<double> point(S), se(S), quantile(S * Qn);
    std::vector<std::int64_t> nonpositive(S);
    std::array<double, kSummaryQuantiles.size()> diff_q;
    for (std::size_t s = 0; s < S; ++s) {
      const double budget = study_.scenarios[s].budget;
      const DifferenceSummary& d = o.summary(results.differences[s]);
      const double sign = o.gain_is_increase ? 1.0 : -1.0;
      const double gain = sign * d.mean() / o.scale;
      const bool defined = budget > 0 && gain > 0;
      point[s] = defined ? budget / gain : kNaN;
      se[s] = defined ? budget * (d.standard_error() / o.scale) / (gain * gain) : kNaN;
      nonpositive[s] =
          static_cast<std::int64_t>(d.zero + (o.gain_is_increase ? d.negative : d.positive()));
      d.histogram.quantiles(kSummaryQuantiles, diff_q);
      for (std::size_t q = 0; q < Qn; ++q) {
        // Cost is decreasing in the gain: its q quantile is budget over the gain's (1 - q)
        // quantile, i.e. diff's (1 - q) quantile for gains, -(diff's q quantile) for averted.
        const double g = (o.gain_is_increase ? diff_q[Qn - 1 - q] : -diff_q[q]) / o.scale;
        quantile[s * Qn + q] = budget > 0 && g > 0 ? budget / g : kNaN;
      }
    }
    const std::string name(o.name);
    auto put = [&](const std::string& var, const std::vector<std::string>& dims, hid_t type,
                   const void* data, const char* units, const std::string& long_name) {
      h5::Handle ds = create_variable(var, type, dims, {}, false, type == H5T_NATIVE_DOUBLE, kNaN,
                                      units, long_name.c_str());
      h5::write_all(ds.id(), type, data, var);
    };
    put(name, {"scenario"}, H5T_NATIVE_DOUBLE, point.data(), o.units,
        std::string(o.what) +
            ": budget / mean gain; NaN if the mean gain or the budget is not positive");
    put(name + "_se", {"scenario"}, H5T_NATIVE_DOUBLE, se.data(), o.units,
        std::string("Monte Carlo standard error (delta method) of the ") + o.what);
    put(name + "_quantile", {"scenario", "quantile"}, H5T_NATIVE_DOUBLE, quantile.data(), o.units,
        std::string("quantiles over replicates of the ") + o.what +
            ": budget / the gain's (1 - q) quantile; NaN where that gain is not positive");
    put(name + "_nonpositive", {"scenario"}, H5T_NATIVE_INT64, nonpositive.data(), "replicates",
        std::string("replicates with no gain (gain <= 0), whose cost is unbounded, for the ") +
            o.what);
  }
}

void Hdf5Writer::write_provenance(const RunResults* results) {
  const hid_t root = file_.id();
  h5::set_attribute(root, "title", "fundsim run of study '" + study_.name + "'");
  h5::set_attribute(root, "fundsim_version", std::string(kVersion));
  h5::set_attribute(root, "fundsim_git_commit", std::string(kGitCommit));
  h5::set_attribute(root, "fundsim_build_type", std::string(kBuildType));
  h5::set_attribute(root, "schema_version", static_cast<std::int64_t>(study_.schema_version));
  h5::set_attribute(root, "study_name", study_.name);
  h5::set_attribute(root, "study_description", study_.description);
  h5::set_attribute(root, "study_file", study_.file);
  h5::set_attribute(root, "study", study_.text);
  h5::set_attribute(root, "study_sha256", sha256_hex(study_.text));
  h5::set_attribute(root, "seed", std::to_string(metadata_.seed));
  h5::set_attribute(root, "replicates", static_cast<std::int64_t>(metadata_.replicates));
  h5::set_attribute(root, "months", static_cast<std::int64_t>(study_.run.months));
  h5::set_attribute(root, "start", study_.run.start);
  h5::set_attribute(root, "sampling",
                    std::string(study_.run.sampling == Sampling::lhs ? "lhs" : "mc"));
  h5::set_attribute(
      root, "triage",
      std::string(study_.run.triage == Triage::priority ? "priority" : "proportional"));
  h5::set_attribute(root, "central", static_cast<std::int64_t>(metadata_.central ? 1 : 0));
  h5::set_attribute(root, "summary_only",
                    static_cast<std::int64_t>(metadata_.summary_only ? 1 : 0));
  h5::set_attribute(root, "baseline", study_.scenarios[study_.baseline].name);
  h5::set_attribute(root, "independent", static_cast<std::int64_t>(metadata_.independent ? 1 : 0));
  h5::set_attribute(root, "command_line", metadata_.command_line);
  h5::set_attribute(root, "created_utc", utc_now());
  h5::set_attribute(
      root, "quantile_method",
      std::string("inverted CDF on a mergeable histogram: values 0..127 exact; others "
                  "as deviations from the nearest of up to 6 per-cell anchors (quantiles "
                  "of a pilot of replicates 0..63), exact below 64 and within 1/128 of "
                  "the deviation above; measured rank error <= 0.5% (docs/output-format.md)"));
  if (metadata_.shard_count > 1 && results) {
    h5::set_attribute(
        root, "shard",
        std::to_string(metadata_.shard_index) + "/" + std::to_string(metadata_.shard_count));
    h5::set_attribute(root, "shard_replicates", results->completed.describe());
    h5::set_attribute(root, "shard_note",
                      std::string("one shard of a run: per-replicate arrays hold only this shard's "
                                  "replicates (fill elsewhere) and the summaries describe them; "
                                  "fundsim merge combines shards into the run's file"));
  }
  if (results) {
    h5::set_attribute(root, "run_seconds", results->seconds);
    h5::set_attribute(root, "replicate_months",
                      static_cast<std::int64_t>(results->replicate_months));
  }
}

void Hdf5Writer::close() {
  const std::lock_guard lock(mutex_);
  for (std::size_t m = 0; m < class_metrics_.size(); ++m) class_metrics_[m].close(path_);
  class_metrics_.clear();
  capacity_.close(path_);
  safeguarded_.close(path_);
  parameters_.close(path_);
  for (auto& [name, scale] : scales_) scale.close(path_ + ": " + name);
  scales_.clear();
  h5::check(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), "flush", path_);
  file_.close(path_);
}

}  // namespace fundsim
