// No contraction of a*b + c into fused multiply-adds, whatever the build flags: the model's
// arithmetic must give the same bits on every machine (random/fast_math.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#else
#pragma GCC optimize("fp-contract=off")
#endif

#include "model/step_lanes.hpp"

#include <array>
#include <cmath>

#include "errors.hpp"
#include "model/deterrence.hpp"
#include "model/draw_stream.hpp"
#include "model/lever_effects.hpp"
#include "model/triage.hpp"
#include "random/fast_math.hpp"

namespace fundsim {

namespace {

using Counts = LaneArray<std::int64_t>;
using Reals = LaneArray<double>;

bool lane_on(LaneMask mask, std::size_t l) {
  return ((mask >> l) & 1U) != 0;
}

// The draws of one month for the lanes in `lanes`; as step.cpp's Draws, a lane whose outcome is
// certain takes no part in the sampler call (and if no lane draws, no stream is made).
class LaneDraws {
 public:
  LaneDraws(StreamKey key, int month, std::size_t classes, const Stream::Block* first_blocks,
            LaneMask lanes)
      : key_(key), month_(month), classes_(classes), first_blocks_(first_blocks), lanes_(lanes) {}

  Counts poisson(std::size_t k, DrawStep step, const Reals& mean) const {
    Counts out{};
    LaneMask active = 0;
    for (std::size_t l = 0; l < kSamplerLanes; ++l) {
      if (lane_on(lanes_, l) && !(mean[l] <= 0.0)) active |= 1U << l;
    }
    if (active != 0) {
      Stream s = draw_stream(key_, month_, classes_, first_blocks_, k, step);
      sample_poisson_lanes(mean, active, s, out);
    }
    return out;
  }
  Counts binomial(std::size_t k, DrawStep step, const Counts& n, const Reals& p) const {
    Counts out{};
    LaneMask active = 0;
    for (std::size_t l = 0; l < kSamplerLanes; ++l) {
      if (!lane_on(lanes_, l) || n[l] <= 0 || p[l] <= 0.0) continue;
      if (p[l] >= 1.0) {
        out[l] = n[l];
      } else {
        active |= 1U << l;
      }
    }
    if (active != 0) {
      Stream s = draw_stream(key_, month_, classes_, first_blocks_, k, step);
      sample_binomial_lanes(n, p, active, s, out);
    }
    return out;
  }

