using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>The Gauss hypergeometric function for real arguments, as the BTYD likelihoods and predictions need it.</summary>
public static class Hypergeometric
{
    const double Epsilon = 1e-16;
    const int MaxTerms = 2_000_000;

    /// <summary>
    /// ₂F₁(a, b; c; z) for real a, b, c and z ≤ 1. The power series is summed directly for 0 ≤ z ≤ 0.9; negative z
    /// is mapped into (0, 1) by Pfaff's transformation; z in (0.9, 1) uses the linear transformation to 1 − z
    /// (Abramowitz &amp; Stegun 15.3.6), except when c − a − b is within 1e-6 of an integer, where that formula's
    /// two terms have cancelling poles and the (slowly converging) series is summed instead. At z = 1 it is
    /// Gauss's sum when c − a − b &gt; 0 and +∞ otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">z &gt; 1 (the function is complex there) or z is NaN.</exception>
    /// <exception cref="ArgumentException">c is a non-positive integer and the series does not terminate before the pole.</exception>
    /// <exception cref="ArithmeticException">The series did not converge within two million terms.</exception>
    public static double Gauss2F1(double a, double b, double c, double z)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c))
        {
            return double.NaN;
        }

        if (!(z <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "Gauss2F1 is real-valued only for z ≤ 1.");
        }

        if (z == 0 || a == 0 || b == 0)
        {
            return 1.0;
        }

        if (IsNonPositiveInteger(a) || IsNonPositiveInteger(b))
        {
            return Series(a, b, c, z);
        }

        if (IsNonPositiveInteger(c))
        {
            throw new ArgumentException($"c = {c} is a non-positive integer: ₂F₁ has a pole there.", nameof(c));
        }

        if (z == 1)
        {
            var excess = c - a - b;
            return excess > 0
                ? GammaRatio(c, excess, c - a, c - b)
                : double.PositiveInfinity;
        }

        if (z < 0)
        {
            // Pfaff: F(a, b; c; z) = (1 − z)^(−a) F(a, c − b; c; z / (z − 1)), mapping z < 0 into (0, 1).
            return Math.Pow(1 - z, -a) * Gauss2F1(a, c - b, c, z / (z - 1));
        }

        var d = c - a - b;
        if (z <= 0.9 || Math.Abs(d - Math.Round(d)) < 1e-6)
        {
            // Euler: F(a, b; c; z) = (1 − z)^(c − a − b) F(c − a, c − b; c; z). When c is close to a and b (BG/NBD with
            // a huge r on sparse data gives ₂F₁(1.9e6, 1.9e6; 1.9e6; z)) the direct series needs millions of terms, this one a few.
            return Math.Abs((c - a) * (c - b)) < Math.Abs(a * b) / 16 && z < 1
                ? Math.Pow(1 - z, d) * Series(c - a, c - b, c, z)
                : Series(a, b, c, z);
        }

        return OneMinusZ(a, b, c, z);
    }

    /// <summary>A&amp;S 15.3.6: two series in 1 − z, which converge fast for z near 1.</summary>
    static double OneMinusZ(double a, double b, double c, double z)
    {
        var d = c - a - b;
        var w = 1 - z;
        var first = GammaRatio(c, d, c - a, c - b) * Series(a, b, 1 - d, w);
        var second = Math.Pow(w, d) * GammaRatio(c, -d, a, b) * Series(c - a, c - b, 1 + d, w);
        return first + second;
    }

    /// <summary>Γ(p)Γ(q) / (Γ(r)Γ(s)) through log-gammas with signs, so large arguments do not overflow.</summary>
    static double GammaRatio(double p, double q, double r, double s)
    {
        if (IsNonPositiveInteger(r) || IsNonPositiveInteger(s))
        {
            return 0.0;
        }

        var log = LogAbsGamma(p, out var s1) + LogAbsGamma(q, out var s2) - LogAbsGamma(r, out var s3) - LogAbsGamma(s, out var s4);
        return s1 * s2 * s3 * s4 * Math.Exp(log);
    }

    internal static double LogAbsGamma(double x, out int sign)
    {
        if (x > 0)
        {
            sign = 1;
            return SpecialFunctions.GammaLn(x);
        }

        if (IsNonPositiveInteger(x))
        {
            sign = 1;
            return double.PositiveInfinity;
        }

        // Reflection: Γ(x) = π / (sin(πx) Γ(1 − x)).
        var sine = double.SinPi(x);
        sign = sine > 0 ? 1 : -1;
        return Math.Log(Math.PI) - Math.Log(Math.Abs(sine)) - SpecialFunctions.GammaLn(1 - x);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double Series(double a, double b, double c, double z)
    {
        var sum = 1.0;
        var term = 1.0;
        for (var k = 0; k < MaxTerms; k++)
        {
            var ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            if (term == 0)
            {
                return sum;
            }

            // Once the terms shrink geometrically, the tail is bounded by term·q/(1 − q), q the next ratio.
            var next = Math.Abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z);
            if (next < 1 && Math.Abs(term) * next / (1 - next) <= Epsilon * Math.Abs(sum))
            {
                return sum;
            }
        }

        throw new ArithmeticException($"₂F₁({a}, {b}; {c}; {z}) did not converge within {MaxTerms} terms.");
    }

    static bool IsNonPositiveInteger(double v) => v <= 0 && v == Math.Floor(v);
}
