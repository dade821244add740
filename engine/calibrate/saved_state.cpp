#include "calibrate/saved_state.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "calibration/calibration_errors.hpp"
#include "calibration/state_codec.hpp"
#include "errors.hpp"
#include "output/pending_output.hpp"

namespace fundsim {

namespace {
constexpr std::string_view kMagic = "fundsim calibration resume 1\n";
}  // namespace

std::string saved_state_path(const std::string& output_path) {
  const std::filesystem::path target(output_path);
  return (target.parent_path() / ("." + target.filename().string() + ".calibration-state"))
      .string();
}

std::string StateIdentity::difference(const StateIdentity& saved) const {
  for (const auto& [key, value] : fields) {
    std::string there = "(none)";
    for (const auto& [k, v] : saved.fields)
      if (k == key) there = v;
    if (there != value) {
      const auto clip = [](const std::string& s) {
        return s.size() > 60 ? s.substr(0, 60) + "…" : s;
      };
      return key + " differs: " + clip(value) + " here, " + clip(there) + " in the saved state";
    }
  }
  return "";
}

void save_state(const std::string& path, const StateIdentity& identity,
                const calibration::CalibrationState& state) {
  std::string header(kMagic);
  for (const auto& [key, value] : identity.fields) header += key + " " + value + "\n";
  header += "\n";
  const std::vector<std::uint8_t> body = calibration::encode_state(state);
  write_file_durably(path, [&](const ByteSink& write) {
    write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(header.data()),
                                        header.size()));
    write(body);
  });
}

std::optional<SavedState> load_state(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the saved calibration: " + std::strerror(errno));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto damaged = [&](const std::string& why) {
    return InputError(path + ": the saved calibration is damaged (" + why +
                      "); start afresh with --overwrite");
  };
  if (bytes.compare(0, kMagic.size(), kMagic) != 0) throw damaged("wrong header");
  SavedState saved;
  std::size_t pos = kMagic.size();
  for (;;) {
    const std::size_t end = bytes.find('\n', pos);
    if (end == std::string::npos) throw damaged("cut short in its header");
    if (end == pos) {
      pos = end + 1;
      break;
    }
    const std::string line = bytes.substr(pos, end - pos);
    const std::size_t space = line.find(' ');
    if (space == std::string::npos) throw damaged("malformed header line");
    saved.identity.fields.emplace_back(line.substr(0, space), line.substr(space + 1));
    pos = end + 1;
  }
  try {
    saved.state = calibration::decode_state(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(bytes.data()) + pos, bytes.size() - pos));
  } catch (const calibration::CorruptCalibrationState& e) {
    throw damaged(e.what());
  }
  return saved;
}

}  // namespace fundsim
