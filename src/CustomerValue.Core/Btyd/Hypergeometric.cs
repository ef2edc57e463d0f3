using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>The Gauss hypergeometric function for real arguments, as the BTYD likelihoods and predictions need it.</summary>
public static class Hypergeometric
{
    const double Epsilon = 1e-16;
    const int MaxTerms = 2_000_000;

    /// <summary>A sum whose largest term is this many times its value has lost 8 of its ~16 digits to cancellation.</summary>
    const double AccurateLoss = 1e8;

    /// <summary>Beyond this loss hardly a digit is left: such a sum is no answer at all.</summary>
    const double UsableLoss = 1e14;

    /// <summary>Room for the few ulps between the two ways <see cref="Series"/> works out a ratio.</summary>
    const double TailGuard = 1 + 1e-9;

    enum Representation
    {
        /// <summary>The power series of ₂F₁(a, b; c; z) itself.</summary>
        Direct,

        /// <summary>Euler: (1 − z)^(c − a − b) ₂F₁(c − a, c − b; c; z).</summary>
        Euler,

        /// <summary>A&amp;S 15.3.6: two series in 1 − z.</summary>
        OneMinusZ,
    }

    /// <summary>
    /// ₂F₁(a, b; c; z) for real a, b, c and z ≤ 1. Negative z is mapped into (0, 1) by Pfaff's transformation. In (0, 1)
    /// the power series is summed directly, or after Euler's transformation when that needs fewer terms, for
    /// z ≤ 0.9; nearer 1 the linear transformation to 1 − z (Abramowitz &amp; Stegun 15.3.6) is used, except when
    /// c − a − b is within 1e-6 of an integer, where that formula's two terms have cancelling poles. At z = 1 it is
    /// Gauss's sum when c − a − b &gt; 0 and +∞ otherwise.
    /// </summary>
    /// <remarks>
    /// Each of the three is the same function, but with parameters in the hundred thousands (a BTYD fit on the ridge
    /// where the dropout or rate distribution becomes a point mass, e.g. BG/NBD with a ≈ 10⁵, b ≈ 2·10⁶) the preferred one
    /// can overflow, need millions of terms, or cancel to noise, while another converges in a few hundred terms. So when
    /// the preferred representation does not give a finite sum that kept at least 8 digits, the others are tried, and the
    /// most accurate finite answer wins. The preferred one is tried first, so every value it gave before is unchanged.
    /// </remarks>
    /// <returns>The value; NaN when a, b or c is NaN or when no representation converges to a usable sum.</returns>
    /// <exception cref="ArgumentOutOfRangeException">z &gt; 1 (the function is complex there) or z is NaN.</exception>
    /// <exception cref="ArgumentException">c is a non-positive integer and the series does not terminate before the pole.</exception>
    public static double Gauss2F1(double a, double b, double c, double z) => Gauss2F1(a, b, c, z, MaxTerms);

