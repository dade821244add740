#include "output/hdf5_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "errors.hpp"
#include "output/correlation_record.hpp"
#include "output/posterior_provenance.hpp"
#include "output/summary_values.hpp"
#include "support/calendar.hpp"
#include "support/sha256.hpp"
#include "version.hpp"

namespace fundsim {

namespace {

// One text per objective for the objective_* description variables.
std::vector<std::string> objective_descriptions(const Study& study, const std::string& name) {
  static const char* kRisks[] = {"mean", "quantile", "cvar", "p_beat"};
  std::vector<std::string> out;
  for (const Objective& o : study.objectives) {
    std::string text;
    if (name == "objective_definition") {
      for (const auto& [metric, weight] : o.weights) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", weight);
        text += (text.empty() ? "" : " + ") + std::string(buf) + " x " + metric_name(metric);
      }
      text += o.year < 0 ? " over the horizon" : " in year " + std::to_string(o.year + 1);
    } else if (name == "objective_direction") {
      text = o.direction == Direction::minimise ? "minimise" : "maximise";
    } else if (name == "objective_risk") {
      text = kRisks[static_cast<int>(o.risk)];
      if (o.risk == RiskMeasure::quantile || o.risk == RiskMeasure::cvar) {
        char buf[32];
        std::snprintf(buf, sizeof buf, " %.17g", o.level);
        text += buf;
      }
      if (o.risk == RiskMeasure::p_beat) text += " " + study.scenarios[o.reference].name;
    } else if (name == "objective_units") {
      text = o.units;
    }
    out.push_back(text);
  }
  return out;
}

}  // namespace

Hdf5Writer::Hdf5Writer(const std::string& path, const Study& study, const RunMetadata& metadata)
    : study_(study),
      metadata_(metadata),
      stored_(replicate_storage_plan(study, metadata.spec.summary_only)),
      file_(path) {
  write_layout();
}

// Coordinates, scenario variables, and the (empty) per-replicate arrays.
void Hdf5Writer::write_layout() {
  const std::size_t S = study_.scenarios.size();
  const std::size_t L = study_.levers.size();
  const auto T = static_cast<std::size_t>(study_.run.simulated_months());
  const auto H = static_cast<std::size_t>(study_.run.history_months);
  const std::string& first_month = H > 0 ? study_.run.history_start : study_.run.start;
  const std::uint64_t R = metadata_.spec.replicates;
  const bool with_replicates = !metadata_.spec.summary_only;
  std::vector<Variable> replicate_variables;
  for (const Variable& v : layout_variables(study_, with_replicates, metadata_.spec.central)) {
    if (v.content == Content::replicates) {
      replicate_variables.push_back(v);
      continue;
    }
    if (v.name == "scenario") {
      std::vector<std::string> names;
      for (const Scenario& s : study_.scenarios) names.push_back(s.name);
      file_.add_coordinate(v, names);
    } else if (v.name == "replicate") {
      std::vector<std::int64_t> index(R);
      for (std::uint64_t r = 0; r < R; ++r) index[r] = static_cast<std::int64_t>(r);
      file_.add_coordinate(v, R, index.data(), metadata_.growable_replicates);
    } else if (v.name == "month") {
      std::vector<std::int32_t> index(T);
      for (std::size_t t = 0; t < T; ++t) index[t] = static_cast<std::int32_t>(t);
      file_.add_coordinate(v, T, index.data(), false);
    } else if (v.name == "class") {
      file_.add_coordinate(v, study_.classes);
    } else if (v.name == "lever") {
      std::vector<std::string> names;
      for (const LeverDecl& l : study_.levers) names.push_back(l.name);
      file_.add_coordinate(v, names);
    } else if (v.name == "parameter") {
      std::vector<std::string> names;
      for (const ParameterDecl& p : study_.parameters) names.push_back(p.name);
      file_.add_coordinate(v, names);
    } else if (v.name == "quantile") {
      file_.add_coordinate(v, kSummaryQuantiles.size(), kSummaryQuantiles.data(), false);
    } else if (v.name == "year") {
      std::vector<std::int32_t> index(years_of(T - H));
      for (std::size_t y = 0; y < index.size(); ++y) index[y] = static_cast<std::int32_t>(y);
      file_.add_coordinate(v, index.size(), index.data(), false);
    } else if (v.name == "objective") {
      std::vector<std::string> names;
      for (const Objective& o : study_.objectives) names.push_back(o.name);
      file_.add_coordinate(v, names);
    } else if (v.name == "choice_set") {
      std::vector<std::string> names;
      for (const ChoiceSet& c : choice_sets(study_)) names.push_back(c.name);
      file_.add_coordinate(v, names);
    } else if (v.name.rfind("objective_", 0) == 0) {
      file_.write(v, objective_descriptions(study_, v.name));
    } else if (v.name == "date") {
      std::vector<std::string> dates(T);
      for (std::size_t t = 0; t < T; ++t)
        dates[t] = calendar_month(first_month, static_cast<int>(t));
      file_.write(v, dates);
    } else if (v.name == "history") {
      std::vector<std::int8_t> flags(T);
      for (std::size_t t = 0; t < T; ++t) flags[t] = t < H ? 1 : 0;
      file_.write(v, flags.data());
    } else if (v.name == "spend") {
      std::vector<double> spend(S * T * L);
      for (std::size_t s = 0; s < S; ++s)
        for (std::size_t t = 0; t < T; ++t)
          for (std::size_t l = 0; l < L; ++l)
            spend[(s * T + t) * L + l] =
                study_.scenarios[s].spend(l, static_cast<int>(t) - static_cast<int>(H));
      file_.write(v, spend.data());
    } else if (v.name == "share") {
      std::vector<double> share(S * L);
      for (std::size_t s = 0; s < S; ++s)
        for (std::size_t l = 0; l < L; ++l) share[s * L + l] = study_.scenarios[s].share[l];
      file_.write(v, share.data());
    } else if (v.name == "budget") {
      std::vector<double> budget(S);
      for (std::size_t s = 0; s < S; ++s) budget[s] = study_.scenarios[s].budget;
      file_.write(v, budget.data());
    } else if (v.name == "spend_within_horizon") {
      std::vector<double> spend(S);
      for (std::size_t s = 0; s < S; ++s)
        spend[s] = study_.scenarios[s].spend_within(study_.run.months);
      file_.write(v, spend.data());
    } else if (v.name == "start_month" || v.name == "duration_months") {
      std::vector<std::int32_t> months(S);
      for (std::size_t s = 0; s < S; ++s) {
        const Scenario& sc = study_.scenarios[s];
        months[s] = v.name == "start_month" ? sc.start_month : sc.duration_months;
      }
      file_.write(v, months.data());
    } else if (v.name == "replicates_stored") {
      std::vector<std::int8_t> stored(S);
      for (std::size_t s = 0; s < S; ++s) stored[s] = stored_[s] ? 1 : 0;
      file_.write(v, stored.data());
    } else if (v.name == "sweep") {
      std::vector<std::string> sweeps(S);
      for (std::size_t s = 0; s < S; ++s) sweeps[s] = study_.scenarios[s].sweep;
      file_.write(v, sweeps);
    } else {
      throw Error("internal: no writer for layout variable '" + v.name + "'");
    }
  }
  if (with_replicates) replicates_.emplace(file_, study_, metadata_, replicate_variables, stored_);
}

