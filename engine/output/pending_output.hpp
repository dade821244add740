#pragma once
// Crash-safe publication of an output file: everything is written to a hidden temporary name in
// the target directory and renamed over the final name only when complete. An existing file is
// never touched unless the user asked to overwrite it.
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "analysis/byte_codec.hpp"  // ByteSink

namespace fundsim {

class PendingOutput {
 public:
  // Throws OutputError if the directory is missing or not writable, the path is a directory, or
  // the file exists and overwrite is false.
  PendingOutput(std::string final_path, bool overwrite);
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;
  ~PendingOutput();  // removes the temporary file unless committed

  const std::string& temporary_path() const { return temporary_; }
  const std::string& final_path() const { return final_; }
  // fsyncs the temporary file and renames it into place (refusing to replace a file that
  // appeared meanwhile unless overwrite).
  void commit();

 private:
  std::string final_;
  std::string temporary_;
  bool overwrite_;
  bool committed_ = false;
};

// fsync of a file or directory; directory syncs are best effort (some file systems refuse
// them), a file's must succeed when `required` (OutputError otherwise).
void fsync_path(const std::string& path, bool required);

// Writes `path` whole or not at all: a temporary beside it, fsync, rename, directory fsync.
void write_file_durably(const std::string& path, std::span<const std::uint8_t> bytes);
// The same, for bytes produced piece by piece: `produce` calls its argument with each piece.
void write_file_durably(const std::string& path,
                        const std::function<void(const ByteSink& write)>& produce);

}  // namespace fundsim