 private:
  StreamKey key_;
  int month_;
  std::size_t classes_;
  const Stream::Block* first_blocks_;
  LaneMask lanes_;
};

}  // namespace

// The same steps, in the same order and with the same expressions, as step_month (step.cpp);
// only the draws are made for all lanes at once. Keep the two in step.
void step_month_lanes(std::span<const ScenarioLane> lanes, int month, StreamKey key,
                      const Stream::Block* first_blocks) {
  const std::size_t L = lanes.size();
  if (L == 0 || L > kSamplerLanes) throw Error("step_month_lanes: 1 to 4 lanes");
  const std::size_t classes = lanes[0].params->classes.size();
  const LaneMask mask = (1U << L) - 1;
  const LaneDraws draw(key, month, classes, first_blocks, mask);
  const auto t = static_cast<std::size_t>(month);

  // 1. Spend and lever effects. 2. Deterrence.
  std::array<MonthRates, kSamplerLanes> rates;
  Reals g{};
  for (std::size_t l = 0; l < L; ++l) {
    evaluate_levers(*lanes[l].params, lanes[l].effective_spend, month, rates[l]);
    g[l] = deterrence(*lanes[l].params, lanes[l].state->smoothed_arrests);
  }
  const auto param = [&](std::size_t l, std::size_t k, ClassParam p) {
    return lanes[l].params->classes[k][p];
  };
  const auto rate = [&](std::size_t l, Rate r, std::size_t k) { return rates[l](r, k); };

  Reals mean{}, p{};
  Counts n{};
  std::array<Counts, kMaxClasses> offences;
  for (std::size_t k = 0; k < classes; ++k) {
    // 3. Onset.
    for (std::size_t l = 0; l < L; ++l) {
      mean[l] = param(l, k, ClassParam::onset) * lanes[l].params->onset_factor[t] *
                rate(l, Rate::onset_multiplier, k) * g[l];
    }
    const Counts onset = draw.poisson(k, DrawStep::onset, mean);
    // 4. Offending (referred offenders keep offending while they wait).
    for (std::size_t l = 0; l < L; ++l) {
      State& s = *lanes[l].state;
      s.active[k] += onset[l];
      mean[l] =
          static_cast<double>(s.active[k] + s.backlog[k]) * param(l, k, ClassParam::offence_rate);
    }
    offences[k] = draw.poisson(k, DrawStep::offences, mean);
    // 5. Referrals from industry.
    for (std::size_t l = 0; l < L; ++l) p[l] = rate(l, Rate::detect, k);
    const Counts referrals = draw.binomial(k, DrawStep::referrals, offences[k], p);
    // 6. Identification.
    for (std::size_t l = 0; l < L; ++l) {
      p[l] = -fm::expm1(-param(l, k, ClassParam::offence_rate) * rate(l, Rate::detect, k) *
                        param(l, k, ClassParam::actionable));
      n[l] = lanes[l].state->active[k];
    }
    const Counts identified = draw.binomial(k, DrawStep::identification, n, p);
    // 7. Contact abuse.
    for (std::size_t l = 0; l < L; ++l) {
      State& s = *lanes[l].state;
      s.active[k] -= identified[l];
      s.backlog[k] += identified[l];
      p[l] = rate(l, Rate::contact, k);
    }
    const Counts contact = draw.binomial(k, DrawStep::contact, offences[k], p);
    // 8. Desistance.
    for (std::size_t l = 0; l < L; ++l) {
      p[l] = rate(l, Rate::desist, k);
      n[l] = lanes[l].state->active[k];
    }
    const Counts desisted = draw.binomial(k, DrawStep::desistance, n, p);
    // 9. Queue attrition: cases closed without action return to the active pool.
    for (std::size_t l = 0; l < L; ++l) {
      State& s = *lanes[l].state;
      s.active[k] -= desisted[l];
      s.desisted += desisted[l];
      p[l] = param(l, k, ClassParam::attrition);
      n[l] = s.backlog[k];
    }
    const Counts closed = draw.binomial(k, DrawStep::attrition, n, p);
    for (std::size_t l = 0; l < L; ++l) {
      State& s = *lanes[l].state;
      s.backlog[k] -= closed[l];
      s.active[k] += closed[l];
      MonthOutcome& out = *lanes[l].outcome;
      out.set(Metric::new_offenders, k, onset[l]);
      out.set(Metric::offences, k, offences[k][l]);
      out.set(Metric::referrals, k, referrals[l]);
      out.set(Metric::identified, k, identified[l]);
      out.set(Metric::contact_abuse, k, contact[l]);
      out.set(Metric::desisted, k, desisted[l]);
      out.set(Metric::closed, k, closed[l]);
    }
  }

  // 10. Investigations: cap = floor(C), shared by the triage rule.
  std::array<std::array<std::int64_t, kMaxClasses>, kSamplerLanes> investigated;
  Reals capacity{};
  for (std::size_t l = 0; l < L; ++l) {
    const State& s = *lanes[l].state;
    capacity[l] = rates[l](Rate::capacity);
    std::int64_t waiting = 0;
    for (std::size_t k = 0; k < classes; ++k) waiting += s.backlog[k];
    const std::int64_t investigations = capacity[l] >= static_cast<double>(waiting)
                                            ? waiting
                                            : static_cast<std::int64_t>(std::floor(capacity[l]));
    allocate_investigations(lanes[l].params->triage, investigations,
                            std::span(s.backlog.data(), classes), lanes[l].params->priority_order,
                            std::span(investigated[l].data(), classes));
  }

  Counts arrests_total{};
  Reals safeguard_mean{};
  for (std::size_t k = 0; k < classes; ++k) {
    // 11. Arrests; investigated but not arrested return to the active pool.
    for (std::size_t l = 0; l < L; ++l) {
      n[l] = investigated[l][k];
      p[l] = rate(l, Rate::arrest, k);
    }
    const Counts arrests = draw.binomial(k, DrawStep::arrests, n, p);
    // 12. Release (from J before this month's arrests) and re-offending on release.
    for (std::size_t l = 0; l < L; ++l) {
      State& s = *lanes[l].state;
      s.backlog[k] -= investigated[l][k];
      s.active[k] += investigated[l][k] - arrests[l];
      n[l] = s.justice[k];
      p[l] = lanes[l].params->classes[k].release;
    }
    const Counts released = draw.binomial(k, DrawStep::release, n, p);
    for (std::size_t l = 0; l < L; ++l) p[l] = param(l, k, ClassParam::reoffend);
    const Counts reoffenders = draw.binomial(k, DrawStep::reoffend, released, p);
    for (std::size_t l = 0; l < L; ++l) {
      State& s = *lanes[l].state;
      s.justice[k] += arrests[l] - released[l];
      s.active[k] += reoffenders[l];
      s.desisted += released[l] - reoffenders[l];

      arrests_total[l] += arrests[l];
      safeguard_mean[l] += static_cast<double>(arrests[l]) * rate(l, Rate::safeguard, k);
      MonthOutcome& out = *lanes[l].outcome;
      out.set(Metric::investigations, k, investigated[l][k]);
      out.set(Metric::arrests, k, arrests[l]);
      out.set(Metric::released, k, released[l]);
      out.set(Metric::active, k, s.active[k] + s.backlog[k]);
      out.set(Metric::backlog, k, s.backlog[k]);
      out.set(Metric::in_justice, k, s.justice[k]);
    }
  }
  // 13. Children safeguarded.
  const Counts safeguarded = draw.poisson(kNoClass, DrawStep::safeguarded, safeguard_mean);
  for (std::size_t l = 0; l < L; ++l) {
    State& s = *lanes[l].state;
    lanes[l].outcome->set(Metric::safeguarded, 0, safeguarded[l]);
    lanes[l].outcome->set_level(Metric::capacity, capacity[l]);
    // 14. Deterrence memory.
    s.smoothed_arrests += (static_cast<double>(arrests_total[l]) - s.smoothed_arrests) *
                          lanes[l].params->arrests_smoothing;
  }
}

}  // namespace fundsim
