// Quantile functions of the uncertainty distributions (docs/study-format.md §4).
//
// Every quantile is computed so that it stays accurate for u as close as 2^-54 to 0 or 1:
// the upper half (u > 0.5) is evaluated through the complementary function at 1 - u, which
// is exact in double for u in [0.5, 1). Boost.Math is used with a policy that reports every
// error by throwing (it never prints); the exceptions are rethrown as fundsim::NumericError
// with the distribution and u in the message.
#include "uncertainty/distribution.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>
#include <boost/math/tools/toms748_solve.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <system_error>

#include "errors.hpp"

namespace fundsim {
namespace {

namespace bmp = boost::math::policies;

// Errors throw (never print, never set errno); underflow and denormals quietly give 0 or a
// denormal, which is the right answer for e.g. a gamma quantile with a tiny shape. The root
// finder behind ibeta_inv needs more than the default 200 iterations for e.g.
// beta(a=5, b=0.004) at u = 2^-54 (Boost 1.74); with 2000 it converges to the right value.
using Policy =
    bmp::policy<bmp::domain_error<bmp::throw_on_error>, bmp::pole_error<bmp::throw_on_error>,
                bmp::overflow_error<bmp::throw_on_error>,
                bmp::evaluation_error<bmp::throw_on_error>,
                bmp::rounding_error<bmp::throw_on_error>, bmp::underflow_error<bmp::ignore_error>,
                bmp::denorm_error<bmp::ignore_error>,
                bmp::indeterminate_result_error<bmp::ignore_error>, bmp::max_root_iterations<2000>>;
using Normal = boost::math::normal_distribution<double, Policy>;

constexpr double kInf = std::numeric_limits<double>::infinity();

// std::clamp without its precondition lo <= hi (quantile() may be called on a distribution
// that check_distribution would reject: the result is then meaningless but defined). NaN
// passes through, and quantile() reports it as not finite.
double clamp_between(double x, double lo, double hi) {
  return std::min(std::max(x, lo), hi);
}

// Shortest decimal form that reads back to the same double ("800", "1.25", "1e+06", "inf").
std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc{}) return "?";
  return std::string(buf, end);
}

// Standard normal quantile, using the upper tail for u > 0.5.
double std_normal_quantile(double u) {
  if (u == 0.5) return 0.0;
  if (u < 0.5) return boost::math::quantile(Normal(), u);
  return -boost::math::quantile(Normal(), 1.0 - u);  // 1 - u is exact for u in [0.5, 1)
}

// Standard normal lower tail P(Z <= z) and upper tail P(Z > z), each accurate in its own tail.
double phi_lower(double z) {
  if (z == -kInf) return 0.0;
  if (z == kInf) return 1.0;
  return 0.5 * boost::math::erfc(-z / std::sqrt(2.0), Policy());
}
double phi_upper(double z) {
  return phi_lower(-z);
}

// The untruncated probability of [lo, hi] must be large enough that u * mass (u >= 2^-54)
// is still a normal double; below that the truncated quantile cannot be computed reliably.
constexpr double kMinTruncatedMass = 1e-280;
void check_truncated_mass(double mass) {
  if (!(mass >= kMinTruncatedMass)) {
    throw NumericError("the interval [lo, hi] has probability " + format_number(mass) +
                       " under the untruncated normal, too small to sample");
  }
}

// P(a <= Z <= b) for the standard normal, without 1 - 1 cancellation (same branches as below).
double standard_normal_mass(double a, double b) {
  if (a >= 0.0) return phi_upper(a) - phi_upper(b);
  if (b <= 0.0) return phi_lower(b) - phi_lower(a);
  return 0.5 * (boost::math::erf(b / std::sqrt(2.0), Policy()) +
                boost::math::erf(-a / std::sqrt(2.0), Policy()));
}

