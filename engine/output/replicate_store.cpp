#include "output/replicate_store.hpp"

#include <algorithm>

namespace fundsim {

namespace {

// Chunks of about 1 MiB along replicates (docs/output-format.md §4), at most the whole dimension.
std::uint64_t chunk_replicates_for(std::uint64_t replicates, std::size_t bytes_per_replicate) {
  const std::uint64_t target =
      std::max<std::uint64_t>(1, (1U << 20) / std::max<std::size_t>(1, bytes_per_replicate));
  return std::min(replicates, target);
}

}  // namespace

ReplicateStore::ReplicateStore(NetcdfFile& file, const Study& study, const RunMetadata& metadata,
                               const std::vector<Variable>& variables, std::vector<bool> stored)
    : file_(file), study_(study), stored_(std::move(stored)) {
  const auto T = static_cast<hsize_t>(study.run.simulated_months());
  const hsize_t K = study.classes.size();
  const std::uint64_t replicates = metadata.spec.replicates;
  chunk_replicates_ = chunk_replicates_for(replicates, T * K * 4);
  const hsize_t R = chunk_replicates_;
  // Room for one chunk under construction per stored scenario, so partial writes never re-read
  // and recompress a chunk.
  const auto in_progress =
      static_cast<hsize_t>(std::count(stored_.begin(), stored_.end(), true)) + 1;
  const auto cache = [&](hsize_t chunk_bytes) {
    return static_cast<std::size_t>(
        std::min<hsize_t>(chunk_bytes * in_progress, hsize_t{256} << 20));
  };
  const hsize_t S = study.scenarios.size();
  const hsize_t O = study.objectives.size();
  const hsize_t Y = (static_cast<hsize_t>(study.run.months) + 11) / 12;
  // Totals and objective values: every scenario is written for every block, so a chunk spans
  // all scenarios (and objectives) and ~256 kB of replicates; a cache of 4 chunks per variable
  // holds the chunks that blocks in progress write to.
  const auto totals_chunk = [&](hsize_t per_replicate) {
    return std::clamp<hsize_t>((hsize_t{1} << 18) / (8 * per_replicate), 1, replicates);
  };
  for (const Variable& v : variables) {
    StorageOptions storage;
    storage.compress = metadata.compress_replicates;
    storage.growable_replicates = metadata.growable_replicates;
    if (v.name == "objective_value" || v.period == Period::horizon || v.period == Period::year) {
      const bool objective = v.name == "objective_value";
      const bool year = v.period == Period::year;
      const hsize_t per_replicate = (objective ? O * S : S) * (year ? Y : 1);
      const hsize_t rows = totals_chunk(std::max<hsize_t>(1, per_replicate));
      storage.chunk = objective ? std::vector<hsize_t>{std::max<hsize_t>(1, O), S, rows}
                      : year    ? std::vector<hsize_t>{S, rows, Y}
                                : std::vector<hsize_t>{S, rows};
      storage.chunk_cache_bytes = static_cast<std::size_t>(4 * 8 * per_replicate * rows);
      if (objective)
        objectives_ = {v, file_.create(v, storage)};
      else
        (year ? year_totals_ : horizon_totals_).push_back({v, file_.create(v, storage)});
      continue;
    }
    if (v.name == "parameters") {
      const hsize_t P = study.parameters.size();
      storage.chunk = {std::min<hsize_t>(R * 4, replicates), P};
      storage.chunk_cache_bytes = cache(storage.chunk[0] * P * 8);
      parameters_ = {v, file_.create(v, storage)};
      has_parameters_ = true;
      continue;
    }
    const bool per_class = metric_info(v.metric).per_class;
    const hsize_t width = per_class ? K : 1;
    storage.chunk = per_class ? std::vector<hsize_t>{1, R, T, K} : std::vector<hsize_t>{1, R, T};
    storage.chunk_cache_bytes = cache(R * T * width * 4);
    metrics_.push_back({v, file_.create(v, storage)});
  }
}

void ReplicateStore::write(std::size_t scenario, const TrajectoryBlock& block) {
  const hsize_t s = scenario;
  const hsize_t r0 = block.first_replicate;
  const hsize_t n = block.replicates;
  const hsize_t T = block.months;
  for (const Array& a : metrics_) {
    const Metric m = a.variable.metric;
    const hsize_t W = block.width(m);
    std::vector<hsize_t> offset = {s, r0, 0}, count = {1, n, T};
    if (metric_info(m).per_class) offset.push_back(0), count.push_back(W);
    const auto i = static_cast<std::size_t>(m);
    const void* data = is_level(m) ? static_cast<const void*>(block.levels[i].data())
                                   : static_cast<const void*>(block.counts[i].data());
    h5::write_hyperslab(a.dataset.id(), native_type(a.variable.type), offset, count, data,
                        file_.path() + ": " + a.variable.name);
  }
}

void ReplicateStore::write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                                      std::span<const double> values) {
  if (!has_parameters_) return;
  h5::write_hyperslab(parameters_.dataset.id(), H5T_NATIVE_DOUBLE, {first_replicate, 0},
                      {replicates, study_.parameters.size()}, values.data(),
                      file_.path() + ": parameters");
}

