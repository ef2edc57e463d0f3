namespace CustomerValue.Core.Btyd;

/// <summary>Value of the objective at <paramref name="x"/>, its gradient written into <paramref name="gradient"/>. May return +∞ or NaN outside the domain.</summary>
internal delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

internal sealed record OptimizationResult(
    double[] Minimum, double Value, int Iterations, int Evaluations, double GradientNorm, bool Converged, string Message);

/// <summary>
/// Limited-memory BFGS with a strong-Wolfe line search (Nocedal &amp; Wright, algorithms 7.4, 3.5 and 3.6).
/// The BTYD likelihoods have four parameters, so the point is not memory but a method that needs few
/// likelihood evaluations and survives steps into regions where the likelihood overflows.
/// </summary>
internal static class Lbfgs
{
    const int Memory = 8;
    const double C1 = 1e-4;
    const double C2 = 0.9;
    const int MaxLineSearch = 40;

    /// <summary>Relative size of a change in the objective that rounding can produce (Hager &amp; Zhang's ε, far tighter than their 1e-6).</summary>
    const double NoiseFloor = 1e-12;

    public static OptimizationResult Minimize(Objective objective, double[] start, int maxIterations, double gradientTolerance)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var d = new double[n];
        var xTrial = new double[n];
        var gTrial = new double[n];
        var s = new double[Memory][];
        var y = new double[Memory][];
        for (var i = 0; i < Memory; i++)
        {
            s[i] = new double[n];
            y[i] = new double[n];
        }

        var rho = new double[Memory];
        var alphaBuffer = new double[Memory];
        var stored = 0;
        var newest = -1;

        var f = objective(x, g);
        var evaluations = 1;
        if (!double.IsFinite(f) || !AllFinite(g))
        {
            return new(x, f, 0, evaluations, double.NaN, false, "The likelihood is not finite at the starting values.");
        }

        var stalls = 0;
        for (var iteration = 0; ; iteration++)
        {
            var gNorm = InfinityNorm(g);
            if (gNorm <= gradientTolerance)
            {
                return new(x, f, iteration, evaluations, gNorm, true, $"Gradient norm {gNorm:G3} below tolerance {gradientTolerance:G3}.");
            }

            if (iteration >= maxIterations)
            {
                return new(x, f, iteration, evaluations, gNorm, false, $"Reached the iteration limit ({maxIterations}) with gradient norm {gNorm:G3}.");
            }

            TwoLoop(g, d, s, y, rho, alphaBuffer, stored, newest);
            var slope = Dot(g, d);
            if (!(slope < 0))
            {
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    d[i] = -g[i];
                }

                slope = Dot(g, d);
            }

            // Without curvature information the first step is capped so that no log-parameter moves by more than 1.
            var step = stored == 0 ? Math.Min(1.0, 1.0 / InfinityNorm(d)) : 1.0;
            var found = LineSearch(objective, x, f, slope, d, step, xTrial, gTrial, ref evaluations, out var fTrial);
            if (!found)
            {
                if (stored > 0)
                {
                    stored = 0;
                    continue;
                }

                var loose = gNorm <= 1e3 * gradientTolerance;
                return new(x, f, iteration, evaluations, gNorm, loose,
                    $"The line search found no lower point along the steepest descent (gradient norm {gNorm:G3}); " +
                    (loose ? "accepted as converged to within the limit of floating-point precision." : "stopped short of the tolerance."));
            }

            newest = (newest + 1) % Memory;
            var sy = 0.0;
            for (var i = 0; i < n; i++)
            {
                s[newest][i] = xTrial[i] - x[i];
                y[newest][i] = gTrial[i] - g[i];
                sy += s[newest][i] * y[newest][i];
            }

            if (sy > 1e-300)
            {
                rho[newest] = 1.0 / sy;
                stored = Math.Min(stored + 1, Memory);
            }
            else
            {
                newest = (newest + Memory - 1) % Memory;
            }