// Normal(mean, sd) truncated to [lo, hi]: inverse CDF on [F(lo), F(hi)], computed in the
// tail the interval lies in so that F(hi) - F(lo) never suffers 1 - 1 cancellation.
double truncated_normal_quantile(double mean, double sd, double lo, double hi, double u) {
  const double a = (lo - mean) / sd;  // may be -inf
  const double b = (hi - mean) / sd;  // may be +inf
  double z = 0.0;
  if (a >= 0.0) {
    // Entirely in the right half: work with upper tails Q(a) >= Q(b).
    const double qa = phi_upper(a);
    const double qb = phi_upper(b);
    const double mass = qa - qb;
    check_truncated_mass(mass);
    // Upper-tail target Q(z) = Q(a) - u * mass, written without cancellation on either side.
    const double q = u < 0.5 ? qa - u * mass : qb + (1.0 - u) * mass;
    z = -boost::math::quantile(Normal(), q);
  } else if (b <= 0.0) {
    // Entirely in the left half: lower tails P(a) <= P(b).
    const double pa = phi_lower(a);
    const double pb = phi_lower(b);
    const double mass = pb - pa;
    check_truncated_mass(mass);
    const double p = u < 0.5 ? pa + u * mass : pb - (1.0 - u) * mass;
    z = boost::math::quantile(Normal(), p);
  } else {
    // Straddles 0: mass = P(a < Z < 0) + P(0 < Z < b) is a sum of positive terms.
    const double pa = phi_lower(a);  // <= 0.5
    const double qb = phi_upper(b);  // <= 0.5
    const double mass = 0.5 * (boost::math::erf(b / std::sqrt(2.0), Policy()) +
                               boost::math::erf(-a / std::sqrt(2.0), Policy()));
    check_truncated_mass(mass);
    const double p = pa + u * mass;
    if (p <= 0.5) {
      z = boost::math::quantile(Normal(), p);
    } else {
      const double q = qb + (1.0 - u) * mass;  // = 1 - p, computed without cancellation
      z = -boost::math::quantile(Normal(), q);
    }
  }
  // Rounding can push mean + sd*z a hair outside the interval.
  return clamp_between(mean + sd * z, lo, hi);
}

// Solves I_x(a, b) = p (p <= 0.5) by TOMS 748 on t = log(x), using only the forward function.
// A fallback for the few parameter sets where Boost's ibeta_inv root finder fails to converge
// (Boost 1.74: e.g. beta(a=1.003, b=0.6) at p = 2^-54). Relative accuracy ~1e-13 in x.
double beta_lower_inverse_fallback(double a, double b, double p) {
  auto f = [&](double t) { return boost::math::ibeta(a, b, std::exp(t), Policy()) - p; };
  double t_lo = std::log(std::numeric_limits<double>::min());
  const double f_lo = f(t_lo);
  if (f_lo >= 0.0) return 0.0;  // the quantile is below the smallest normal double
  double t_hi = 0.0;
  const double f_hi = 1.0 - p;
  std::uintmax_t iterations = 500;
  const auto [lo, hi] = boost::math::tools::toms748_solve(
      f, t_lo, t_hi, f_lo, f_hi, boost::math::tools::eps_tolerance<double>(52), iterations,
      Policy());
  if (iterations >= 500) throw NumericError("beta quantile did not converge");
  return std::exp(0.5 * (lo + hi));
}

// Quantile of Beta(a, b) at u, lower tail for u <= 0.5 and upper tail (at 1 - u) above.
double beta_quantile(double a, double b, double u) {
  try {
    if (u <= 0.5) return boost::math::ibeta_inv(a, b, u, Policy());
    return boost::math::ibetac_inv(a, b, 1.0 - u, Policy());
  } catch (const boost::math::evaluation_error&) {
    // I_x(a, b) = 1 - I_{1-x}(b, a): the upper tail of (a, b) is the lower tail of (b, a).
    if (u <= 0.5) return beta_lower_inverse_fallback(a, b, u);
    return 1.0 - beta_lower_inverse_fallback(b, a, 1.0 - u);
  }
}

double quantile_unchecked(const Distribution& d, double u) {
  switch (d.kind) {
    case DistKind::fixed:
      return d.a;
    case DistKind::uniform:
      return clamp_between(d.a + u * (d.b - d.a), d.a, d.b);
    case DistKind::normal:
      if (d.lo == -kInf && d.hi == kInf) return d.a + d.b * std_normal_quantile(u);
      return truncated_normal_quantile(d.a, d.b, d.lo, d.hi, u);
    case DistKind::lognormal:
      return d.a * std::exp(std::log(d.b) * std_normal_quantile(u));
    case DistKind::beta:
      return beta_quantile(d.a, d.b, u);
    case DistKind::gamma:
      if (u <= 0.5) return d.b * boost::math::gamma_p_inv(d.a, u, Policy());
      return d.b * boost::math::gamma_q_inv(d.a, 1.0 - u, Policy());
    case DistKind::triangular: {
      const double min = d.a, mode = d.b, max = d.c;
      const double width = max - min;
      const double f_mode = (mode - min) / width;
      double x;
      if (u < f_mode) {
        x = min + std::sqrt(u * width * (mode - min));
      } else {
        x = max - std::sqrt((1.0 - u) * width * (max - mode));
      }
      return clamp_between(x, min, max);
    }
    case DistKind::pert: {
      const double min = d.a, mode = d.b, max = d.c;
      const double width = max - min;
      const double alpha = 1.0 + 4.0 * (mode - min) / width;
      const double beta = 1.0 + 4.0 * (max - mode) / width;
      return clamp_between(min + width * beta_quantile(alpha, beta, u), min, max);
    }
  }
  throw NumericError("unknown distribution kind");
}

}  // namespace

