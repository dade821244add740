#include "study/value.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "study/suggest.hpp"

namespace fundsim::study_detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<std::string> dist_names() {
  std::vector<std::string> names;
  for (const DistributionKind& k : distribution_kinds()) names.emplace_back(k.name);
  return names;
}

Distribution read_distribution(const Reader& reader, const Node& table, std::string_view path) {
  const std::string dist_path = child_path(path, "dist");
  const Node* dist_node = table.find("dist");
  if (!dist_node)
    reader.fail(table, dist_path,
                "missing required key 'dist': a parameter is a number or a distribution table "
                "with dist = one of " +
                    join_names(dist_names(), true));
  const std::string& dist_name = reader.string(*dist_node, dist_path);
  const DistributionKind* schema = nullptr;
  for (const DistributionKind& k : distribution_kinds())
    if (dist_name == k.name) schema = &k;
  if (!schema) {
    const std::string suggestion = did_you_mean(dist_name, dist_names());
    reader.fail(*dist_node, dist_path,
                "unknown distribution '" + dist_name + "'" +
                    (suggestion.empty() ? ";" : suggestion) +
                    " allowed: " + join_names(dist_names(), true));
  }

  std::vector<std::string> allowed = {"dist"};
  allowed.insert(allowed.end(), schema->required.begin(), schema->required.end());
  allowed.insert(allowed.end(), schema->optional.begin(), schema->optional.end());
  allowed.emplace_back("clamp");
  reader.check_keys(table, path, allowed);

  Distribution d;
  d.kind = schema->kind;
  double* slots[] = {&d.a, &d.b, &d.c};
  for (std::size_t i = 0; i < schema->required.size(); ++i) {
    const std::string& field = schema->required[i];
    const std::string field_path = child_path(path, field);
    *slots[i] = reader.number(reader.require(table, path, field), field_path);
  }
  if (schema->kind == DistKind::normal) {
    if (const Node* lo = table.find("lo")) d.lo = reader.number(*lo, child_path(path, "lo"));
    if (const Node* hi = table.find("hi")) d.hi = reader.number(*hi, child_path(path, "hi"));
  }
  if (const Node* clamp = table.find("clamp"))
    d.clamp = reader.boolean(*clamp, child_path(path, "clamp"));

  const std::string problem = check_distribution(d);
  if (!problem.empty()) reader.fail(table, path, problem);  // names the distribution and field
  return d;
}

// Continuous distributions never produce their support's end points, so a support
// [0, inf) is fine for a range (0, inf): only values strictly beyond a bound count.
void check_support(const Reader& reader, const Node& node, std::string_view path,
                   const Distribution& d, const ValidRange& range) {
  const double smin = d.support_min();
  const double smax = d.support_max();
  const bool lo_bounded = std::isfinite(range.lo);
  const bool hi_bounded = std::isfinite(range.hi);
  const std::string where = "valid range is " + describe_range(range);
  if (smin == smax && !range.contains(smin)) {  // a point mass, e.g. uniform(min=0, max=0)
    reader.fail(
        node, path,
        d.describe() + " always produces " + format_number(smin) + ", outside the " + where);
  }
  if (d.clamp) {
    const bool outside = (lo_bounded && smax <= range.lo) || (hi_bounded && smin >= range.hi);
    if (outside)
      reader.fail(node, path,
                  d.describe() + " lies entirely outside the valid range " + describe_range(range) +
                      "; clamping would replace every draw by a bound");
    return;
  }
  const bool below = lo_bounded && smin < range.lo;
  const bool above = hi_bounded && smax > range.hi;
  if (!below && !above) return;
  std::string what;
  if (below) what = "below " + format_number(range.lo);
  if (above) what += std::string(below ? " and " : "") + "above " + format_number(range.hi);
  reader.fail(node, path,
              d.describe() + " can produce values " + what + "; " + where +
                  "; narrow the distribution or add clamp = true");
}

}  // namespace

Distribution read_parameter_value(const Reader& reader, const Node& node, std::string_view path,
                                  const ValidRange& range) {
  if (node.is_number()) {
    const double v = reader.number(node, path);
    if (!range.contains(v))
      reader.fail(node, path,
                  format_number(v) + " is outside the valid range " + describe_range(range));
    if (range.integer && v != std::floor(v))
      reader.fail(node, path, "must be a whole number, not " + format_number(v));
    return Distribution::fixed_value(v);
  }
  if (node.is_table()) {
    Distribution d = read_distribution(reader, node, path);
    check_support(reader, node, path, d, range);
    return d;
  }
  reader.fail(node, path,
              std::string("must be a number or a distribution table such as "
                          "{ dist = \"uniform\", min = 0, max = 1 }, not ") +
                  describe_type(node.type));
}

ParameterDecl read_parameter(const Reader& reader, const Node& node, std::string_view path,
                             std::string name, const ValidRange& range) {
  ParameterDecl decl;
  decl.name = std::move(name);
  decl.dist = read_parameter_value(reader, node, path, range);
  decl.range = range;
  decl.line = node.loc.line;
  decl.column = node.loc.column;
  return decl;
}

std::string describe_range(const ValidRange& range) {
  const double lo = range.lo, hi = range.hi;
  const bool lo_open = range.lo_open, hi_open = range.hi_open, integer = range.integer;
  const bool lo_inf = std::isinf(lo) && lo < 0;
  const bool hi_inf = std::isinf(hi) && hi > 0;
  if (integer) {
    if (hi_inf && !lo_inf)
      return std::string("integer ") + (lo_open ? "> " : ">= ") + format_number(lo);
    if (lo_inf && !hi_inf)
      return std::string("integer ") + (hi_open ? "< " : "<= ") + format_number(hi);
    if (lo_inf && hi_inf) return "integer";
  }
  std::string s = integer ? "integer in " : "";
  s += (lo_open || lo_inf) ? "(" : "[";
  s += format_number(lo) + ", " + format_number(hi);
  s += (hi_open || hi_inf) ? ")" : "]";
  return s;
}

}  // namespace fundsim::study_detail
