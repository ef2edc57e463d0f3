using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Gamma-Gamma spend likelihood (Fader, Hardie &amp; Lee 2005, JMR; Hardie's note 025), parameters (p, q, γ):
/// <code>ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(x z̄ + γ)</code>
/// Identical (x, z̄) rows are merged; the gamma functions are tabulated per distinct x.
/// </summary>
internal sealed class GammaGammaLikelihood : ILikelihood
{
    readonly double[] x, spend, weight, lnSpend;
    readonly int[] xIndex;
    readonly double[] distinctX, lnX, lgX, psiX, psiQx;

    public GammaGammaLikelihood(double[] x, double[] spend, double[] weight)
    {
        this.x = x;
        this.spend = spend;
        this.weight = weight;
        lnSpend = spend.Select(v => Math.Log(v)).ToArray();
        TotalWeight = weight.Sum();
        var map = new Dictionary<double, int>();
        xIndex = new int[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            if (!map.TryGetValue(x[i], out var k))
            {
                k = map.Count;
                map.Add(x[i], k);
            }

            xIndex[i] = k;
        }

        distinctX = map.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        lnX = distinctX.Select(v => Math.Log(v)).ToArray();
        lgX = new double[distinctX.Length];
        psiX = new double[distinctX.Length];
        psiQx = new double[distinctX.Length];
    }

    public int ParameterCount => 3;

    public double TotalWeight { get; }

    public int Count => x.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(ReadOnlySpan<double> logTheta, Span<double> gradient)
    {
        double p = Math.Exp(logTheta[0]), q = Math.Exp(logTheta[1]), gamma = Math.Exp(logTheta[2]);
        var lnGamma = logTheta[2];
        double lgQ = SpecialFunctions.GammaLn(q), psiQ = SpecialFunctions.DiGamma(q);
        for (var k = 0; k < distinctX.Length; k++)
        {
            var px = p * distinctX[k];
            lgX[k] = SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - lgQ + q * lnGamma + px * lnX[k];
            psiX[k] = SpecialFunctions.DiGamma(px + q) - SpecialFunctions.DiGamma(px);
            psiQx[k] = SpecialFunctions.DiGamma(px + q) - psiQ;
        }

        double ll = 0, gp = 0, gq = 0, gg = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var k = xIndex[i];
            var xi = x[i];
            var px = p * xi;
            var total = xi * spend[i] + gamma;
            var lnTotal = Math.Log(total);
            var w = weight[i];
            ll += w * (lgX[k] + (px - 1) * lnSpend[i] - (px + q) * lnTotal);
            gp += w * xi * (psiX[k] + lnSpend[i] + lnX[k] - lnTotal);
            gq += w * (psiQx[k] + lnGamma - lnTotal);
            gg += w * (q / gamma - (px + q) / total);
        }

        gradient[0] = gp * p;
        gradient[1] = gq * q;
        gradient[2] = gg * gamma;
        return ll;
    }
}