void Hdf5Writer::write_trajectories(std::size_t scenario, const TrajectoryBlock& block) {
  const std::lock_guard lock(mutex_);
  if (replicates_) replicates_->write(scenario, block);
}

void Hdf5Writer::write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                                  std::span<const double> values) {
  const std::lock_guard lock(mutex_);
  if (replicates_) replicates_->write_parameters(first_replicate, replicates, values);
}

void Hdf5Writer::write_totals(std::size_t scenario, const BlockTotals& totals,
                              std::uint64_t first_replicate) {
  const std::lock_guard lock(mutex_);
  if (replicates_) replicates_->write_totals(scenario, totals, first_replicate);
}

void Hdf5Writer::write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                                  std::span<const double> values) {
  const std::lock_guard lock(mutex_);
  if (replicates_) replicates_->write_objectives(first_replicate, replicates, values);
}

void Hdf5Writer::grow_replicates(std::uint64_t replicates) {
  const std::lock_guard lock(mutex_);
  metadata_.spec.replicates = replicates;
  if (replicates_) replicates_->grow(replicates);
}

void Hdf5Writer::copy_replicates_from(const std::string& part_path, const ReplicateRanges& ranges) {
  const std::lock_guard lock(mutex_);
  if (replicates_) replicates_->copy_from(part_path, ranges);
}

void Hdf5Writer::set_file_attribute(const std::string& name, const std::string& value) {
  const std::lock_guard lock(mutex_);
  h5::set_attribute(file_.id(), name, value);
}

void Hdf5Writer::set_file_attribute(const std::string& name, double value) {
  const std::lock_guard lock(mutex_);
  h5::set_attribute(file_.id(), name, value);
}

std::vector<double> Hdf5Writer::read_back(const std::string& name) {
  const std::lock_guard lock(mutex_);
  return h5::read_doubles(file_.id(), name);
}

void Hdf5Writer::add_coordinate(const Variable& v, const std::vector<std::string>& labels) {
  const std::lock_guard lock(mutex_);
  file_.add_coordinate(v, labels);
}

