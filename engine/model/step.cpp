#include "model/step.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "errors.hpp"
#include "model/draw_site.hpp"
#include "model/triage.hpp"
#include "random/samplers.hpp"

namespace fundsim {

namespace {

// This month's rates after lever effects (step 1).
struct MonthRates {
  std::array<double, kMaxClasses> onset_multiplier;  // m_k
  std::array<double, kMaxClasses> detect;            // p_k
  std::array<double, kMaxClasses> desist;            // q_k
  std::array<double, kMaxClasses> arrest;            // a_k
  std::array<double, kMaxClasses> contact;           // c_k
  double capacity;                                   // C
};

// 1 - (1 - p)(1 - v), written so that v = 0 leaves p unchanged bit for bit.
inline double raise_probability(double p, double v) { return p + (1.0 - p) * v; }

void evaluate_levers(const ModelParameters& params, std::span<const double> effective_spend,
                     int month, MonthRates& rates) {
  const std::size_t classes = params.classes.size();
  const auto t = static_cast<std::size_t>(month);
  for (std::size_t k = 0; k < classes; ++k) {
    const ClassRates& c = params.classes[k];
    rates.onset_multiplier[k] = 1.0;
    rates.detect[k] = params.base_detect[t * classes + k];
    rates.desist[k] = c.desist;
    rates.arrest[k] = c.arrest;
    rates.contact[k] = c.contact;
  }
  rates.capacity = params.base_capacity;

  for (const EffectParams& e : params.effects) {
    const double spend = effective_spend[e.lever];
    if (spend <= 0.0) continue;  // v = 0: no effect this month
    if (e.curve == EffectCurve::linear) {
      rates.capacity += spend / e.unit_cost;  // only target `capacity` is linear
      continue;
    }
    const double v = e.max_effect * -std::expm1(-0.6931471805599453 * spend / e.half_spend);
    for (std::size_t k = 0; k < classes; ++k) {
      if (!((e.class_mask >> k) & 1U)) continue;
      switch (e.target) {
        case EffectTarget::onset: rates.onset_multiplier[k] *= 1.0 - v; break;
        case EffectTarget::detection: rates.detect[k] = raise_probability(rates.detect[k], v); break;
        case EffectTarget::desistance: rates.desist[k] = raise_probability(rates.desist[k], v); break;
        case EffectTarget::arrest: rates.arrest[k] = raise_probability(rates.arrest[k], v); break;
        case EffectTarget::contact: rates.contact[k] *= 1.0 - v; break;
        case EffectTarget::capacity: break;  // linear, handled above
      }
    }
  }
}

// g of step 2: the deterrent effect of recent arrests on onset.
inline double deterrence(const ModelParameters& params, double smoothed_arrests) {
  if (params.deterrence_elasticity == 0.0) return 1.0;
  const double g =
      std::pow(smoothed_arrests / params.arrests_ref, -params.deterrence_elasticity);
  return std::clamp(g, 0.5, 2.0);
}

class Draws {
 public:
  Draws(StreamKey key, int month) : key_(key), month_(month) {}
  std::int64_t poisson(std::size_t k, DrawStep step, double mean) const {
    if (mean <= 0.0) return 0;
    Stream s(key_, Domain::model, draw_site(month_, k, step));
    return sample_poisson(mean, s);
  }
  std::int64_t binomial(std::size_t k, DrawStep step, std::int64_t n, double p) const {
    if (n <= 0 || p <= 0.0) return 0;
    if (p >= 1.0) return n;
    Stream s(key_, Domain::model, draw_site(month_, k, step));
    return sample_binomial(n, p, s);
  }

