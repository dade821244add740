#pragma once
// Builds a Distribution from its kind and parameters (shared by the uncertainty tests).
#include "uncertainty/distribution.hpp"

namespace fundsim::test {

inline Distribution make(DistKind kind, double a, double b, double c = 0.0) {
  Distribution d;
  d.kind = kind;
  d.a = a;
  d.b = b;
  d.c = c;
  return d;
}

}  // namespace fundsim::test
