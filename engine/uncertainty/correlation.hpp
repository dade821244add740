#pragma once
// Rank correlations between uncertain parameters, imposed by the Iman-Conover method
// (Iman & Conover 1982, Communications in Statistics B 11:311-334) on fixed blocks of
// replicates.
//
// Iman-Conover needs a whole sample at once, but the engine computes every replicate on its
// own. So the replicates are cut into fixed consecutive blocks (correlation_block), and within
// one block the values of the correlated parameters are reordered among the block's rows
// (impose_rank_correlation). The reordering depends only on (seed, block index, the block's
// values, the target), so any thread, shard or MPI rank that needs one replicate can
// recompute its block and gets bitwise the same numbers. Each column is only permuted, so every
// column keeps its multiset of values: the marginals (and a Latin hypercube's strata) are kept
// exactly.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace fundsim {

// A square matrix of target Spearman rank correlations for a group of parameters.
struct RankMatrix {
  std::size_t size = 0;
  std::vector<double> entries;  // size * size, row by row

  static RankMatrix identity(std::size_t size);
  double operator()(std::size_t row, std::size_t column) const {
    return entries[row * size + column];
  }
  double& operator()(std::size_t row, std::size_t column) { return entries[row * size + column]; }
};

// What is wrong with a target matrix, in the order check_rank_matrix looks for it.
enum class RankMatrixFault {
  none,
  wrong_shape,            // entries.size() != size * size
  not_finite,             // an entry is NaN or infinite
  diagonal_not_one,       // a diagonal entry differs from 1
  out_of_range,           // an off-diagonal entry outside [-1, 1]
  asymmetric,             // entry (row, column) != entry (column, row)
  not_positive_definite,  // the normal-score correlation matrix is not positive definite
};

struct RankMatrixCheck {
  RankMatrixFault fault = RankMatrixFault::none;
  std::size_t row = 0;     // the offending entry (entry faults; for asymmetric, row > column)
  std::size_t column = 0;  //
  double value = 0.0;      // that entry; for not_positive_definite the smallest eigenvalue

  bool ok() const { return fault == RankMatrixFault::none; }
  // One sentence for a message, e.g. "the rank correlation of A and B is 1.3, outside [-1, 1]".
  // `names` (one per row, optional) replace the row and column numbers.
  std::string describe(std::span<const std::string> names = {}) const;
};

// The smallest eigenvalue the normal-score correlation matrix must exceed. Below it the target
// is singular in all but rounding (e.g. a rank correlation of exactly +-1), and the Cholesky
// factor the transform needs would be meaningless.
inline constexpr double kMinNormalScoreEigenvalue = 1e-8;

// Checks a target: square, finite, unit diagonal, off-diagonals in [-1, 1], symmetric
// (exactly), and the matrix of normal_score_correlation(entries) has its smallest eigenvalue
// above kMinNormalScoreEigenvalue. Reports the first fault found (entries row by row).
RankMatrixCheck check_rank_matrix(const RankMatrix& rank);

// The Pearson correlation of a bivariate normal whose Spearman rank correlation is `rank`:
// 2 sin(pi rank / 6) (Pearson 1907; Kruskal 1958, JASA 53:814-861). The Iman-Conover scores
// are normal, so this is the correlation they must be given for the ranks to come out at
// `rank`. Maps [-1, 1] onto [-1, 1], 0 to 0 and +-1 to +-1.
double normal_score_correlation(double rank);

// One pairwise declaration: `[[correlation]] parameters = [first, second] rank = 0.7`.
struct RankPair {
  std::string first;
  std::string second;
  double rank = 0.0;
};

enum class RankPairFault {
  none,
  unknown_parameter,  // `name` is not among the parameters
  same_parameter,     // both names are the same parameter
  repeated_pair,      // the pair was already declared by pairs[earlier] (in either order)
  out_of_range,       // rank is not finite or outside [-1, 1]
};

struct RankGroup {
  RankPairFault fault = RankPairFault::none;
  std::size_t pair = 0;     // the offending declaration (index into pairs)
  std::size_t earlier = 0;  // repeated_pair: the first declaration of that pair
  std::string name;         // unknown_parameter: the name not found

  // When fault == none: the parameters named by some pair, as indices into `parameters` in
  // ascending order, and their target (rows in the order of `members`, unspecified pairs 0).
  // The target still needs check_rank_matrix (positive definiteness).
  std::vector<std::size_t> members;
  RankMatrix target;

