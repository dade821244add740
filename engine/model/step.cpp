// No contraction of a*b + c into fused multiply-adds, whatever the build flags: the model's
// arithmetic must give the same bits on every machine (random/fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include "model/step.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "errors.hpp"
#include "model/deterrence.hpp"
#include "model/draw_site.hpp"
#include "model/draw_stream.hpp"
#include "model/lever_effects.hpp"
#include "model/triage.hpp"
#include "random/fast_math.hpp"
#include "random/samplers.hpp"

namespace fundsim {

namespace {

// The streams of one month. A draw whose outcome is certain uses no random numbers.
class Draws {
 public:
  Draws(StreamKey key, int month, std::size_t classes, const Stream::Block* first_blocks)
      : key_(key), month_(month), classes_(classes), first_blocks_(first_blocks) {}
  std::int64_t poisson(std::size_t k, DrawStep step, double mean) const {
    if (mean <= 0.0) return 0;
    Stream s = stream(k, step);
    return sample_poisson(mean, s);
  }
  std::int64_t binomial(std::size_t k, DrawStep step, std::int64_t n, double p) const {
    if (n <= 0 || p <= 0.0) return 0;
    if (p >= 1.0) return n;
    Stream s = stream(k, step);
    return sample_binomial(n, p, s);
  }

