#include "output/pending_output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

#include "errors.hpp"

namespace fundsim {

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

void fsync_path(const std::string& path, bool required) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    if (required) throw OutputError(path + ": cannot open to sync: " + errno_text());
    return;
  }
  const int status = ::fsync(fd);
  const std::string err = errno_text();
  ::close(fd);
  if (status != 0 && required) throw OutputError(path + ": fsync failed: " + err);
}

void write_file_durably(const std::string& path, std::span<const std::uint8_t> bytes) {
  write_file_durably(path, [&](const ByteSink& write) { write(bytes); });
}

void write_file_durably(const std::string& path,
                        const std::function<void(const ByteSink& write)>& produce) {
  const std::string temporary = path + ".partial";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw OutputError(temporary + ": cannot create: " + errno_text());
  const auto write_all = [&](std::span<const std::uint8_t> bytes) {
    std::size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw OutputError(temporary + ": write failed: " + errno_text());
      written += static_cast<std::size_t>(n);
    }
  };
  try {
    produce(write_all);
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  const bool synced = ::fsync(fd) == 0;
  const std::string err = errno_text();
  if (::close(fd) != 0 || !synced) {
    ::unlink(temporary.c_str());
    throw OutputError(temporary + ": cannot flush to disk: " + err);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string rename_err = errno_text();
    ::unlink(temporary.c_str());
    throw OutputError(path + ": cannot rename into place: " + rename_err);
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  fsync_path(dir.empty() ? "." : dir, false);
}

PendingOutput::PendingOutput(std::string final_path, bool overwrite)
    : final_(std::move(final_path)), overwrite_(overwrite) {
  namespace fs = std::filesystem;
  const fs::path target(final_);
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (target.filename().empty()) throw OutputError(final_ + ": output path names a directory");
  // A missing folder is created, as `outputs/` is for the default path (docs/output-format.md).
  if (!fs::is_directory(dir, ec) && !fs::create_directories(dir, ec) && !fs::is_directory(dir)) {
    throw OutputError(final_ + ": output directory '" + dir.string() +
                      "' does not exist and cannot be created: " +
                      (ec ? ec.message() : std::string("a file of that name is in the way")));
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    throw OutputError(final_ + ": output directory '" + dir.string() +
                      "' is not writable: " + errno_text());
  }
  if (fs::is_directory(target, ec)) throw OutputError(final_ + ": output path is a directory");
  if (fs::exists(target, ec) && !overwrite_) {
    throw OutputError(final_ + ": file exists; pass --overwrite to replace it");
  }
  temporary_ = (dir / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid())))
                   .string();
  ::unlink(temporary_.c_str());  // a stale temporary of a dead process with our pid
  // Temporaries of killed runs (SIGKILL, node loss) of this output: their process is gone.
  const std::string prefix = "." + target.filename().string() + ".partial-";
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlink(entry.path().c_str());
  }
}

PendingOutput::~PendingOutput() {
  if (!committed_) ::unlink(temporary_.c_str());
}

void PendingOutput::commit() {
  fsync_path(temporary_, true);
  if (overwrite_) {
    if (::rename(temporary_.c_str(), final_.c_str()) != 0) {
      throw OutputError(final_ + ": cannot rename the finished output into place: " + errno_text());
    }
  } else {
    // link() fails if the name exists: never replace a file that appeared during the run.
    if (::link(temporary_.c_str(), final_.c_str()) != 0) {
      if (errno == EEXIST) {
        throw OutputError(final_ + ": file appeared while running; pass --overwrite to replace it");
      }
      throw OutputError(final_ + ": cannot move the finished output into place: " + errno_text());
    }
    ::unlink(temporary_.c_str());
  }
  committed_ = true;
  const std::string dir = std::filesystem::path(final_).parent_path().string();
  fsync_path(dir.empty() ? "." : dir, false);
}

}  // namespace fundsim