const std::vector<DistributionKind>& distribution_kinds() {
  static const std::vector<DistributionKind> all = {
      {DistKind::uniform, "uniform", {"min", "max"}, {}},
      {DistKind::normal, "normal", {"mean", "sd"}, {"lo", "hi"}},
      {DistKind::lognormal, "lognormal", {"median", "gsd"}, {}},
      {DistKind::beta, "beta", {"a", "b"}, {}},
      {DistKind::gamma, "gamma", {"shape", "scale"}, {}},
      {DistKind::triangular, "triangular", {"min", "mode", "max"}, {}},
      {DistKind::pert, "pert", {"min", "mode", "max"}, {}},
  };
  return all;
}

const char* dist_kind_name(DistKind kind) {
  if (kind == DistKind::fixed) return "fixed";
  for (const DistributionKind& k : distribution_kinds())
    if (k.kind == kind) return k.name;
  return "unknown";
}

double Distribution::quantile(double u) const {
  if (kind == DistKind::fixed) return a;
  if (!(u > 0.0 && u < 1.0)) {
    throw NumericError(describe() + ": quantile requested at u = " + format_number(u) +
                       ", outside (0, 1)");
  }
  double x;
  try {
    x = quantile_unchecked(*this, u);
  } catch (const NumericError& e) {
    throw NumericError(describe() + ": quantile at u = " + format_number(u) + ": " + e.what());
  } catch (const std::exception& e) {  // Boost.Math (domain, overflow, evaluation errors)
    throw NumericError(describe() + ": quantile at u = " + format_number(u) +
                       " failed: " + e.what());
  }
  if (!std::isfinite(x)) {
    throw NumericError(describe() + ": quantile at u = " + format_number(u) + " is not finite (" +
                       format_number(x) + ")");
  }
  // A continuous distribution never produces the end points of its support, but rounding
  // can (uniform(min=1, max=2) at u = 2^-54 is 1 + 5.6e-17 -> 1; a gamma quantile with a
  // tiny shape underflows to 0). Keep x strictly inside, so that study validation may treat
  // a support [0, inf) as fitting a valid range (0, inf).
  const double smin = support_min(), smax = support_max();
  if (smin < smax) {
    const double inner_lo = std::nextafter(smin, kInf);
    const double inner_hi = std::nextafter(smax, -kInf);
    if (inner_lo <= inner_hi) x = clamp_between(x, inner_lo, inner_hi);
  }
  return x;
}

double Distribution::support_min() const {
  switch (kind) {
    case DistKind::fixed:
      return a;
    case DistKind::uniform:
      return a;
    case DistKind::normal:
      return lo;
    case DistKind::lognormal:
      return 0.0;  // open: draws are > 0
    case DistKind::beta:
      return 0.0;
    case DistKind::gamma:
      return 0.0;
    case DistKind::triangular:
      return a;
    case DistKind::pert:
      return a;
  }
  return -kInf;
}

double Distribution::support_max() const {
  switch (kind) {
    case DistKind::fixed:
      return a;
    case DistKind::uniform:
      return b;
    case DistKind::normal:
      return hi;
    case DistKind::lognormal:
      return kInf;
    case DistKind::beta:
      return 1.0;
    case DistKind::gamma:
      return kInf;
    case DistKind::triangular:
      return c;
    case DistKind::pert:
      return c;
  }
  return kInf;
}

std::string Distribution::describe() const {
  const auto f = format_number;
  std::string s;
  switch (kind) {
    case DistKind::fixed:
      return f(a);
    case DistKind::uniform:
      s = "uniform(min=" + f(a) + ", max=" + f(b);
      break;
    case DistKind::normal:
      s = "normal(mean=" + f(a) + ", sd=" + f(b);
      if (lo != -kInf) s += ", lo=" + f(lo);
      if (hi != kInf) s += ", hi=" + f(hi);
      break;
    case DistKind::lognormal:
      s = "lognormal(median=" + f(a) + ", gsd=" + f(b);
      break;
    case DistKind::beta:
      s = "beta(a=" + f(a) + ", b=" + f(b);
      break;
    case DistKind::gamma:
      s = "gamma(shape=" + f(a) + ", scale=" + f(b);
      break;
    case DistKind::triangular:
      s = "triangular(min=" + f(a) + ", mode=" + f(b) + ", max=" + f(c);
      break;
    case DistKind::pert:
      s = "pert(min=" + f(a) + ", mode=" + f(b) + ", max=" + f(c);
      break;
  }
  if (clamp) s += ", clamp=true";
  return s + ")";
}

