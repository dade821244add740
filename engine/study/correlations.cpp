// [[correlation]]: rank correlations between uncertain parameters (docs/study-format.md §11).
//
// Each table names parameters and either one `rank` (two parameters) or a `matrix`. A matrix is
// a group of its own; pairs join into groups through shared parameters (undeclared pairs of a
// group count as 0). Every group's target must be a valid Spearman matrix whose normal-score
// correlations are positive definite (check_rank_matrix), which is what the Iman-Conover
// transform needs (docs/model.md §8 "Correlated inputs").
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "study/keys.hpp"
#include "study/sections.hpp"
#include "study/suggest.hpp"
#include "study/uncertain_parameters.hpp"

namespace fundsim::study_detail {

namespace {

// One [[correlation]] table after its own checks.
struct Declaration {
  std::string path;                    // "correlation[2]"
  const Node* table = nullptr;         //
  const Node* members_node = nullptr;  // the `parameters` array
  std::vector<std::size_t> members;    // flat parameter indices, as written
  const Node* target_node = nullptr;   // `rank` or `matrix`
  std::string target_path;             //
  RankMatrix rank;                     // rows in the order of `members`
  bool matrix = false;                 // a matrix (a group of its own) or a pair
};

std::string where(const Declaration& d) {
  return d.path + " (line " + std::to_string(d.table->loc.line) + ")";
}

std::vector<std::string> names_of(const Study& study, const std::vector<std::size_t>& members) {
  std::vector<std::string> names;
  for (std::size_t p : members) names.push_back(study.parameters[p].name);
  return names;
}

// `rank = r` of a pair.
RankMatrix read_rank(const Reader& reader, const Declaration& d, const Study& study) {
  const Node& node = *d.target_node;
  if (d.members.size() != 2)
    reader.fail(node, d.target_path,
                "rank correlates exactly two parameters, not " + std::to_string(d.members.size()) +
                    "; for more, give a matrix: matrix = [[1, r12, ...], [r12, 1, ...], ...]");
  const double r = reader.number(node, d.target_path);
  if (!(r >= -1.0 && r <= 1.0))
    reader.fail(node, d.target_path,
                "a rank correlation must be in [-1, 1], not " + format_number(r));
  if (r == 1.0 || r == -1.0)
    reader.fail(node, d.target_path,
                "a rank correlation of exactly " + format_number(r) +
                    " would make one parameter a function of the other; use a value strictly "
                    "between -1 and 1");
  RankMatrix rank = RankMatrix::identity(2);
  rank(0, 1) = rank(1, 0) = r;
  const RankMatrixCheck check = check_rank_matrix(rank);
  if (!check.ok()) reader.fail(node, d.target_path, check.describe(names_of(study, d.members)));
  return rank;
}

// `matrix = [[...], ...]`, one row and one column per parameter.
RankMatrix read_matrix(const Reader& reader, const Declaration& d, const Study& study) {
  const std::size_t n = d.members.size();
  const Node& rows = reader.array(*d.target_node, d.target_path);
  if (rows.items.size() != n)
    reader.fail(rows, d.target_path,
                "has " + std::to_string(rows.items.size()) + " rows for " + std::to_string(n) +
                    " parameters; the matrix must be square, one row and column per parameter");
  RankMatrix rank{n, std::vector<double>(n * n, 0.0)};
  for (std::size_t i = 0; i < n; ++i) {
    const std::string row_path = index_path(d.target_path, i);
    const Node& row = reader.array(rows.items[i], row_path);
    if (row.items.size() != n)
      reader.fail(row, row_path,
                  "has " + std::to_string(row.items.size()) + " entries for " + std::to_string(n) +
                      " parameters; the matrix must be square, one row and column per parameter");
    for (std::size_t j = 0; j < n; ++j)
      rank(i, j) = reader.number(row.items[j], index_path(row_path, j));
  }
  const RankMatrixCheck check = check_rank_matrix(rank);
  if (check.ok()) return rank;
  const std::string message = check.describe(names_of(study, d.members));
  if (check.fault == RankMatrixFault::not_positive_definite)
    reader.fail(rows, d.target_path, message);
  const std::string row_path = index_path(d.target_path, check.row);
  reader.fail(rows.items[check.row].items[check.column], index_path(row_path, check.column),
              message);
}

Declaration read_declaration(const Reader& reader, const Node& table, const std::string& path,
                             const Study& study) {
  reader.check_keys(table, path, section_keys("correlation"));
  Declaration d;
  d.path = path;
  d.table = &table;
  d.members = read_uncertain_parameters(reader, table, path, study, 2, "correlated");
  d.members_node = table.find("parameters");
  const Node* rank = table.find("rank");
  const Node* matrix = table.find("matrix");
  if (rank && matrix)
    reader.fail(*matrix, child_path(path, "matrix"),
                "give either rank (two parameters) or matrix, not both");
  if (!rank && !matrix)
    reader.fail(table, child_path(path, "rank"),
                "missing the target: rank = r for two parameters, or matrix = [[...], ...]");
  d.matrix = matrix != nullptr;
  d.target_node = d.matrix ? matrix : rank;
  d.target_path = child_path(path, d.matrix ? "matrix" : "rank");
  d.rank = d.matrix ? read_matrix(reader, d, study) : read_rank(reader, d, study);
  return d;
}

// A declared pair repeated, or a parameter of a matrix named in another declaration.
void check_overlaps(const Reader& reader, const std::vector<Declaration>& all, const Study& study) {
  for (std::size_t later = 0; later < all.size(); ++later) {
    const Declaration& d = all[later];
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      const Declaration& e = all[earlier];
      std::vector<std::size_t> shared;
      for (std::size_t p : d.members)
        if (std::find(e.members.begin(), e.members.end(), p) != e.members.end())
          shared.push_back(p);
      if (shared.size() >= 2)
        reader.fail(*d.members_node, child_path(d.path, "parameters"),
                    "the correlation of " + study.parameters[shared[0]].name + " and " +
                        study.parameters[shared[1]].name + " is already declared in " + where(e));
      if (!shared.empty() && (d.matrix || e.matrix))
        reader.fail(*d.members_node, child_path(d.path, "parameters"),
                    "parameter '" + study.parameters[shared[0]].name + "' is already in " +
                        (e.matrix ? "the matrix of " : "") + where(e) +
                        "; a parameter can be in one group only: declare all of its "
                        "correlations in one matrix, or all pair by pair");
    }
  }
}

// Pairs joined by shared parameters (union-find over declarations), each group's target
// checked as a whole: pairs that hold one by one may not hold together.
void check_pair_groups(const Reader& reader, const std::vector<Declaration>& all,
                       const Study& study) {
  std::vector<std::size_t> parent(all.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  const auto root = [&](std::size_t k) {
    while (parent[k] != k) k = parent[k] = parent[parent[k]];
    return k;
  };
  for (std::size_t a = 0; a < all.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (!all[a].matrix && !all[b].matrix)
        for (std::size_t p : all[a].members)
          if (std::find(all[b].members.begin(), all[b].members.end(), p) != all[b].members.end())
            parent[root(a)] = root(b);
  for (std::size_t g = 0; g < all.size(); ++g) {
    if (all[g].matrix || root(g) != g) continue;
    std::vector<std::size_t> in_group, members;
    for (std::size_t k = 0; k < all.size(); ++k) {
      if (all[k].matrix || root(k) != g) continue;
      in_group.push_back(k);
      members.insert(members.end(), all[k].members.begin(), all[k].members.end());
    }
    if (in_group.size() < 2) continue;  // one pair: checked on its own
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    RankMatrix rank = RankMatrix::identity(members.size());
    const auto row = [&](std::size_t p) {
      return static_cast<std::size_t>(std::lower_bound(members.begin(), members.end(), p) -
                                      members.begin());
    };
    std::string tables;
    for (std::size_t k : in_group) {
      const std::size_t i = row(all[k].members[0]), j = row(all[k].members[1]);
      rank(i, j) = rank(j, i) = all[k].rank(0, 1);
      tables += (tables.empty() ? "" : ", ") + all[k].path;
    }
    const RankMatrixCheck check = check_rank_matrix(rank);
    if (check.ok()) continue;
    const Declaration& last = all[in_group.back()];
    reader.fail(
        *last.target_node, last.target_path,
        "the pairs " + tables + " correlate " + join_names(names_of(study, members)) +
            " (pairs not declared count as 0): " + check.describe(names_of(study, members)));
  }
}

}  // namespace

void read_correlations(const Reader& reader, const Node& root, Study& study) {
  const Node* node = root.find("correlation");
  if (!node) return;
  const Node& list = reader.table_array(*node, "correlation");
  std::vector<Declaration> all;
  for (std::size_t i = 0; i < list.items.size(); ++i)
    all.push_back(read_declaration(reader, list.items[i], index_path("correlation", i), study));
  check_overlaps(reader, all, study);
  check_pair_groups(reader, all, study);

  // One target over every correlated parameter: blocks of the declarations, 0 between them.
  InputCorrelation& out = study.correlation;
  for (const Declaration& d : all)
    out.parameters.insert(out.parameters.end(), d.members.begin(), d.members.end());
  std::sort(out.parameters.begin(), out.parameters.end());
  out.parameters.erase(std::unique(out.parameters.begin(), out.parameters.end()),
                       out.parameters.end());
  out.rank = RankMatrix::identity(out.parameters.size());
  const auto row = [&](std::size_t p) {
    return static_cast<std::size_t>(
        std::lower_bound(out.parameters.begin(), out.parameters.end(), p) - out.parameters.begin());
  };
  for (const Declaration& d : all)
    for (std::size_t a = 0; a < d.members.size(); ++a)
      for (std::size_t b = 0; b < d.members.size(); ++b)
        if (a != b) out.rank(row(d.members[a]), row(d.members[b])) = d.rank(a, b);
}

}  // namespace fundsim::study_detail