  bool ok() const { return fault == RankPairFault::none; }
};

// Builds the group and its target from pairwise declarations. `parameters` are the names that
// may be correlated (the study's uncertain parameters, in their flat order). Reports the first
// faulty declaration.
RankGroup rank_group_from_pairs(std::span<const std::string> parameters,
                                std::span<const RankPair> pairs);

// A checked target, with the Cholesky factor of its normal-score correlation computed once.
class RankCorrelationTarget {
 public:
  // Throws std::invalid_argument (with check_rank_matrix's description) if the check fails:
  // the study reader validates first, so a failure here is a programming error.
  explicit RankCorrelationTarget(const RankMatrix& rank);

  std::size_t size() const { return rank_.size; }
  const RankMatrix& rank() const { return rank_; }
  // Lower-triangular P with P P^T = the normal-score correlation matrix, row by row.
  const std::vector<double>& cholesky() const { return cholesky_; }

 private:
  RankMatrix rank_;
  std::vector<double> cholesky_;
};

// Reorders the rows of each column of one block so that the columns' Spearman rank
// correlations approach the target (Iman & Conover 1982):
//  1. van der Waerden scores a_i = Phi^-1(i / (n + 1)), i = 1..n (van der Waerden 1952);
//  2. column j of X is a random permutation of the scores, drawn (Fisher-Yates) from
//     Stream(StreamKey{seed, block_index}, Domain::parameters, kRankCorrelationSite + j);
//  3. T = X (Q^-1)^T P^T, with Q Q^T the sample correlation of X and P P^T the target's
//     normal-score correlation, so that T's sample correlation is exactly P P^T;
//  4. output column j = input column j rearranged to have the ranks of T's column j (the row
//     with the i-th smallest T gets the i-th smallest input value).
// `block` is n = rows rows by target.size() columns, column by column (column j is
// block[j * rows, (j + 1) * rows)); rows are replicates in order. The values may be anything
// but NaN (uniforms in (0,1), or the parameter values themselves: a quantile function is
// monotone, so it keeps ranks). Each output column is a permutation of the input column.
//
// The result depends on the input only through each column's sorted values, and is bitwise
// reproducible: fixed-order sums, no threads, no global state.
//
// Small blocks: n = 0 or 1 returns the block unchanged (one row has no rank correlation).
// When the scores' sample correlation is singular (always when n <= number of columns, e.g.
// n = 2; by chance for tiny n) step 3 leaves out the factor (Q^-1)^T, i.e. falls back to
// Iman-Conover without the correction for the scores' own correlation: the target is then only
// approached loosely, and with n = 2 each pair's rank correlation is necessarily +1 or -1.
//
// Throws std::invalid_argument if block.size() != rows * target.size() or a value is NaN.
std::vector<double> impose_rank_correlation(std::span<const double> block, std::size_t rows,
                                            const RankCorrelationTarget& target, std::uint64_t seed,
                                            std::uint64_t block_index);

// Draw sites of the score permutations: column j uses site kRankCorrelationSite + j of
// Domain::parameters, keyed by (seed, block index). The parameter streams use sites 0, 1, ...
// (one per parameter, keyed by (seed, replicate)), so the two never meet.
inline constexpr std::uint64_t kRankCorrelationSite = std::uint64_t{1} << 63;

// Default number of replicates per block: large enough for sample rank correlations within
// about 0.005 (one sd) of their targets, small enough to recompute in a few milliseconds
// (4,096 x 5: 2.5 ms on the shared development machine, mostly the 2k sorts of n values).
inline constexpr std::uint64_t kCorrelationBlockRows = 4096;

// Replicates [first, first + count) form block `index`.
struct ReplicateBlock {
  std::uint64_t index = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

// The block holding `replicate` in a run of `replicates` (replicate < replicates, block_rows
// >= 1, else std::invalid_argument). Blocks are consecutive runs of block_rows replicates; the
// remainder replicates % block_rows joins the last full block instead of forming a short one
// (a short tail block would impose the correlation poorly), so every block holds between
// block_rows and 2 block_rows - 1 replicates, except when replicates < block_rows (one block).
ReplicateBlock correlation_block(std::uint64_t replicate, std::uint64_t replicates,
                                 std::uint64_t block_rows = kCorrelationBlockRows);

}  // namespace fundsim
