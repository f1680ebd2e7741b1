# Golden values for `chp analyze FILE`: the headroom analysis as R's chp() does it.
# Usage: Rscript scripts/r/headroom-golden.R FILE THROUGHPUT_COL RESPONSE_COL [Q] [QX]
#    or: Rscript scripts/r/headroom-golden.R --batch LIST
#        (LIST: one case a line, its arguments as above separated by tabs; prints one JSON line
#        per case, {"error": "..."} where R stops, so many cases cost one R start-up)
# Prints JSON (17 significant digits): rows, kept, hist breaks/counts of both, the max staircase
# and the coefficients of glm(y ~ x, family = inverse.gaussian, weights = x) (null if R fails).
golden <- function(args) {
  q <- if (length(args) >= 4) as.numeric(args[4]) else 0.95
  qx <- length(args) >= 5 && args[5] == "qx"
  d <- read.csv(args[1], check.names = FALSE)
  x <- d[[args[2]]]; y <- d[[args[3]]]
  ok <- !is.na(x) & !is.na(y) & x != 0 & y != 0
  x <- x[ok]; y <- y[ok]
  if (q < 1) {
    keep <- y < quantile(y, q)
    if (qx) keep <- keep & x < quantile(x, q)
    x <- x[keep]; y <- y[keep]
  }
  hx <- hist(x, plot = FALSE); hy <- hist(y, plot = FALSE)
  b <- hx$breaks
  mx <- sapply(seq_len(length(b) - 1), function(i) {
    inbin <- if (i == 1) x >= b[1] & x <= b[2] else x > b[i] & x <= b[i + 1]
    if (any(inbin)) max(y[inbin]) else NA
  })
  fit <- tryCatch({
    f <- suppressWarnings(glm(y ~ x, family = inverse.gaussian, weights = x))
    if (f$converged) c(coef(f), f$deviance, f$iter) else NULL
  }, error = function(e) NULL)
  num <- function(v) paste0("[", paste(ifelse(is.na(v), "null", sprintf("%.17g", v)), collapse = ", "), "]")
  sprintf('{"rows": %d, "kept": %d, "throughputHist": {"breaks": %s, "counts": %s}, "responseHist": {"breaks": %s, "counts": %s}, "maxCurve": %s, "fit": %s}\n',
    nrow(d), length(x), num(hx$breaks), num(hx$counts), num(hy$breaks), num(hy$counts), num(mx),
    if (is.null(fit)) "null" else sprintf('{"intercept": %.17g, "slope": %.17g, "deviance": %.17g, "iterations": %d}', fit[1], fit[2], fit[3], as.integer(fit[4])))
}
args <- commandArgs(trailingOnly = TRUE)
if (length(args) == 2 && args[1] == "--batch") {
  for (line in readLines(args[2])) {
    cat(tryCatch(golden(strsplit(line, "\t", fixed = TRUE)[[1]]), error = function(e) {
      sprintf('{"error": "%s"}\n', gsub('["\\\\[:cntrl:]]', " ", conditionMessage(e)))
    }))
  }
} else {
  cat(golden(args))
}
