#include "run/checkpoint.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "errors.hpp"
#include "output/h5.hpp"
#include "output/pending_output.hpp"

namespace fundsim {

namespace fs = std::filesystem;

namespace {

std::string numbered(const std::string& directory, const char* stem, std::uint64_t index,
                     const char* extension) {
  char name[64];
  std::snprintf(name, sizeof name, "%s-%06llu%s", stem, static_cast<unsigned long long>(index),
                extension);
  return (fs::path(directory) / name).string();
}

// "first:last;first:last" (half-open), the rows file attribute.
std::string encode_ranges(const ReplicateRanges& ranges) {
  std::string s;
  for (const ReplicateRange& r : ranges.ranges()) {
    if (!s.empty()) s += ';';
    s += std::to_string(r.first) + ":" + std::to_string(r.last);
  }
  return s;
}

ReplicateRanges decode_ranges(const std::string& text, const std::string& file) {
  ReplicateRanges ranges;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(';', pos), text.size());
    const std::string item = text.substr(pos, end - pos);
    const std::size_t colon = item.find(':');
    try {
      if (colon == std::string::npos) throw std::invalid_argument(item);
      ranges.add({std::stoull(item.substr(0, colon)), std::stoull(item.substr(colon + 1))});
    } catch (const std::exception&) {
      throw InputError(file + ": damaged checkpoint rows file (replicates '" + text + "')");
    }
    pos = end + 1;
  }
  return ranges;
}

// state-K.bin and rows-J.h5 by index.
std::map<std::uint64_t, std::string> numbered_files(const std::string& directory,
                                                    const std::string& stem,
                                                    const std::string& extension) {
  std::map<std::uint64_t, std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.size() != stem.size() + 7 + extension.size() || name.rfind(stem + "-", 0) != 0 ||
        name.substr(name.size() - extension.size()) != extension) {
      continue;
    }
    const std::string digits = name.substr(stem.size() + 1, 6);
    if (digits.find_first_not_of("0123456789") != std::string::npos) continue;
    files[std::stoull(digits)] = entry.path().string();
  }
  return files;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the checkpoint");
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::string checkpoint_directory(const std::string& output_path) {
  const fs::path p(output_path);
  return (p.parent_path() / ("." + p.filename().string() + ".checkpoint")).string();
}

std::optional<LoadedCheckpoint> load_checkpoint(const std::string& directory, const Study& study) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) return std::nullopt;
  const auto states = numbered_files(directory, "state", ".bin");
  std::string damage;
  for (auto it = states.rbegin(); it != states.rend(); ++it) {
    LoadedCheckpoint loaded;
    try {
      const std::vector<std::uint8_t> bytes = read_file(it->second);
      loaded.state = decode_state(bytes, study);
    } catch (const CorruptState& e) {
      damage += "\n  " + it->second + ": " + e.what();
      continue;
    }
    loaded.index = it->first;
    ReplicateRanges in_rows;
    if (!loaded.state.identity.spec.summary_only) {
      for (const auto& [j, path] : numbered_files(directory, "rows", ".h5")) {
        if (j > loaded.index) continue;
        try {
          h5::Handle file = h5::open_file_read(path);
          const ReplicateRanges ranges =
              decode_ranges(h5::read_text_attribute(file.id(), "replicates"), path);
          file.close(path);
          in_rows.add(ranges);
          loaded.rows.emplace_back(path, ranges);
        } catch (const Error& e) {
          damage += "\n  " + path + ": " + e.what();
        }
      }
      if (!(in_rows == loaded.state.completed)) {
        damage += "\n  " + it->second + ": rows files hold replicates " + in_rows.describe() +
                  ", the state " + loaded.state.completed.describe();
        continue;
      }
    }
    return loaded;
  }
  if (states.empty()) return std::nullopt;  // killed before its first checkpoint
  throw InputError(directory + ": no usable checkpoint:" + damage +
                   "\n(remove the directory, or run with --overwrite, to start again)");
}

