# Golden values for test/stats/glm-inverse-gaussian.test.ts:
#   Rscript scripts/r/glm-inverse-gaussian-golden.R
# For every case it prints R's glm(y ~ x, family = inverse.gaussian, weights = x)
# (or the error R stops with) and, independently, the minimum of the same
# weighted deviance found by nlminb (PORT quasi-Newton, analytic gradient),
# parametrised by u = log eta(min x), v = log eta(max x) so that
# eta = b0 + b1 x > 0 at every row, then optim(BFGS), then polished by Newton
# steps on the score in (u, v) with the analytic Hessian (the deviance is flat
# to rounding near its minimum, so function-value tests alone stop short).

cases <- list(
  # classic headroom curve: flat, then rising to a knee, y ~ 1/sqrt(4 - 0.0038 x) with noise
  headroom = list(x = seq(50, 1000, by = 50),
    y = c(0.5487, 0.5110, 0.5498, 0.5734, 0.5843, 0.5882, 0.6600, 0.6320, 0.7310, 0.6879, 0.7724, 0.8548, 0.7542, 0.8519, 0.9263, 1.0540, 1.1240, 1.1500, 1.4170, 2.3890)),
  # exact curve y = 1/sqrt(4 - 0.004 x)
  exact = list(x = seq(100, 900, by = 100), y = 1 / sqrt(4 - 0.004 * seq(100, 900, by = 100))),
  linear = list(x = seq(10, 200, by = 10),
    y = c(0.01139, 0.01044, 0.01566, 0.02043, 0.02379, 0.02114, 0.02349, 0.02247, 0.02892, 0.02872, 0.03291, 0.03541, 0.03807, 0.03678, 0.04101, 0.03857, 0.04243, 0.04430, 0.04317, 0.05007)),
  constant = list(x = seq(10, 200, by = 10),
    y = c(0.05002, 0.04996, 0.05008, 0.04993, 0.04986, 0.05004, 0.04992, 0.05014, 0.04996, 0.05007, 0.05003, 0.04992, 0.05016, 0.05006, 0.05001, 0.05003, 0.05007, 0.05001, 0.04970, 0.05003)),
  noisy = list(
    x = c(179.00, 205.90, 287.20, 295.20, 360.10, 198.10, 459.70, 481.30, 117.50, 362.50, 451.90, 302.10, 316.10, 468.80, 425.40, 290.30, 410.90, 57.75, 382.50, 312.20, 75.07, 41.05, 232.60, 389.90, 367.00, 408.80, 85.91, 472.40, 147.50, 75.39),
    y = c(0.04102, 0.04803, 0.04538, 0.02043, 0.01965, 0.07412, 0.05018, 0.04647, 0.02406, 0.01862, 0.06149, 0.03082, 0.03209, 0.07605, 0.06757, 0.07957, 0.03047, 0.03381, 0.09015, 0.01829, 0.01417, 0.01118, 0.01318, 0.04144, 0.05675, 0.08313, 0.04547, 0.02389, 0.08299, 0.01593)),
  small3 = list(x = c(100, 200, 300), y = c(0.2, 0.25, 0.4)),
  small4 = list(x = c(10, 20, 30, 40), y = c(1.1, 1.0, 1.3, 1.9)),
  small5 = list(x = c(10, 20, 30, 40, 50), y = c(5, 3, 2, 1.5, 1.2)),
  magnitudes = list(
    x = c(104200, 114990, 83642, 56095, 95131, 133880, 107460, 85335, 104740, 139270, 98999, 67163, 104300, 146150, 81368),
    y = c(0.0014670, 0.0013630, 0.0010680, 0.0008878, 0.0010060, 0.0021320, 0.0015440, 0.0011350, 0.0013660, 0.0020270, 0.0012750, 0.0009355, 0.0015660, 0.0024600, 0.0011360)),
  integers = list(x = c(3, 5, 8, 12, 15, 20, 22, 30), y = c(2, 2, 3, 3, 4, 6, 5, 9)),
  # y huge at the smallest throughput: eta(1) ~ 3e-7 relative to |b0| (R converges)
  spike = list(x = 1:5, y = c(1e4, 1, 1, 1, 1)),
  # R: "step size truncated due to divergence", then converges
  halved = list(
    x = c(25.70, 67.10, 5.61, 46.10, 1.17, 84.10, 41.20, 19.60, 34.50, 75.30, 40.70, 19.60, 46.10, 32.60, 46.60),
    y = c(21.0000, 1.0300, 19.5000, 0.4270, 159.0000, 0.0589, 31.1000, 3.4300, 0.7130, 0.2700, 2.9100, 8.6900, 0.7880, 8.7500, 2.9400)),
  # R fails: "no valid set of coefficients has been found: please supply starting values"
  falling = list(
    x = c(98.90, 40.40, 12.50, 7.91, 25.10, 79.40, 34.70, 97.20, 17.40, 46.50, 18.00, 23.90),
    y = c(0.0633, 0.1190, 0.4190, 1.2200, 0.2220, 0.1420, 0.2860, 0.0567, 0.5080, 0.1240, 0.2120, 0.1910)),
  lshape = list(
    x = c(19.80, 8.56, 3.20, 2.33, 84.90, 95.80, 86.80, 99.40, 83.30, 89.20, 83.40, 84.60),
    y = c(2.0200, 4.6700, 12.5000, 17.2000, 0.1070, 0.1720, 0.1580, 0.1070, 0.1460, 0.1100, 0.0836, 0.0940)),
  scattered = list(
    x = c(50.30, 79.30, 84.00, 46.20, 80.10, 38.80, 76.20, 44.20, 90.50, 32.60, 9.17, 81.80),
    y = c(4.610, 1.250, 2.470, 2.030, 0.307, 0.718, 0.352, 2.370, 1.140, 0.910, 0.604, 0.509)),
  wide = list(
    x = c(1.05, 51.60, 2.39, 7.40, 95.50, 9.56, 29.70, 88.20, 13.20, 18.30, 44.60, 90.80, 85.30),
    y = c(108.0000, 0.5010, 29.7000, 17.8000, 0.2690, 6.1900, 0.0740, 0.3560, 2.3400, 0.9060, 1.9600, 0.0769, 0.0518))
)

