namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// xoshiro256** seeded through SplitMix64, with the few distributions the simulator needs.
/// Written out here rather than taken from <see cref="System.Random"/> or MathNet so that a seed
/// means the same numbers on every runtime version: the output files are a reproducible artefact.
/// </summary>
internal sealed class RandomStream
{
    ulong s0, s1, s2, s3;

    public RandomStream(ulong seed)
    {
        var x = seed;
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// An independent stream per (seed, index) pair: each customer draws from its own stream, so a
    /// customer's history does not depend on how many customers came before it or on which thread
    /// simulated it.
    /// </summary>
    public static RandomStream For(int seed, long index)
    {
        var x = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL);
        var mixedSeed = SplitMix64(ref x);
        var y = unchecked(mixedSeed ^ ((ulong)index * 0xD1B54A32D192ED03UL));
        return new RandomStream(SplitMix64(ref y));
    }

    static ulong SplitMix64(ref ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            var z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong NextUInt64()
    {
        unchecked
        {
            var result = ulong.RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            return result;
        }
    }

    /// <summary>Uniform on [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)Math.BigMul(NextUInt64(), (ulong)n, out _);
    }

    public bool NextBool(double probability) => NextDouble() < probability;

    public double NextExponential(double rate) => -Math.Log(NextOpenDouble()) / rate;

    public double NextGaussian()
    {
        // Box–Muller, one of the pair: simple and reproducible, and the simulator draws few normals.
        var u1 = NextOpenDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Gamma with the given shape and mean (Marsaglia–Tsang).</summary>
    public double NextGammaWithMean(double shape, double mean) => NextGamma(shape) * mean / shape;

    /// <summary>Gamma with the given shape and scale 1 (Marsaglia–Tsang).</summary>
    public double NextGamma(double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1.0)
        {
            // Gamma(a) = Gamma(a + 1) · U^(1/a) keeps the fast method valid below shape 1.
            return NextGamma(shape + 1.0) * Math.Pow(NextOpenDouble(), 1.0 / shape);
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1.0 + c * x;
            }
            while (v <= 0.0);

            v = v * v * v;
            var u = NextOpenDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1.0 - v + Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>Poisson by multiplication of uniforms; meant for the small means used here.</summary>
    public int NextPoisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = NextOpenDouble();
        while (product > limit)
        {
            k++;
            product *= NextOpenDouble();
        }

        return k;
    }

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int NextWeighted(IReadOnlyList<double> weights, double totalWeight)
    {
        var u = NextDouble() * totalWeight;
        for (var i = 0; i < weights.Count - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