    /// <summary>
    /// As <see cref="Gauss2F1(double, double, double, double)"/>, with each series stopped after
    /// <paramref name="maxTerms"/> terms: NaN when no representation converges within them. For a caller with a cheaper
    /// way to the same value where the series are slow (a customer with hundreds of purchase days near z = 1 can need
    /// millions of terms in each representation).
    /// </summary>
    public static double Gauss2F1(double a, double b, double c, double z, int maxTerms)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTerms);
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
            var polynomial = Series(a, b, c, z, maxTerms);
            return polynomial.Loss <= UsableLoss ? polynomial.Value : double.NaN;
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
            return Math.Pow(1 - z, -a) * Gauss2F1(a, c - b, c, z / (z - 1), maxTerms);
        }

        var d = c - a - b;
        var nearInteger = Math.Abs(d - Math.Round(d)) < 1e-6;
        // Euler first when c is close to a and b (BG/NBD with a huge r on sparse data gives ₂F₁(1.9e6, 1.9e6; 1.9e6; z)):
        // the direct series needs millions of terms, this one a few.
        var euler = Math.Abs((c - a) * (c - b)) < Math.Abs(a * b) / 16;
        ReadOnlySpan<Representation> order = (z <= 0.9 || nearInteger, euler) switch
        {
            (true, true) => [Representation.Euler, Representation.Direct, Representation.OneMinusZ],
            (true, false) => [Representation.Direct, Representation.Euler, Representation.OneMinusZ],
            (false, true) => [Representation.OneMinusZ, Representation.Euler, Representation.Direct],
            (false, false) => [Representation.OneMinusZ, Representation.Direct, Representation.Euler],
        };

        var best = Sum.Failed;
        foreach (var representation in order)
        {
            if (representation == Representation.OneMinusZ && nearInteger)
            {
                continue;
            }

            var sum = representation switch
            {
                Representation.Direct => Series(a, b, c, z, maxTerms),
                Representation.Euler => Series(c - a, c - b, c, z, maxTerms).Times(Math.Pow(1 - z, d)),
                _ => OneMinusZ(a, b, c, z, maxTerms),
            };
            if (sum.Loss <= AccurateLoss)
            {
                return sum.Value;
            }

            if (sum.Loss < best.Loss)
            {
                best = sum;
            }
        }

        return best.Loss <= UsableLoss ? best.Value : double.NaN;
    }

    /// <summary>A&amp;S 15.3.6: two series in 1 − z, which converge fast for z near 1 when a, b and c are moderate.</summary>
    static Sum OneMinusZ(double a, double b, double c, double z, int maxTerms)
    {
        var d = c - a - b;
        var w = 1 - z;
        var first = Series(a, b, 1 - d, w, maxTerms).Times(GammaRatio(c, d, c - a, c - b));
        var second = Series(c - a, c - b, 1 + d, w, maxTerms).Times(Math.Pow(w, d) * GammaRatio(c, -d, a, b));
        return first.Plus(second);
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

    /// <summary>
    /// The power series, stopped once the tail is negligible; <see cref="Sum.Failed"/> as soon as a term overflows or when
    /// it has not converged within <paramref name="maxTerms"/> terms.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static Sum Series(double a, double b, double c, double z, int maxTerms)
    {
        var sum = 1.0;
        var term = 1.0;
        var largest = 1.0;
        var ratio = Ratio(a, b, c, z, 0);
        for (var k = 0; k < maxTerms; k++)
        {
            term *= ratio;
            sum += term;
            if (!double.IsFinite(sum))
            {
                return Sum.Failed;
            }

            largest = Math.Max(largest, Math.Abs(term));
            if (term == 0)
            {
                return Sum.Of(sum, largest);
            }

            // Once the terms shrink geometrically, the tail is bounded by term·q/(1 − q), q the next ratio. That ratio,
            // with (a + k) + 1 where the next step has a + (k + 1), agrees with the next step's to a few ulps: while
            // term times it is clearly above the bound's right side the bound cannot hold, and only the last steps pay
            // for the bound's own division.
            ratio = Ratio(a, b, c, z, k + 1);
            if (Math.Abs(term) * Math.Abs(ratio) > Epsilon * Math.Abs(sum) * TailGuard)
            {
                continue;
            }

            var next = Math.Abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z);
            if (next < 1 && Math.Abs(term) * next / (1 - next) <= Epsilon * Math.Abs(sum))
            {
                return Sum.Of(sum, largest);
            }
        }

        return Sum.Failed;
    }

    /// <summary>The ratio of term k + 1 to term k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static double Ratio(double a, double b, double c, double z, int k) => (a + k) * (b + k) / ((c + k) * (k + 1)) * z;

    static bool IsNonPositiveInteger(double v) => v <= 0 && v == Math.Floor(v);

    /// <summary>A computed value and how far cancellation ate into it: the largest part's magnitude over the value's (≥ 1; +∞ when it failed).</summary>
    readonly record struct Sum(double Value, double Loss)
    {
        public static Sum Failed { get; } = new(double.NaN, double.PositiveInfinity);

        public static Sum Of(double value, double largestPart) =>
            !double.IsFinite(value) || !double.IsFinite(largestPart) ? Failed
            : value == 0 ? new(0, largestPart == 0 ? 1 : double.PositiveInfinity)
            : new(value, Math.Max(1, largestPart / Math.Abs(value)));

        /// <summary>Scaling keeps the relative loss, unless the factor or the product overflows.</summary>
        public Sum Times(double factor) =>
            double.IsFinite(Loss) && double.IsFinite(Value * factor) ? this with { Value = Value * factor } : Failed;

        /// <summary>A sum of two parts loses what each part lost and what their own cancellation loses.</summary>
        public Sum Plus(Sum other) =>
            double.IsFinite(Loss) && double.IsFinite(other.Loss)
                ? Of(Value + other.Value, Math.Max(Math.Abs(Value) * Loss, Math.Abs(other.Value) * other.Loss))
                : Failed;
    }
}
