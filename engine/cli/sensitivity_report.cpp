#include "cli/sensitivity_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>

#include "cli/table.hpp"
#include "support/name_list.hpp"

namespace fundsim::cli {

namespace {

// The index that ranks the drivers, and whether by absolute value.
std::pair<const char*, bool> ranking(SensitivityMethod m) {
  switch (m) {
    case SensitivityMethod::prcc:
      return {"prcc", true};
    case SensitivityMethod::morris:
      return {"mu_star", false};
    case SensitivityMethod::sobol:
      return {"ST", false};
  }
  return {"", false};
}

std::string interval_text(double lower, double upper, int decimals) {
  return "[" + pretty(lower, decimals) + ", " + pretty(upper, decimals) + "]";
}

// A share: three decimals, or two significant digits below 0.01 (noise shares are often tiny).
std::string noise_share_text(double v) {
  if (!std::isfinite(v) || std::abs(v) >= 0.01) return pretty(v, 3);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", v);
  return buf;
}

int decimals_for(double scale) {
  if (!(scale > 0) || !std::isfinite(scale)) return 3;
  return std::clamp(2 - static_cast<int>(std::floor(std::log10(scale))), 0, 3);
}

}  // namespace

void print_sensitivity_table(std::ostream& out, const Study& study, const SensitivityResults& r,
                             const SensitivityReport& c) {
  const std::size_t period = c.period;
  const SensitivityAxes& axes = r.axes;
  const std::size_t D = r.factors();
  const auto [key, absolute] = ranking(r.method);
  const IndexValues& rank_by = *r.index(key);
  const OutputValues* noise = r.output("noise_share");
  const char* titles[] = {"PRCC", "Morris elementary effects", "Sobol' indices"};
  out << titles[static_cast<int>(r.method)] << " of study '" << study.name << "' ("
      << (c.from_run ? c.input + ", " + std::to_string(r.samples) + " replicates"
                     : std::to_string(r.samples) + " " +
                           (r.method == SensitivityMethod::prcc     ? "rows"
                            : r.method == SensitivityMethod::morris ? "trajectories"
                                                                    : "base rows") +
                           ", " + pretty(static_cast<double>(r.evaluations), 0) +
                           " model runs in " + pretty(r.seconds, 1) + " s")
      << "): " << axes.periods[period].label << ", top " << c.top << " of " << D
      << " uncertain parameters by " << (absolute ? "|PRCC|" : key) << "; intervals "
      << pretty(100 * r.confidence, 0) << "%\n";
  if (!c.posterior.empty()) {
    out << (c.from_run ? "The run drew its calibrated parameters from the posterior " + c.posterior
                       : "Over their posterior marginals in " + c.posterior + ": " +
                             list_names(c.calibrated) + "; the others over their priors")
        << "\n";
  }
  for (std::size_t t = 0; t < axes.targets.size(); ++t) {
    for (std::size_t q = 0; q < axes.quantities.size(); ++q) {
      const std::size_t o = axes.output(t, q, period);
      out << "\n" << axes.targets[t].label << ": " << axes.quantities[q].label;
      if (noise) {
        out << " (noise share " << noise_share_text(noise->value[o]) << " ["
            << noise_share_text(noise->lower[o]) << ", " << noise_share_text(noise->upper[o])
            << "])";
      }
      out << '\n';
      if (std::isnan(rank_by.value[o * D])) {
        bool all_nan = true;
        for (std::size_t j = 0; j < D; ++j)
          all_nan = all_nan && std::isnan(rank_by.value[o * D + j]);
        if (all_nan) {
          out << "  constant: no indices\n";
          continue;
        }
      }
      std::vector<std::size_t> order(D);
      std::iota(order.begin(), order.end(), std::size_t{0});
      auto score = [&](std::size_t j) {
        const double v = rank_by.value[o * D + j];
        return std::isnan(v) ? -1.0 : absolute ? std::abs(v) : v;
      };
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return score(a) > score(b); });
      Table table;
      const auto cell = [&](const char* name, std::size_t j, int decimals) {
        const IndexValues& v = *r.index(name);
        return signed_pretty(v.value[o * D + j], decimals);
      };
      const auto ci = [&](const char* name, std::size_t j, int decimals) {
        const IndexValues& v = *r.index(name);
        return interval_text(v.lower[o * D + j], v.upper[o * D + j], decimals);
      };
      switch (r.method) {
        case SensitivityMethod::prcc:
          table.header = {"rank", "parameter", "PRCC", "interval", "p-value"};
          break;
        case SensitivityMethod::morris:
          table.header = {"rank", "parameter", "mu*", "interval", "mu", "sigma"};
          break;
        case SensitivityMethod::sobol:
          table.header = {"rank", "parameter", "ST", "interval", "S1", "interval"};
          break;
      }
      const int morris_decimals =
          decimals_for(r.index("mu_star") ? r.index("mu_star")->value[o * D + order[0]] : 1);
      for (std::size_t k = 0; k < std::min<std::size_t>(c.top, D); ++k) {
        const std::size_t j = order[k];
        std::vector<std::string> row = {std::to_string(k + 1), axes.factor_names[j]};
        switch (r.method) {
          case SensitivityMethod::prcc: {
            const double p = r.index("p_value")->value[o * D + j];
            char buf[32];
            std::snprintf(buf, sizeof buf, p == 0 ? "<1e-300" : p < 1e-4 ? "%.1e" : "%.4f", p);
            row.insert(row.end(), {cell("prcc", j, 3), ci("prcc", j, 3), buf});
            break;
          }
          case SensitivityMethod::morris:
            row.insert(row.end(),
                       {pretty(r.index("mu_star")->value[o * D + j], morris_decimals),
                        ci("mu_star", j, morris_decimals), cell("mu", j, morris_decimals),
                        pretty(r.index("sigma")->value[o * D + j], morris_decimals)});
            break;
          case SensitivityMethod::sobol:
            row.insert(row.end(), {pretty(r.index("ST")->value[o * D + j], 3), ci("ST", j, 3),
                                   cell("S1", j, 3), ci("S1", j, 3)});
            break;
        }
        table.rows.push_back(std::move(row));
      }
      table.print(out, false);
    }
  }
}