void ReplicateStore::write_totals(std::size_t scenario, const BlockTotals& totals,
                                  std::uint64_t first_replicate) {
  const hsize_t s = scenario, r0 = first_replicate, n = totals.replicates;
  const std::size_t M = totals.metrics, Y = totals.years;
  for (std::size_t h = 0; h < horizon_totals_.size(); ++h) {
    buffer_.resize(n);
    for (std::size_t r = 0; r < n; ++r) buffer_[r] = totals.horizon[r * M + h];
    h5::write_hyperslab(horizon_totals_[h].dataset.id(), H5T_NATIVE_INT64, {s, r0}, {1, n},
                        buffer_.data(), file_.path() + ": " + horizon_totals_[h].variable.name);
    buffer_.resize(n * Y);
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t y = 0; y < Y; ++y) buffer_[r * Y + y] = totals.year[(r * M + h) * Y + y];
    h5::write_hyperslab(year_totals_[h].dataset.id(), H5T_NATIVE_INT64, {s, r0, 0}, {1, n, Y},
                        buffer_.data(), file_.path() + ": " + year_totals_[h].variable.name);
  }
}

void ReplicateStore::write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                                      std::span<const double> values) {
  if (study_.objectives.empty()) return;
  h5::write_hyperslab(objectives_.dataset.id(), H5T_NATIVE_DOUBLE, {0, 0, first_replicate},
                      {study_.objectives.size(), study_.scenarios.size(), replicates},
                      values.data(), file_.path() + ": objective_value");
}

void ReplicateStore::grow(std::uint64_t replicates) {
  const std::uint64_t old = file_.size("replicate");
  if (replicates == old) return;
  file_.set_size("replicate", replicates);
  const hid_t scale = file_.scale("replicate");
  h5::set_extent(scale, {replicates}, file_.path() + ": replicate");
  std::vector<std::int64_t> index(replicates - old);
  for (std::uint64_t i = 0; i < index.size(); ++i) index[i] = static_cast<std::int64_t>(old + i);
  h5::write_hyperslab(scale, H5T_NATIVE_INT64, {old}, {index.size()}, index.data(),
                      file_.path() + ": replicate");
  const hsize_t S = study_.scenarios.size();
  const auto T = static_cast<hsize_t>(study_.run.simulated_months());
  const hsize_t K = study_.classes.size();
  for (const Array& a : metrics_) {
    std::vector<hsize_t> dims = {S, replicates, T};
    if (metric_info(a.variable.metric).per_class) dims.push_back(K);
    h5::set_extent(a.dataset.id(), dims, file_.path() + ": " + a.variable.name);
  }
  if (has_parameters_) {
    h5::set_extent(parameters_.dataset.id(), {replicates, study_.parameters.size()},
                   file_.path() + ": parameters");
  }
  const hsize_t Y = (static_cast<hsize_t>(study_.run.months) + 11) / 12;
  for (const Array& a : horizon_totals_)
    h5::set_extent(a.dataset.id(), {S, replicates}, file_.path() + ": " + a.variable.name);
  for (const Array& a : year_totals_)
    h5::set_extent(a.dataset.id(), {S, replicates, Y}, file_.path() + ": " + a.variable.name);
  h5::set_extent(objectives_.dataset.id(), {study_.objectives.size(), S, replicates},
                 file_.path() + ": objective_value");
}