void Hdf5Writer::add_variable(const Variable& v, const std::vector<double>& values) {
  const std::lock_guard lock(mutex_);
  if (v.type != ValueType::f64) throw Error("internal: add_variable writes float64 variables");
  file_.write(v, values.data());
}

void Hdf5Writer::add_strings(const Variable& v, const std::vector<std::string>& values) {
  const std::lock_guard lock(mutex_);
  file_.write(v, values);
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
    h5::write_all(dataset.id(), H5T_NATIVE_UINT8, state.data(),
                  file_.path() + ": fundsim_internal/state");
  h5::set_attribute(
      dataset.id(), "long_name",
      std::string("mergeable summaries of this shard's replicates, read by fundsim merge"));
  dataset.close(file_.path());
  group.close(file_.path());
}

void Hdf5Writer::write_summaries(const RunResults& results) {
  const std::lock_guard lock(mutex_);
  const bool paired = results.differences.size() == study_.scenarios.size();
  const std::string baseline = study_.scenarios[study_.baseline].name;
  for (const Variable& v : summary_variables(study_.currency)) {
    if (v.content != Content::summary && !paired) continue;
    const SummaryValues values = summary_values(v, study_, results);
    h5::Handle ds = file_.create(v);
    if (v.type == ValueType::i64) {
      h5::write_all(ds.id(), H5T_NATIVE_INT64, values.counts.data(), v.name);
    } else {
      h5::write_all(ds.id(), H5T_NATIVE_DOUBLE, values.reals.data(), v.name);
    }
    if (v.paired) {
      h5::set_attribute(ds.id(), "better", std::string(better_name(v.better)));
      h5::set_attribute(ds.id(), "baseline", baseline);
    }
  }
  write_provenance(results);
}

void Hdf5Writer::write_provenance(const RunResults& results) {
  const hid_t root = file_.id();
  const RunSpec& spec = metadata_.spec;
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
  h5::set_attribute(root, "currency", study_.currency);
  h5::set_attribute(root, "seed", std::to_string(spec.seed));
  h5::set_attribute(root, "replicates", static_cast<std::int64_t>(spec.replicates));
  h5::set_attribute(root, "months", static_cast<std::int64_t>(study_.run.months));
  h5::set_attribute(root, "start", study_.run.start);
  if (study_.run.history_months > 0) {
    h5::set_attribute(root, "history_start", study_.run.history_start);
    h5::set_attribute(root, "history_months", static_cast<std::int64_t>(study_.run.history_months));
  }
  h5::set_attribute(root, "sampling",
                    std::string(study_.run.sampling == Sampling::lhs ? "lhs" : "mc"));
  h5::set_attribute(
      root, "triage",
      std::string(study_.run.triage == Triage::priority ? "priority" : "proportional"));
  h5::set_attribute(root, "central", static_cast<std::int64_t>(spec.central ? 1 : 0));
  h5::set_attribute(root, "summary_only", static_cast<std::int64_t>(spec.summary_only ? 1 : 0));
  h5::set_attribute(root, "baseline", study_.scenarios[study_.baseline].name);
  h5::set_attribute(root, "independent", static_cast<std::int64_t>(spec.independent ? 1 : 0));
  if (!study_.correlation.empty())
    h5::set_attribute(root, "input_correlation", input_correlation_json(study_));
  set_posterior_provenance(root, spec.parameters_file, spec.parameters_sha256,
                           "each replicate's calibrated parameters are a draw of the posterior "
                           "sample in parameters_file (docs/calibration.md)");
  h5::set_attribute(root, "command_line", metadata_.command_line);
  h5::set_attribute(root, "created_utc", utc_timestamp());
  h5::set_attribute(
      root, "quantile_method",
      std::string("inverted CDF on a mergeable histogram: values 0..127 exact; others "
                  "as deviations from the nearest of up to 6 per-cell anchors (quantiles "
                  "of a pilot of replicates 0..63), exact below 64 and within 1/128 of "
                  "the deviation above; measured rank error <= 0.5% (docs/output-format.md)"));
  if (spec.shard_count > 1) {
    h5::set_attribute(root, "shard",
                      std::to_string(spec.shard_index) + "/" + std::to_string(spec.shard_count));
    h5::set_attribute(root, "shard_replicates", results.completed.describe());
    h5::set_attribute(root, "shard_note",
                      std::string("one shard of a run: per-replicate arrays hold only this "
                                  "shard's replicates (fill elsewhere) and the summaries "
                                  "describe them; fundsim merge combines shards into the "
                                  "run's file"));
  }
  h5::set_attribute(root, "run_seconds", results.seconds);
  h5::set_attribute(root, "replicate_months", static_cast<std::int64_t>(results.replicate_months));
}

void Hdf5Writer::close() {
  const std::lock_guard lock(mutex_);
  if (replicates_) replicates_->close();
  replicates_.reset();
  file_.close();
}

}  // namespace fundsim