# 10,000 rows from the MINSTD LCG s <- s * 48271 mod (2^31 - 1), seed 20240501:
# only exact integer arithmetic and IEEE division, so the TypeScript test makes the
# same doubles. x = 100 + 9900 u1 (odd draws), y = (0.5 + u2) * 0.1 / (c - x / 10500)
# (even draws) with c = 1.2 (R converges) and c = 1.05 (a sharper knee: R fails).
lcg <- function(n, seed) {
  s <- seed; u <- numeric(n)
  for (i in seq_len(n)) { s <- (s * 48271) %% 2147483647; u[i] <- s / 2147483647 }
  u
}
u <- lcg(20000, 20240501)
lx <- 100 + 9900 * u[seq(1, 20000, by = 2)]
for (k in c(1.2, 1.05)) {
  ly <- (0.5 + u[seq(2, 20000, by = 2)]) * 0.1 / (k - lx / 10500)
  nm <- if (k == 1.2) "large" else "largeKnee"
  cases[[nm]] <- list(x = lx, y = ly)
  cat(sprintf("%s: sum(x) = %.17g, sum(y) = %.17g, x[1] = %.17g, y[10000] = %.17g\n",
    nm, sum(lx), sum(ly), lx[1], ly[10000]))
}

independent <- function(x, y, w = x) {
  a <- min(x); b <- max(x); D <- b - a
  etas <- function(p) exp(p[1]) * (b - x) / D + exp(p[2]) * (x - a) / D
  dev <- function(p) { e <- etas(p); sum(w * (y * sqrt(e) - 1)^2 / y) }
  grad <- function(p) {
    e <- etas(p); g <- w * (y - 1 / sqrt(e))
    c(sum(g * exp(p[1]) * (b - x) / D), sum(g * exp(p[2]) * (x - a) / D))
  }
  # start: the constant weighted mean
  m <- sum(w * y) / sum(w)
  p <- c(log(1 / m^2), log(1 / m^2))
  o <- nlminb(p, dev, grad, control = list(rel.tol = 1e-15, x.tol = 1e-15, eval.max = 5000, iter.max = 5000))
  o2 <- optim(o$par, dev, grad, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
  p <- if (o2$value <= o$objective) o2$par else o$par
  hess <- function(p) {
    e <- etas(p); A <- exp(p[1]) * (b - x) / D; B <- exp(p[2]) * (x - a) / D
    f1 <- w * (y - 1 / sqrt(e)); f2 <- w / 2 * e^-1.5
    matrix(c(sum(f2 * A * A) + sum(f1 * A), sum(f2 * A * B), sum(f2 * A * B), sum(f2 * B * B) + sum(f1 * B)), 2)
  }
  for (k in 1:20) {
    g <- grad(p); step <- tryCatch(solve(hess(p), g), error = function(e) c(0, 0))
    q <- p - step
    if (!all(is.finite(q)) || sum(abs(grad(q))) >= sum(abs(g))) break
    p <- q
  }
  ea <- exp(p[1]); eb <- exp(p[2])
  b1 <- (eb - ea) / D; b0 <- ea - b1 * a
  list(coef = c(b0, b1), deviance = dev(p), nlminb = paste0(o$message, "; score ", format(sum(abs(grad(p))), digits = 3)))
}

for (nm in names(cases)) {
  x <- cases[[nm]]$x; y <- cases[[nm]]$y
  cat("==", nm, "\n")
  warn <- character()
  r <- tryCatch(withCallingHandlers(glm(y ~ x, family = inverse.gaussian, weights = x),
      warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") }),
    error = function(e) conditionMessage(e))
  if (is.character(r)) {
    cat("R error:", r, "\n")
  } else {
    cat(sprintf("R coef %.17g %.17g deviance %.17g iter %d converged %s boundary %s\n",
      coef(r)[1], coef(r)[2], deviance(r), r$iter, r$converged, r$boundary))
    cat(sprintf("R aic %.17g null.deviance %.17g dispersion %.17g\n", AIC(r), r$null.deviance,
      summary(r)$dispersion))
  }
  if (length(warn)) cat("R warnings:", paste(unique(warn), collapse = " | "), "\n")
  ind <- independent(x, y)
  cat(sprintf("independent coef %.17g %.17g deviance %.17g (%s)\n", ind$coef[1], ind$coef[2], ind$deviance, ind$nlminb))
}

# Explicit weights: the headroom case unweighted (weights = 1).
x <- cases$headroom$x; y <- cases$headroom$y
r <- glm(y ~ x, family = inverse.gaussian)
cat(sprintf("== headroom, weights = 1\nR coef %.17g %.17g deviance %.17g iter %d\n", coef(r)[1], coef(r)[2], deviance(r), r$iter))
# Constant response: the slope is 0 to rounding, the deviance 0.
x <- c(10, 20, 30, 40); y <- c(0.5, 0.5, 0.5, 0.5)
r <- glm(y ~ x, family = inverse.gaussian, weights = x)
cat(sprintf("== constant y\nR coef %.17g %.17g deviance %.17g iter %d\n", coef(r)[1], coef(r)[2], deviance(r), r$iter))
# Two points, one response far beyond the other: R stops "converged" at a deviance
# above the constant fit's (the null deviance), far from the exact fit mu = y.
x <- c(1, 2); y <- c(1e10, 1)
r <- suppressWarnings(glm(y ~ x, family = inverse.gaussian, weights = x))
cat(sprintf("== two points 1e10, 1\nR coef %.17g %.17g deviance %.17g null.deviance %.17g converged %s\n",
  coef(r)[1], coef(r)[2], deviance(r), r$null.deviance, r$converged))