void ReplicateStore::copy_from(const std::string& part_path, const ReplicateRanges& ranges) {
  if (ranges.empty()) return;
  h5::Handle part = h5::open_file_read(part_path);
  // Slabs of a few chunks: memory stays bounded whatever the part holds.
  const auto T = static_cast<hsize_t>(study_.run.simulated_months());
  const hsize_t K = study_.classes.size();
  const hsize_t P = study_.parameters.size();
  const hsize_t step = std::max<hsize_t>(1, chunk_replicates_);
  std::vector<unsigned char> buffer;
  // `lead`: the dimensions before the replicate (copied whole: scenario, or objective and
  // scenario); `tail`: those after it. Per scenario, only the stored scenarios are copied when
  // `stored_only`.
  const auto copy_whole = [&](const Array& a, const std::vector<hsize_t>& lead,
                              const std::vector<hsize_t>& tail) {
    h5::Handle source = h5::open_dataset(part.id(), a.variable.name);
    const hid_t type = native_type(a.variable.type);
    hsize_t per_replicate = 1;
    for (hsize_t d : lead) per_replicate *= d;
    for (hsize_t d : tail) per_replicate *= d;
    for (const ReplicateRange& r : ranges.ranges()) {
      for (hsize_t first = r.first; first < r.last; first += step) {
        const hsize_t n = std::min<hsize_t>(step, r.last - first);
        buffer.resize(static_cast<std::size_t>(n * per_replicate) * value_bytes(a.variable.type));
        std::vector<hsize_t> offset, count;
        for (hsize_t d : lead) offset.push_back(0), count.push_back(d);
        offset.push_back(first), count.push_back(n);
        for (hsize_t d : tail) offset.push_back(0), count.push_back(d);
        h5::read_hyperslab(source.id(), type, offset, count, buffer.data(),
                           part_path + ": " + a.variable.name);
        h5::write_hyperslab(a.dataset.id(), type, offset, count, buffer.data(),
                            file_.path() + ": " + a.variable.name);
      }
    }
  };
  const auto copy = [&](const Array& a, bool by_scenario, const std::vector<hsize_t>& tail) {
    h5::Handle source = h5::open_dataset(part.id(), a.variable.name);
    const hid_t type = native_type(a.variable.type);
    hsize_t per_replicate = 1;
    for (hsize_t d : tail) per_replicate *= d;
    for (std::size_t s = 0; s < (by_scenario ? stored_.size() : 1); ++s) {
      if (by_scenario && !stored_[s]) continue;
      for (const ReplicateRange& r : ranges.ranges()) {
        for (hsize_t first = r.first; first < r.last; first += step) {
          const hsize_t n = std::min<hsize_t>(step, r.last - first);
          buffer.resize(static_cast<std::size_t>(n * per_replicate) * value_bytes(a.variable.type));
          std::vector<hsize_t> offset, count;
          if (by_scenario) offset.push_back(s), count.push_back(1);
          offset.push_back(first), count.push_back(n);
          for (hsize_t d : tail) offset.push_back(0), count.push_back(d);
          h5::read_hyperslab(source.id(), type, offset, count, buffer.data(),
                             part_path + ": " + a.variable.name);
          h5::write_hyperslab(a.dataset.id(), type, offset, count, buffer.data(),
                              file_.path() + ": " + a.variable.name);
        }
      }
    }
  };
  for (const Array& a : metrics_) {
    copy(a, true,
         metric_info(a.variable.metric).per_class ? std::vector<hsize_t>{T, K}
                                                  : std::vector<hsize_t>{T});
  }
  if (has_parameters_) copy(parameters_, false, {P});
  const hsize_t S = study_.scenarios.size();
  const hsize_t Y = (static_cast<hsize_t>(study_.run.months) + 11) / 12;
  for (const Array& a : horizon_totals_) copy_whole(a, {S}, {});
  for (const Array& a : year_totals_) copy_whole(a, {S}, {Y});
  if (!study_.objectives.empty()) copy_whole(objectives_, {study_.objectives.size(), S}, {});
  part.close(part_path);
}

void ReplicateStore::close() {
  for (auto* arrays : {&metrics_, &horizon_totals_, &year_totals_}) {
    for (Array& a : *arrays) a.dataset.close(file_.path() + ": " + a.variable.name);
    arrays->clear();
  }
  objectives_.dataset.close(file_.path() + ": objective_value");
  if (has_parameters_) parameters_.dataset.close(file_.path() + ": parameters");
  has_parameters_ = false;
}

}  // namespace fundsim
