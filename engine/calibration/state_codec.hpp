#pragma once
// CalibrationState <-> bytes, losslessly (doubles by bit pattern).
//
// Format, version 1 (all integers 8-byte little-endian, doubles as their IEEE-754 bits):
//   "fundsim calibration state\n"  (26 bytes)
//   version (= 1), body length in bytes, body, CRC-64/XZ of everything before it.
// Body: identity, dimensions, replicates, observations, phase, history_stop, next_stream,
// history_simulations, posterior_simulations; the waves (count, then each wave's fields in the
// order of WaveRecord, a list as count + elements); temperature; the particle set (fields in
// the order of ParticleSet); the steps (count, then each StepRecord's five fields).
#include <cstdint>
#include <span>
#include <vector>

#include "calibration/calibration_state.hpp"

namespace fundsim::calibration {

inline constexpr std::uint64_t kStateFormatVersion = 1;

std::vector<std::uint8_t> encode_state(const CalibrationState& state);

// Throws CorruptCalibrationState for anything but an intact version-1 state: another file, a
// truncated or damaged one (checksum), another version, or lists whose sizes disagree with the
// recorded dimensions.
CalibrationState decode_state(std::span<const std::uint8_t> bytes);

}  // namespace fundsim::calibration
