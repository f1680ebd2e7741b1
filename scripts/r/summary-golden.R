# Golden values for `chp summary FILE --json`: R's summary(), quantile() type 7 and sd().
# Usage: Rscript scripts/r/summary-golden.R FILE THROUGHPUT_COL RESPONSE_COL [SEP]
#    or: Rscript scripts/r/summary-golden.R --batch LIST
#        (LIST: one file a line, its arguments as above separated by tabs; one JSON line each,
#        so many files cost one R start-up)
# Prints one JSON object with 17 significant digits.
one <- function(v) {
  v <- v[!is.na(v)]
  s <- summary(v)
  q <- quantile(v, c(0.9, 0.95, 0.99, 0.999), names = FALSE)
  vals <- c(n = length(v), min = s[[1]], q1 = s[[2]], median = s[[3]], mean = s[[4]], q3 = s[[5]], max = s[[6]],
            p90 = q[1], p95 = q[2], p99 = q[3], p999 = q[4], sd = sd(v))
  paste0("{", paste(sprintf('"%s": %s', names(vals), ifelse(is.na(vals), "null", sprintf("%.17g", vals))), collapse = ", "), "}")
}
golden <- function(args) {
  sep <- if (length(args) >= 4) args[4] else ","
  if (sep == "tab") sep <- "\t"
  d <- read.csv(args[1], sep = sep, check.names = FALSE)
  sprintf('{"response": %s, "throughput": %s}\n', one(d[[args[3]]]), one(d[[args[2]]]))
}
args <- commandArgs(trailingOnly = TRUE)
if (length(args) == 2 && args[1] == "--batch") {
  for (line in readLines(args[2])) cat(golden(strsplit(line, "\t", fixed = TRUE)[[1]]))
} else {
  cat(golden(args))
}
