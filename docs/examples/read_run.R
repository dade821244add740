# Reading a fundsim run file in R with hdf5r: the three questions of read_run.py, and how R sees
# the arrays.
#
#   Rscript docs/examples/read_run.R FILE.h5 [--metric M] [--scenario S] [--sweep W]
#                                            [--objective O] [--reference R] [--metrics M1,M2]
#
# 0. read_var(): every array with its dimension names and labels (dimnames) taken from the
#    coordinate variables the file attaches to it, and fill values (-1 for counts: "not stored")
#    turned into NA. R lists dimensions in the file's reverse order (docs/output-format.md 5.3):
#    arrests (scenario, replicate, month, class) arrives as [class, month, replicate, scenario].
# 1. The paired difference of METRIC (class total) between SCENARIO and the baseline per month:
#    mean and 5%, 50%, 95% quantiles over replicates (a 90% band).
# 2. The best split of the sweep SWEEP by OBJECTIVE's risk measure (objective_score).
# 3. P(that split beats REFERENCE), paired by replicate, ties half: from the per-replicate
#    objective values and the per-replicate totals NAME_horizon_total.
# Defaults as in read_run.py. quantile(type = 1) is the inverted CDF, the engine's rule. Parts 1-3
# print the same lines as read_run.py. Needs r-cran-hdf5r (Debian) and a full file.
suppressPackageStartupMessages(library(hdf5r))

argv <- commandArgs(trailingOnly = TRUE)
if (length(argv) < 1 || length(argv) %% 2 != 1) stop("usage: read_run.R FILE.h5 [--option value]...")
opt <- list(metric = "contact_abuse", metrics = "contact_abuse,arrests,safeguarded")
for (i in seq_len((length(argv) - 1) / 2)) opt[[sub("^--", "", argv[2 * i])]] <- argv[2 * i + 1]

f <- h5file(argv[1], mode = "r")

# An array with named dimensions, labelled by the coordinate variables, fill values as NA.
read_var <- function(name) {
  d <- f[[name]]
  x <- d$read(drop = FALSE)   # keep dimensions of length 1 (e.g. a study with one objective)
  attrs <- h5attr_names(d)
  if ("_FillValue" %in% attrs) {
    fill <- h5attr(d, "_FillValue")
    if (!is.na(fill)) x[!is.na(x) & x == fill] <- NA  # a NaN fill already reads as NA in R
  }
  if ("DIMENSION_LIST" %in% attrs) {
    # One reference per dimension, in the file's order, to its coordinate variable.
    dims <- vapply(h5attr(d, "DIMENSION_LIST"), function(ref) {
      coordinate <- ref$dereference(obj = f)[[1]]
      on.exit(coordinate$close())
      sub("^/", "", coordinate$get_obj_name())
    }, "")
    dims <- rev(dims)  # R's order
    labels <- setNames(lapply(dims, function(n) as.character(f[[n]]$read())), dims)
    if (is.null(dim(x))) names(x) <- labels[[1]] else dimnames(x) <- labels
  }
  x
}

baseline <- h5attr(f, "baseline")
scenarios <- f[["scenario"]]$read()
sweep_of <- setNames(f[["sweep"]]$read(), scenarios)
named <- scenarios[sweep_of == ""]
scenario <- if (is.null(opt$scenario)) setdiff(named, baseline)[1] else opt$scenario
reference <- if (is.null(opt$reference)) scenario else opt$reference
sweep <- if (is.null(opt$sweep)) sweep_of[sweep_of != ""][1] else opt$sweep
objectives <- f[["objective"]]$read()
objective <- if (is.null(opt$objective)) objectives[1] else opt$objective
if (!f$exists("replicate")) stop("a --summary-only file has no per-replicate values; run without it")

x <- read_var(opt$metric)   # [class, month, replicate, scenario]
nrep <- dim(x)[3]
cat(sprintf("file: %s - study '%s', %d replicates, baseline '%s'\n", argv[1], h5attr(f, "study_name"),
            nrep, baseline))