 private:
  StreamKey key_;
  int month_;
};

}  // namespace

void initial_state(const ModelParameters& params, State& state) {
  const std::size_t classes = params.classes.size();
  state.active.resize(classes);
  state.backlog.resize(classes);
  state.justice.resize(classes);
  for (std::size_t k = 0; k < classes; ++k) {
    state.active[k] = static_cast<std::int64_t>(params.classes[k].initial_active);
    state.backlog[k] = static_cast<std::int64_t>(params.classes[k].initial_backlog);
    state.justice[k] = static_cast<std::int64_t>(params.classes[k].initial_justice);
  }
  state.desisted = 0;
  state.smoothed_arrests = params.arrests_ref;
}

void step_month(const ModelParameters& params, std::span<const double> effective_spend, int month,
                StreamKey key, State& state, MonthOutcome& outcome) {
  const std::size_t classes = params.classes.size();
  const Draws draw(key, month);
  auto& A = state.active;
  auto& Q = state.backlog;
  auto& J = state.justice;
  const auto record = [&](std::size_t k, ClassMetric m, std::int64_t v) { outcome.at(k, m) = v; };

  // 1. Spend and lever effects.
  MonthRates rates;
  evaluate_levers(params, effective_spend, month, rates);
  // 2. Deterrence.
  const double g = deterrence(params, state.smoothed_arrests);

  std::array<std::int64_t, kMaxClasses> offences;
  const double onset_factor = params.onset_factor[static_cast<std::size_t>(month)];
  for (std::size_t k = 0; k < classes; ++k) {
    const ClassRates& c = params.classes[k];
    // 3. Onset.
    const std::int64_t onset =
        draw.poisson(k, DrawStep::onset, c.onset * onset_factor * rates.onset_multiplier[k] * g);
    A[k] += onset;
    // 4. Offending (referred offenders keep offending while they wait).
    offences[k] = draw.poisson(k, DrawStep::offences, static_cast<double>(A[k] + Q[k]) * c.offence_rate);
    // 5. Referrals from industry.
    const std::int64_t referrals = draw.binomial(k, DrawStep::referrals, offences[k], rates.detect[k]);
    // 6. Identification.
    const double p_identify = -std::expm1(-c.offence_rate * rates.detect[k] * c.actionable);
    const std::int64_t identified = draw.binomial(k, DrawStep::identification, A[k], p_identify);
    A[k] -= identified;
    Q[k] += identified;
    // 7. Contact abuse.
    const std::int64_t contact = draw.binomial(k, DrawStep::contact, offences[k], rates.contact[k]);
    // 8. Desistance.
    const std::int64_t desisted = draw.binomial(k, DrawStep::desistance, A[k], rates.desist[k]);
    A[k] -= desisted;
    state.desisted += desisted;
    // 9. Queue attrition: cases closed without action return to the active pool.
    const std::int64_t closed = draw.binomial(k, DrawStep::attrition, Q[k], c.attrition);
    Q[k] -= closed;
    A[k] += closed;

    record(k, ClassMetric::new_offenders, onset);
    record(k, ClassMetric::offences, offences[k]);
    record(k, ClassMetric::referrals, referrals);
    record(k, ClassMetric::identified, identified);
    record(k, ClassMetric::contact_abuse, contact);
    record(k, ClassMetric::desisted, desisted);
  }

  // 10. Investigations: cap = floor(C), shared by the triage rule.
  std::int64_t waiting = 0;
  for (std::size_t k = 0; k < classes; ++k) waiting += Q[k];
  const std::int64_t investigations =
      rates.capacity >= static_cast<double>(waiting)
          ? waiting
          : static_cast<std::int64_t>(std::floor(rates.capacity));
  std::array<std::int64_t, kMaxClasses> investigated;
  allocate_investigations(params.triage, investigations, std::span(Q.data(), classes),
                          params.priority_order, std::span(investigated.data(), classes));

  std::int64_t arrests_total = 0;
  double safeguard_mean = 0.0;
  for (std::size_t k = 0; k < classes; ++k) {
    const ClassRates& c = params.classes[k];
    // 11. Arrests; investigated but not arrested return to the active pool.
    const std::int64_t arrests = draw.binomial(k, DrawStep::arrests, investigated[k], rates.arrest[k]);
    Q[k] -= investigated[k];
    A[k] += investigated[k] - arrests;
    // 12. Release (from J before this month's arrests) and re-offending on release.
    const std::int64_t released = draw.binomial(k, DrawStep::release, J[k], c.release);
    const std::int64_t reoffenders = draw.binomial(k, DrawStep::reoffend, released, c.reoffend);
    J[k] += arrests - released;
    A[k] += reoffenders;
    state.desisted += released - reoffenders;

    arrests_total += arrests;
    safeguard_mean += static_cast<double>(arrests) * c.safeguard_per_arrest;
    record(k, ClassMetric::investigations, investigated[k]);
    record(k, ClassMetric::arrests, arrests);
    record(k, ClassMetric::released, released);
    record(k, ClassMetric::active, A[k] + Q[k]);
    record(k, ClassMetric::backlog, Q[k]);
    record(k, ClassMetric::in_justice, J[k]);
  }
  // 13. Children safeguarded.
  outcome.safeguarded = draw.poisson(kNoClass, DrawStep::safeguarded, safeguard_mean);
  outcome.capacity = rates.capacity;
  // 14. Deterrence memory.
  state.smoothed_arrests +=
      (static_cast<double>(arrests_total) - state.smoothed_arrests) * params.arrests_smoothing;
}

}  // namespace fundsim