 private:
  Stream stream(std::size_t k, DrawStep step) const {
    return draw_stream(key_, month_, classes_, first_blocks_, k, step);
  }
  StreamKey key_;
  int month_;
  std::size_t classes_;
  const Stream::Block* first_blocks_;
};

constexpr DrawStep kClassDrawSteps[kClassDraws] = {
    DrawStep::onset,   DrawStep::offences,   DrawStep::referrals, DrawStep::identification,
    DrawStep::contact, DrawStep::desistance, DrawStep::attrition, DrawStep::arrests,
    DrawStep::release, DrawStep::reoffend};

}  // namespace

void precompute_first_blocks(StreamKey key, int months, std::size_t classes,
                             std::vector<Stream::Block>& blocks) {
  const std::size_t per_month = draws_per_month(classes);
  blocks.resize(static_cast<std::size_t>(months) * per_month);
  for (int t = 0; t < months; ++t) {
    Stream::Block* month = &blocks[static_cast<std::size_t>(t) * per_month];
    for (std::size_t k = 0; k < classes; ++k) {
      for (DrawStep step : kClassDrawSteps) {
        month[k * kClassDraws + draw_slot(step)] =
            Stream::first_block(key, Domain::model, draw_site(t, k, step));
      }
    }
    month[classes * kClassDraws] =
        Stream::first_block(key, Domain::model, draw_site(t, kNoClass, DrawStep::safeguarded));
  }
}

void initial_state(const ModelParameters& params, State& state) {
  const std::size_t classes = params.classes.size();
  state.active.resize(classes);
  state.backlog.resize(classes);
  state.justice.resize(classes);
  // A count at or above 2^63 cannot be converted (it would wrap); 2^62 leaves room to add.
  const auto count = [](double value, std::size_t k, const char* name) {
    if (!(value < 0x1p62)) {
      throw NumericError("class " + std::to_string(k) + ": " + name + " = " +
                         std::to_string(value) + " is too large for a count");
    }
    return static_cast<std::int64_t>(value);
  };
  for (std::size_t k = 0; k < classes; ++k) {
    const ClassRates& c = params.classes[k];
    state.active[k] = count(c[ClassParam::initial_active], k, "initial_active");
    state.backlog[k] = count(c[ClassParam::initial_backlog], k, "initial_backlog");
    state.justice[k] = count(c[ClassParam::initial_justice], k, "initial_justice");
  }
  state.desisted = 0;
  state.smoothed_arrests = params[GlobalParam::arrests_ref];
}

void step_month(const ModelParameters& params, std::span<const double> effective_spend, int month,
                StreamKey key, const Stream::Block* first_blocks, State& state,
                MonthOutcome& outcome) {
  const std::size_t classes = params.classes.size();
  const Draws draw(key, month, classes, first_blocks);
  auto& A = state.active;
  auto& Q = state.backlog;
  auto& J = state.justice;
  const auto record = [&](std::size_t k, Metric m, std::int64_t v) { outcome.set(m, k, v); };

  // 1. Spend and lever effects.
  MonthRates rates;
  evaluate_levers(params, effective_spend, month, rates);
  // 2. Deterrence.
  const double g = deterrence(params, state.smoothed_arrests);

  std::array<std::int64_t, kMaxClasses> offences;
  const double onset_factor = params.onset_factor[static_cast<std::size_t>(month)];
  for (std::size_t k = 0; k < classes; ++k) {
    const ClassRates& c = params.classes[k];
    const double offence_rate = c[ClassParam::offence_rate];
    // 3. Onset.
    const std::int64_t onset =
        draw.poisson(k, DrawStep::onset,
                     c[ClassParam::onset] * onset_factor * rates(Rate::onset_multiplier, k) * g);
    A[k] += onset;
    // 4. Offending (referred offenders keep offending while they wait).
    offences[k] =
        draw.poisson(k, DrawStep::offences, static_cast<double>(A[k] + Q[k]) * offence_rate);
    // 5. Referrals from industry.
    const std::int64_t referrals =
        draw.binomial(k, DrawStep::referrals, offences[k], rates(Rate::detect, k));
    // 6. Identification.
    const double p_identify =
        -fm::expm1(-offence_rate * rates(Rate::detect, k) * c[ClassParam::actionable]);
    const std::int64_t identified = draw.binomial(k, DrawStep::identification, A[k], p_identify);
    A[k] -= identified;
    Q[k] += identified;
    // 7. Contact abuse.
    const std::int64_t contact =
        draw.binomial(k, DrawStep::contact, offences[k], rates(Rate::contact, k));
    // 8. Desistance.
    const std::int64_t desisted =
        draw.binomial(k, DrawStep::desistance, A[k], rates(Rate::desist, k));
    A[k] -= desisted;
    state.desisted += desisted;
    // 9. Queue attrition: cases closed without action return to the active pool.
    const std::int64_t closed =
        draw.binomial(k, DrawStep::attrition, Q[k], c[ClassParam::attrition]);
    Q[k] -= closed;
    A[k] += closed;

    record(k, Metric::new_offenders, onset);
    record(k, Metric::offences, offences[k]);
    record(k, Metric::referrals, referrals);
    record(k, Metric::identified, identified);
    record(k, Metric::contact_abuse, contact);
    record(k, Metric::desisted, desisted);
    record(k, Metric::closed, closed);
  }

  // 10. Investigations: cap = floor(C), shared by the triage rule.
  const double capacity = rates(Rate::capacity);
  std::int64_t waiting = 0;
  for (std::size_t k = 0; k < classes; ++k) waiting += Q[k];
  const std::int64_t investigations = capacity >= static_cast<double>(waiting)
                                          ? waiting
                                          : static_cast<std::int64_t>(std::floor(capacity));
  std::array<std::int64_t, kMaxClasses> investigated;
  allocate_investigations(params.triage, investigations, std::span(Q.data(), classes),
                          params.priority_order, std::span(investigated.data(), classes));

  std::int64_t arrests_total = 0;
  double safeguard_mean = 0.0;
  for (std::size_t k = 0; k < classes; ++k) {
    const ClassRates& c = params.classes[k];
    // 11. Arrests; investigated but not arrested return to the active pool.
    const std::int64_t arrests =
        draw.binomial(k, DrawStep::arrests, investigated[k], rates(Rate::arrest, k));
    Q[k] -= investigated[k];
    A[k] += investigated[k] - arrests;
    // 12. Release (from J before this month's arrests) and re-offending on release.
    const std::int64_t released = draw.binomial(k, DrawStep::release, J[k], c.release);
    const std::int64_t reoffenders =
        draw.binomial(k, DrawStep::reoffend, released, c[ClassParam::reoffend]);
    J[k] += arrests - released;
    A[k] += reoffenders;
    state.desisted += released - reoffenders;

    arrests_total += arrests;
    safeguard_mean += static_cast<double>(arrests) * rates(Rate::safeguard, k);
    record(k, Metric::investigations, investigated[k]);
    record(k, Metric::arrests, arrests);
    record(k, Metric::released, released);
    record(k, Metric::active, A[k] + Q[k]);
    record(k, Metric::backlog, Q[k]);
    record(k, Metric::in_justice, J[k]);
  }
  // 13. Children safeguarded.
  outcome.set(Metric::safeguarded, 0,
              draw.poisson(kNoClass, DrawStep::safeguarded, safeguard_mean));
  outcome.set_level(Metric::capacity, capacity);
  // 14. Deterrence memory.
  state.smoothed_arrests +=
      (static_cast<double>(arrests_total) - state.smoothed_arrests) * params.arrests_smoothing;
}

}  // namespace fundsim
