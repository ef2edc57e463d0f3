using System.Runtime.CompilerServices;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// The x-dependent factors of the Pareto/NBD series term k, (q)ₖ/k! / (m+k), 1/(m+k), Σⱼ₍ⱼ₌₀..ₖ₋₁₎ 1/(q+j) and
/// (q+k)/(k+1), for one (m, q). Every customer with the same x shares them, so a likelihood evaluation computes the
/// divisions once per distinct x instead of once per customer and term. Grows on demand up to the longest series.
/// </summary>
internal sealed class SeriesTable
{
    double m, q, nextCoefficient, nextHarmonic;

    public double[] Weight { get; private set; } = new double[32];
    public double[] InverseMk { get; private set; } = new double[32];
    public double[] Harmonic { get; private set; } = new double[32];
    public double[] Growth { get; private set; } = new double[32];

    /// <summary>Terms filled so far.</summary>
    public int Count { get; private set; }

    public void Reset(double m, double q)
    {
        this.m = m;
        this.q = q;
        nextCoefficient = 1;
        nextHarmonic = 0;
        Count = 0;
    }

    /// <summary>Fills at least terms 0 … <paramref name="k"/> (and then some, so calls stay rare).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Extend(int k)
    {
        var target = Math.Max(k + 1, Math.Max(16, 2 * Count));
        if (target > Weight.Length)
        {
            var size = Math.Max(target, 2 * Weight.Length);
            Weight = Grow(Weight, size);
            InverseMk = Grow(InverseMk, size);
            Harmonic = Grow(Harmonic, size);
            Growth = Grow(Growth, size);
        }

        for (var j = Count; j < target; j++)
        {
            var inverse = 1 / (m + j);
            var growth = (q + j) / (j + 1);
            Weight[j] = nextCoefficient * inverse;
            InverseMk[j] = inverse;
            Harmonic[j] = nextHarmonic;
            Growth[j] = growth;
            nextHarmonic += 1 / (q + j);
            nextCoefficient *= growth;
        }

        Count = target;
    }

    static double[] Grow(double[] values, int size)
    {
        var grown = new double[size];
        values.AsSpan().CopyTo(grown);
        return grown;
    }
}
