# Prints variables of a fundsim file as R's hdf5r reads them (helpers/readers.py compares them).
# Usage: Rscript read_with_hdf5r.R FILE.h5 OUT_DIR VAR1,VAR2,...
# OUT_DIR/VAR.txt: "shape D1 D2 ..." (R's dim: the file's order reversed), then every value in
# as.vector() order (first index fastest = the file's C order), floats with 17 significant digits.
# OUT_DIR/elements.txt: single elements by R index, for the index mapping of output-format.md 5.3.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(hdf5r))
f <- h5file(args[1], mode = "r")
fmt <- function(v) if (is.character(v)) v else if (is.integer(v)) as.character(v) else sprintf("%.17g", v)
for (name in strsplit(args[3], ",")[[1]]) {
  v <- f[[name]]$read()
  d <- if (is.null(dim(v))) length(v) else dim(v)
  writeLines(c(paste("shape", paste(d, collapse = " ")), fmt(as.vector(v))),
             file.path(args[2], paste0(name, ".txt")), useBytes = TRUE)
}
# Distinct indices, so that a transposition shows: h5py a[0, 3, 2, 1] (scenario 0, replicate 3,
# month 2, class 1) is R x[2, 3, 4, 1]; h5py parameters[7, 4] is R p[5, 8].
x <- f[["arrests"]]$read()
p <- f[["parameters"]]$read()
writeLines(c(as.character(x[2, 3, 4, 1]), sprintf("%.17g", p[5, 8]),
             paste(dim(aperm(x)), collapse = " ")), file.path(args[2], "elements.txt"))
f$close_all()