// Rules (fields named as in the study file, docs/study-format.md §4):
//   every parameter finite (normal's lo/hi may be infinite, meaning "absent");
//   uniform min <= max (min == max is allowed: a point mass at min);
//   normal sd > 0 and lo < hi, and the truncation interval must carry a representable
//     probability; lognormal median > 0, gsd > 1; beta a > 0, b > 0; gamma shape > 0,
//     scale > 0; triangular and pert min <= mode <= max with min < max.
// Finally the quantiles at the most extreme u the samplers can produce must be finite
// (catches e.g. lognormal(median=1e300, gsd=10) overflowing).
std::string check_distribution(const Distribution& d) {
  const std::string kind = dist_kind_name(d.kind);
  const auto f = format_number;
  auto not_finite = [&](const char* field, double v) -> std::string {
    if (std::isfinite(v)) return {};
    return kind + ": " + field + " must be a finite number (got " + f(v) + ")";
  };
  auto first = [](std::initializer_list<std::string> msgs) -> std::string {
    for (const auto& m : msgs)
      if (!m.empty()) return m;
    return {};
  };
  std::string msg;
  switch (d.kind) {
    case DistKind::fixed:
      if (!std::isfinite(d.a)) return "value must be a finite number (got " + f(d.a) + ")";
      return {};
    case DistKind::uniform:
      msg = first({not_finite("min", d.a), not_finite("max", d.b)});
      if (msg.empty() && !(d.a <= d.b))
        msg = "uniform: min must be <= max (got min=" + f(d.a) + ", max=" + f(d.b) + ")";
      break;
    case DistKind::normal:
      msg = first({not_finite("mean", d.a), not_finite("sd", d.b)});
      if (msg.empty() && !(d.b > 0.0)) msg = "normal: sd must be > 0 (got " + f(d.b) + ")";
      if (msg.empty() && (std::isnan(d.lo) || d.lo == kInf))
        msg = "normal: lo must be a finite number (got " + f(d.lo) + ")";
      if (msg.empty() && (std::isnan(d.hi) || d.hi == -kInf))
        msg = "normal: hi must be a finite number (got " + f(d.hi) + ")";
      if (msg.empty() && !(d.lo < d.hi))
        msg = "normal: lo must be < hi (got lo=" + f(d.lo) + ", hi=" + f(d.hi) + ")";
      if (msg.empty() && (d.lo != -kInf || d.hi != kInf)) {
        const double mass = standard_normal_mass((d.lo - d.a) / d.b, (d.hi - d.a) / d.b);
        if (!(mass >= kMinTruncatedMass)) {
          msg = "normal: the truncation interval lo=" + f(d.lo) + ", hi=" + f(d.hi) +
                " has probability " + f(mass) + " under normal(mean=" + f(d.a) + ", sd=" + f(d.b) +
                "), too small to sample";
        }
      }
      break;
    case DistKind::lognormal:
      msg = first({not_finite("median", d.a), not_finite("gsd", d.b)});
      if (msg.empty() && !(d.a > 0.0)) msg = "lognormal: median must be > 0 (got " + f(d.a) + ")";
      if (msg.empty() && !(d.b > 1.0)) msg = "lognormal: gsd must be > 1 (got " + f(d.b) + ")";
      break;
    case DistKind::beta:
      msg = first({not_finite("a", d.a), not_finite("b", d.b)});
      if (msg.empty() && !(d.a > 0.0)) msg = "beta: a must be > 0 (got " + f(d.a) + ")";
      if (msg.empty() && !(d.b > 0.0)) msg = "beta: b must be > 0 (got " + f(d.b) + ")";
      break;
    case DistKind::gamma:
      msg = first({not_finite("shape", d.a), not_finite("scale", d.b)});
      if (msg.empty() && !(d.a > 0.0)) msg = "gamma: shape must be > 0 (got " + f(d.a) + ")";
      if (msg.empty() && !(d.b > 0.0)) msg = "gamma: scale must be > 0 (got " + f(d.b) + ")";
      break;
    case DistKind::triangular:
    case DistKind::pert:
      msg = first({not_finite("min", d.a), not_finite("mode", d.b), not_finite("max", d.c)});
      if (msg.empty() && !(d.a < d.c))
        msg = kind + ": min must be < max (got min=" + f(d.a) + ", max=" + f(d.c) + ")";
      if (msg.empty() && !(d.a <= d.b && d.b <= d.c))
        msg = kind + ": mode must lie in [min, max] (got min=" + f(d.a) + ", mode=" + f(d.b) +
              ", max=" + f(d.c) + ")";
      break;
  }
  if (!msg.empty()) return msg;
  // The samplers' most extreme u: 2^-54 and the largest double below 1.
  for (double u : {0x1.0p-54, 0.5, 1.0 - 0x1.0p-53}) {
    try {
      (void)d.quantile(u);
    } catch (const NumericError& e) {
      return kind + ": parameters cannot be sampled: " + e.what();
    }
  }
  return {};
}

}  // namespace fundsim