namespace {

nlohmann::ordered_json interval_json(double lower, double upper) {
  return nlohmann::ordered_json::array({json_value(lower), json_value(upper)});
}

}  // namespace

void print_sensitivity_json(std::ostream& out, const Study& study, const SensitivityResults& r,
                            const SensitivityReport& c) {
  const SensitivityAxes& axes = r.axes;
  const std::size_t D = r.factors();
  nlohmann::ordered_json doc;
  doc["method"] = method_name(r.method);
  doc["study"] = study.name;
  doc["source"] = c.from_run ? c.input : "study";
  doc["samples"] = r.samples;
  doc["rows"] = r.rows;
  doc["evaluations"] = r.evaluations;
  doc["seed"] = std::to_string(r.seed);
  doc["confidence"] = r.confidence;
  doc["reference"] = study.scenarios[axes.reference].name;
  doc["seconds"] = r.seconds;
  doc["parameters"] = axes.factor_names;
  if (!c.posterior.empty()) {
    doc["posterior"] = c.posterior;
    if (!c.from_run) doc["posterior_marginals"] = c.calibrated;
  }
  std::vector<const char*> names;
  switch (r.method) {
    case SensitivityMethod::prcc:
      names = {"prcc"};
      break;
    case SensitivityMethod::morris:
      names = {"mu_star", "sigma"};
      break;
    case SensitivityMethod::sobol:
      names = {"S1", "ST"};
      break;
  }
  nlohmann::ordered_json indices = nlohmann::ordered_json::array();
  for (std::size_t t = 0; t < axes.targets.size(); ++t) {
    for (std::size_t q = 0; q < axes.quantities.size(); ++q) {
      for (std::size_t p = 0; p < axes.periods.size(); ++p) {
        const std::size_t o = axes.output(t, q, p);
        for (std::size_t j = 0; j < D; ++j) {
          for (const char* name : names) {
            const IndexValues& v = *r.index(name);
            const std::size_t at = o * D + j;
            nlohmann::ordered_json entry = {{"parameter", axes.factor_names[j]},
                                            {"scenario", axes.targets[t].label},
                                            {"metric", axes.quantities[q].label},
                                            {"period", axes.periods[p].label}};
            if (r.method != SensitivityMethod::prcc) entry["index"] = name;
            entry["value"] = json_value(v.value[at]);
            entry["ci"] = v.has_interval ? interval_json(v.lower[at], v.upper[at])
                                         : nlohmann::ordered_json(nullptr);
            if (r.method == SensitivityMethod::prcc)
              entry["p_value"] = json_value(r.index("p_value")->value[at]);
            indices.push_back(std::move(entry));
          }
        }
      }
    }
  }
  doc["indices"] = std::move(indices);
  nlohmann::ordered_json noise = nlohmann::ordered_json::array();
  if (const OutputValues* share = r.output("noise_share")) {
    for (std::size_t t = 0; t < axes.targets.size(); ++t) {
      for (std::size_t q = 0; q < axes.quantities.size(); ++q) {
        for (std::size_t p = 0; p < axes.periods.size(); ++p) {
          const std::size_t o = axes.output(t, q, p);
          noise.push_back({{"scenario", axes.targets[t].label},
                           {"metric", axes.quantities[q].label},
                           {"period", axes.periods[p].label},
                           {"value", json_value(share->value[o])},
                           {"ci", interval_json(share->lower[o], share->upper[o])}});
        }
      }
    }
  }
  doc["noise_share"] = std::move(noise);
  out << doc.dump(1) << '\n';
}

}  // namespace fundsim::cli