Checkpointer::Checkpointer(std::string directory, const Study& study, RunIdentity identity,
                           RunMetadata rows_metadata, BlockSink* output, std::uint64_t next_index,
                           ReplicateRanges already_completed)
    : directory_(std::move(directory)),
      study_(study),
      identity_(std::move(identity)),
      rows_metadata_(std::move(rows_metadata)),
      output_(output),
      index_(next_index),
      committed_(std::move(already_completed)) {
  rows_metadata_.compress_replicates = false;
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec)
    throw OutputError(directory_ + ": cannot create the checkpoint directory: " + ec.message());
  open_rows();
}

Checkpointer::~Checkpointer() {
  rows_.reset();
  if (!rows_temporary_.empty()) ::unlink(rows_temporary_.c_str());
  // A run stopped before its first checkpoint leaves nothing behind.
  std::error_code ec;
  if (fs::is_directory(directory_, ec) && fs::is_empty(directory_, ec)) fs::remove(directory_, ec);
}

void Checkpointer::open_rows() {
  if (rows_metadata_.spec.summary_only) return;
  rows_temporary_ = numbered(directory_, ".rows", index_, ".h5.partial");
  ::unlink(rows_temporary_.c_str());  // left by a killed run
  rows_ = std::make_unique<Hdf5Writer>(rows_temporary_, study_, rows_metadata_);
}

void Checkpointer::write_trajectories(std::size_t scenario, const TrajectoryBlock& block) {
  if (output_) output_->write_trajectories(scenario, block);
  if (rows_) rows_->write_trajectories(scenario, block);
}

void Checkpointer::write_parameters(std::uint64_t first_replicate, std::size_t replicates,
                                    std::span<const double> values) {
  if (output_) output_->write_parameters(first_replicate, replicates, values);
  if (rows_) rows_->write_parameters(first_replicate, replicates, values);
}

void Checkpointer::write_totals(std::size_t scenario, const BlockTotals& totals,
                                std::uint64_t first_replicate) {
  if (output_) output_->write_totals(scenario, totals, first_replicate);
  if (rows_) rows_->write_totals(scenario, totals, first_replicate);
}

void Checkpointer::write_objectives(std::uint64_t first_replicate, std::size_t replicates,
                                    std::span<const double> values) {
  if (output_) output_->write_objectives(first_replicate, replicates, values);
  if (rows_) rows_->write_objectives(first_replicate, replicates, values);
}

void Checkpointer::checkpoint(const RunResults& results) {
  const ReplicateRanges fresh = results.completed.minus(committed_);
  if (fresh.empty()) return;
  if (rows_) {
    rows_->set_file_attribute("replicates", encode_ranges(fresh));
    rows_->close();
    rows_.reset();
    fsync_path(rows_temporary_, true);
    const std::string rows_final = numbered(directory_, "rows", index_, ".h5");
    if (::rename(rows_temporary_.c_str(), rows_final.c_str()) != 0) {
      throw OutputError(rows_final + ": cannot commit checkpoint rows");
    }
    rows_temporary_.clear();
  }
  write_file_durably(numbered(directory_, "state", index_, ".bin"), [&](const ByteSink& write) {
    encode_state_to(identity_, results.completed, results, write);
  });
  // The new state supersedes the older ones (their rows files stay: the new state counts them).
  for (const auto& [k, path] : numbered_files(directory_, "state", ".bin")) {
    if (k < index_) ::unlink(path.c_str());
  }
  committed_ = results.completed;
  ++index_;
  ++written_;
  open_rows();
}

bool Checkpointer::exists() const {
  return !numbered_files(directory_, "state", ".bin").empty();
}

void Checkpointer::remove() {
  rows_.reset();
  rows_temporary_.clear();
  std::error_code ec;
  fs::remove_all(directory_, ec);
}

}  // namespace fundsim
