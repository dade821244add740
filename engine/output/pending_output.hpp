#pragma once
// Crash-safe publication of an output file: everything is written to a hidden temporary name in
// the target directory and renamed over the final name only when complete. An existing file is
// never touched unless the user asked to overwrite it.
#include <string>

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

}  // namespace fundsim