            stalls = f - fTrial <= 1e-15 * Math.Max(1.0, Math.Abs(f)) ? stalls + 1 : 0;
            Array.Copy(xTrial, x, n);
            Array.Copy(gTrial, g, n);
            f = fTrial;
            if (stalls >= 4)
            {
                gNorm = InfinityNorm(g);
                var loose = gNorm <= 1e3 * gradientTolerance;
                return new(x, f, iteration + 1, evaluations, gNorm, loose || gNorm <= gradientTolerance,
                    $"The objective stopped decreasing (gradient norm {gNorm:G3}); " +
                    (loose ? "accepted as converged to within the limit of floating-point precision." : "stopped short of the tolerance."));
            }
        }
    }

    static void TwoLoop(double[] g, double[] d, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest)
    {
        var n = g.Length;
        for (var i = 0; i < n; i++)
        {
            d[i] = -g[i];
        }

        if (stored == 0)
        {
            return;
        }

        for (int j = 0, k = newest; j < stored; j++, k = (k + Memory - 1) % Memory)
        {
            alpha[k] = rho[k] * Dot(s[k], d);
            for (var i = 0; i < n; i++)
            {
                d[i] -= alpha[k] * y[k][i];
            }
        }

        var gamma = Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]);
        for (var i = 0; i < n; i++)
        {
            d[i] *= gamma;
        }

        for (int j = 0, k = (newest + Memory - stored + 1) % Memory; j < stored; j++, k = (k + 1) % Memory)
        {
            var beta = rho[k] * Dot(y[k], d);
            for (var i = 0; i < n; i++)
            {
                d[i] += (alpha[k] - beta) * s[k][i];
            }
        }
    }

    static bool LineSearch(Objective objective, double[] x, double f0, double slope0, double[] d, double step,
        double[] xTrial, double[] gTrial, ref int evaluations, out double fTrial)
    {
        double previousStep = 0, previousF = f0, previousSlope = slope0;
        for (var i = 0; i < MaxLineSearch; i++)
        {
            var f = Evaluate(objective, x, d, step, xTrial, gTrial, ref evaluations);
            var slope = Dot(gTrial, d);
            if (i == 0 && ApproximateWolfe(f, f0, slope, slope0))
            {
                fTrial = f;
                return true;
            }

            if (!double.IsFinite(f) || f > f0 + C1 * step * slope0 || (i > 0 && f >= previousF))
            {
                return Zoom(objective, x, f0, slope0, d, previousStep, previousF, previousSlope, step, f,
                    xTrial, gTrial, ref evaluations, out fTrial);
            }

            if (Math.Abs(slope) <= -C2 * slope0)
            {
                fTrial = f;
                return true;
            }

            if (slope >= 0)
            {
                return Zoom(objective, x, f0, slope0, d, step, f, slope, previousStep, previousF,
                    xTrial, gTrial, ref evaluations, out fTrial);
            }

            previousStep = step;
            previousF = f;
            previousSlope = slope;
            step *= 2.5;
        }

        fTrial = double.NaN;
        return false;
    }

    /// <summary>
    /// Hager &amp; Zhang's approximate Wolfe conditions (SIAM J. Optim. 16, 2005): near the optimum the decrease a step
    /// makes is below the rounding of the objective, so Armijo's test fails on noise and the search would bisect to
    /// exhaustion. Accept a step whose value is within rounding of f0 when the directional derivative shows it went
    /// no farther than the minimum along the line: (2c₁ − 1)φ'(0) ≥ φ'(α) ≥ c₂φ'(0).
    /// </summary>
    static bool ApproximateWolfe(double f, double f0, double slope, double slope0) =>
        double.IsFinite(f)
        && f <= f0 + NoiseFloor * Math.Abs(f0)
        && slope >= C2 * slope0
        && slope <= (2 * C1 - 1) * slope0;

    static bool Zoom(Objective objective, double[] x, double f0, double slope0, double[] d,
        double low, double fLow, double slopeLow, double high, double fHigh,
        double[] xTrial, double[] gTrial, ref int evaluations, out double fTrial)
    {
        for (var i = 0; i < MaxLineSearch; i++)
        {
            var width = high - low;
            var step = low + 0.5 * width;
            if (double.IsFinite(fHigh))
            {
                // Minimum of the quadratic through f(low), f'(low) and f(high), kept inside the middle of the bracket.
                var denominator = 2.0 * (fHigh - fLow - slopeLow * width);
                if (denominator > 0)
                {
                    var candidate = low - slopeLow * width * width / denominator;
                    var lo = Math.Min(low, high) + 0.1 * Math.Abs(width);
                    var hi = Math.Max(low, high) - 0.1 * Math.Abs(width);
                    step = Math.Clamp(candidate, lo, hi);
                }
            }

            var f = Evaluate(objective, x, d, step, xTrial, gTrial, ref evaluations);
            var slope = Dot(gTrial, d);
            if (!double.IsFinite(f) || f > f0 + C1 * step * slope0 || f >= fLow)
            {
                high = step;
                fHigh = f;
            }
            else
            {
                if (Math.Abs(slope) <= -C2 * slope0)
                {
                    fTrial = f;
                    return true;
                }

                if (slope * (high - low) >= 0)
                {
                    high = low;
                    fHigh = fLow;
                }

                low = step;
                fLow = f;
                slopeLow = slope;
            }

            if (Math.Abs(high - low) < 1e-16 * Math.Max(1.0, Math.Abs(low)))
            {
                break;
            }
        }

        // The curvature condition was not met, but a point with sufficient decrease is still progress.
        if (low > 0 && fLow < f0)
        {
            fTrial = Evaluate(objective, x, d, low, xTrial, gTrial, ref evaluations);
            return double.IsFinite(fTrial);
        }

        fTrial = double.NaN;
        return false;
    }

    static double Evaluate(Objective objective, double[] x, double[] d, double step, double[] xTrial, double[] gTrial, ref int evaluations)
    {
        for (var i = 0; i < x.Length; i++)
        {
            xTrial[i] = x[i] + step * d[i];
        }

        evaluations++;
        var f = objective(xTrial, gTrial);
        return AllFinite(gTrial) ? f : double.NaN;
    }

    static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    static double InfinityNorm(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    static bool AllFinite(double[] v)
    {
        foreach (var value in v)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
