#include "sensitivity/saltelli_design.hpp"

#include <string>

#include "errors.hpp"

namespace fundsim::sensitivity {
namespace {

std::size_t checked_parameters(std::size_t parameters) {
  if (parameters == 0 || parameters > ScrambledSobol::max_dimensions() / 2) {
    throw InputError("Saltelli design: " + std::to_string(parameters) +
                     " parameters; between 1 and " +
                     std::to_string(ScrambledSobol::max_dimensions() / 2) + " are supported");
  }
  return parameters;
}

}  // namespace

DesignPoint SaltelliBaseRow::row(SaltelliRowKind kind, std::size_t parameter) const {
  switch (kind) {
    case SaltelliRowKind::a:
      return {a, stream_a};
    case SaltelliRowKind::b:
      return {b, stream_b};
    case SaltelliRowKind::ab: {
      if (parameter >= a.size()) {
        throw Error("Saltelli design: AB_" + std::to_string(parameter) + " with only " +
                    std::to_string(a.size()) + " parameters");
      }
      DesignPoint p{a, stream_a};
      p.u[parameter] = b[parameter];
      return p;
    }
    case SaltelliRowKind::ab_noise:
      return {a, stream_b};
  }
  throw Error("Saltelli design: unknown row kind");
}

DesignPoint SaltelliBaseRow::row(std::size_t slot) const {
  const std::size_t d = a.size();
  if (slot == 0) return row(SaltelliRowKind::a);
  if (slot == 1) return row(SaltelliRowKind::b);
  if (slot < d + 2) return row(SaltelliRowKind::ab, slot - 2);
  if (slot == d + 2) return row(SaltelliRowKind::ab_noise);
  throw Error("Saltelli design: slot " + std::to_string(slot) + " beyond " + std::to_string(d + 2));
}

SaltelliDesign::SaltelliDesign(std::size_t parameters, std::uint64_t base_rows, std::uint64_t seed)
    : parameters_(checked_parameters(parameters)),
      base_rows_(base_rows),
      sobol_(2 * parameters, seed) {
  if (base_rows == 0 || base_rows > ScrambledSobol::kMaxPoints) {
    throw InputError("Saltelli design: " + std::to_string(base_rows) +
                     " base rows; between 1 and 2^32 are supported");
  }
}

void SaltelliDesign::check(const SaltelliRowId& id) const {
  if (id.base_row >= base_rows_ ||
      (id.kind == SaltelliRowKind::ab && id.parameter >= parameters_) ||
      (id.kind != SaltelliRowKind::ab && id.parameter != 0)) {
    throw Error("Saltelli design: row (" + std::to_string(id.base_row) + ", " +
                std::to_string(id.parameter) + ") is not in the design");
  }
}

SaltelliRowId SaltelliDesign::row_id(std::uint64_t evaluation) const {
  if (evaluation >= evaluations()) {
    throw Error("Saltelli design: evaluation " + std::to_string(evaluation) + " of " +
                std::to_string(evaluations()));
  }
  const std::uint64_t base = evaluation / rows_per_base_row();
  const auto s = static_cast<std::size_t>(evaluation % rows_per_base_row());
  if (s == 0) return {base, SaltelliRowKind::a, 0};
  if (s == 1) return {base, SaltelliRowKind::b, 0};
  if (s < parameters_ + 2) return {base, SaltelliRowKind::ab, s - 2};
  return {base, SaltelliRowKind::ab_noise, 0};
}

std::size_t SaltelliDesign::slot(const SaltelliRowId& id) const {
  check(id);
  switch (id.kind) {
    case SaltelliRowKind::a:
      return 0;
    case SaltelliRowKind::b:
      return 1;
    case SaltelliRowKind::ab:
      return 2 + id.parameter;
    case SaltelliRowKind::ab_noise:
      return parameters_ + 2;
  }
  throw Error("Saltelli design: unknown row kind");
}

std::uint64_t SaltelliDesign::evaluation(const SaltelliRowId& id) const {
  return id.base_row * rows_per_base_row() + slot(id);
}

SaltelliBaseRow SaltelliDesign::base_row(std::uint64_t index) const {
  if (index >= base_rows_) {
    throw Error("Saltelli design: base row " + std::to_string(index) + " of " +
                std::to_string(base_rows_));
  }
  const std::vector<double> ab = sobol_.point(index);
  SaltelliBaseRow row;
  row.index = index;
  row.a.assign(ab.begin(), ab.begin() + static_cast<std::ptrdiff_t>(parameters_));
  row.b.assign(ab.begin() + static_cast<std::ptrdiff_t>(parameters_), ab.end());
  row.stream_a = stream_a(index);
  row.stream_b = stream_b(index);
  return row;
}

}  // namespace fundsim::sensitivity