cat(sprintf("\n0. %s as R reads it: %s (the file's order reversed)\n", opt$metric,
            paste(names(dimnames(x)), dim(x), collapse = " x ")))
stored <- read_var("replicates_stored")
cat(sprintf("   NA (not stored: %d scenarios without per-replicate arrays): %d of %d values\n",
            sum(stored == 0), sum(is.na(x)), length(x)))

# 1. Class totals per replicate and month, then the paired difference.
if (stored[scenario] != 1) stop(scenario, ": no per-replicate arrays stored (a sweep point)")
diff <- colSums(x[, , , scenario]) - colSums(x[, , , baseline])   # [month, replicate]
band <- apply(diff, 1, quantile, probs = c(0.05, 0.5, 0.95), type = 1, names = FALSE)  # [3, month]
dates <- f[["date"]]$read()
cat(sprintf("\n1. %s: %s - %s per month, class total, paired by replicate\n", opt$metric, scenario, baseline))
cat(sprintf("   mean, and 5%%, 50%%, 95%% quantiles over %d replicates (a 90%% band); units: %s\n", nrep,
            h5attr(f[[opt$metric]], "units")))
cat(sprintf("   %5s  %-7s  %9s  %7s  %7s  %7s\n", "month", "date", "mean", "p5", "median", "p95"))
m <- rowMeans(diff)
for (t in seq_along(dates))
  cat(sprintf("   %5d  %-7s  %9.1f  %7.0f  %7.0f  %7.0f\n", t - 1L, dates[t], m[t], band[1, t], band[2, t],
              band[3, t]))

# 2. The best split by the objective's score.
points <- scenarios[sweep_of == sweep]
meta <- function(v) setNames(f[[v]]$read(), objectives)[[objective]]
direction <- meta("objective_direction"); risk <- meta("objective_risk"); units <- meta("objective_units")
score <- read_var("objective_score")[points, objective]   # file (objective, scenario) -> [scenario, objective]
higher <- startsWith(risk, "p_beat") || direction == "maximise"   # a p_beat score: higher is better
best <- points[if (higher) which.max(score) else which.min(score)]
num <- function(v) formatC(v, format = "f", digits = 1, big.mark = ",")
cat(sprintf("\n2. best split of sweep '%s' (%d points) by objective '%s': %s %s, risk measure %s\n", sweep,
            length(points), objective, direction, meta("objective_definition"), risk))
cat(sprintf("   best: %s\n", best))
cat(sprintf("   score %s %s; mean %s (se %s)\n", num(score[best]), units,
            num(read_var("objective_mean")[best, objective]), num(read_var("objective_se")[best, objective])))
share <- read_var("share")[, best]   # file (scenario, lever) -> [lever, scenario]
cat("   shares: ", paste(names(share), sprintf("%g", share), collapse = ", "), "\n", sep = "")

# 3. P(best beats the reference), paired by replicate; ties count half.
p_beat <- function(a, b, higher_is_better) {
  d <- if (higher_is_better) a - b else b - a
  wins <- sum(d > 0); ties <- sum(d == 0)
  sprintf("%.4f (better in %d, tied in %d)", (wins + 0.5 * ties) / length(d), wins, ties)
}
cat(sprintf("\n3. P(%s beats %s), paired over %d replicates, ties count half\n", best, reference, nrep))
value <- read_var("objective_value")   # file (objective, scenario, replicate) -> [replicate, scenario, objective]
cat(sprintf("   objective %s (%s): %s\n", objective, direction,
            p_beat(value[, best, objective], value[, reference, objective], direction == "maximise")))
for (metric in strsplit(opt$metrics, ",")[[1]]) {
  total <- read_var(paste0(metric, "_horizon_total"))   # [replicate, scenario]
  better <- h5attr(f[[paste0(metric, "_diff_horizon_mean")]], "better")
  if (better == "none") next
  cat(sprintf("   %s over the horizon (%s is better): %s\n", metric, better,
              p_beat(total[, best], total[, reference], better == "higher")))
}
f$close_all()
