using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Log-likelihood and analytic gradient of BG/NBD (Fader, Hardie &amp; Lee 2005, eq. 6) and MBG/NBD
/// (Batislam, Denizel &amp; Filiztekin 2007), parameters (r, α, a, b):
/// <code>
/// BG/NBD:  ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) + ln[(α+T)^−(r+x) + 1{x&gt;0} a/(b+x−1) (α+tₓ)^−(r+x)]
/// MBG/NBD: ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+1) − ln B(a, b) + ln[(α+T)^−(r+x) + a/(b+x) (α+tₓ)^−(r+x)]
/// </code>
/// Terms that depend on x alone, tₓ alone or T alone are tabulated per distinct value before the row loop,
/// which leaves one exp and one log per merged row.
/// </summary>
internal sealed class BetaGeometricLikelihood : ILikelihood
{
    readonly RepeatData data;
    readonly bool modified;
    readonly double[] baseX, drX, daX, dbX, lnDropX, invDropX;
    readonly double[] lnTx, invTx, lnT, invT;

    public BetaGeometricLikelihood(RepeatData data, bool modified)
    {
        this.data = data;
        this.modified = modified;
        var nx = data.DistinctX.Length;
        baseX = new double[nx];
        drX = new double[nx];
        daX = new double[nx];
        dbX = new double[nx];
        lnDropX = new double[nx];
        invDropX = new double[nx];
        lnTx = new double[data.DistinctTx.Length];
        invTx = new double[data.DistinctTx.Length];
        lnT = new double[data.DistinctT.Length];
        invT = new double[data.DistinctT.Length];
    }

    public int ParameterCount => 4;

    public double TotalWeight => data.TotalWeight;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(ReadOnlySpan<double> logTheta, Span<double> gradient)
    {
        double r = Math.Exp(logTheta[0]), alpha = Math.Exp(logTheta[1]), a = Math.Exp(logTheta[2]), b = Math.Exp(logTheta[3]);
        double lnAlpha = logTheta[1], lnA = logTheta[2];
        var shift = modified ? 1.0 : 0.0;

        double lgR = SpecialFunctions.GammaLn(r), psiR = SpecialFunctions.DiGamma(r);
        double lgB = SpecialFunctions.GammaLn(b), psiB = SpecialFunctions.DiGamma(b);
        double lgAb = SpecialFunctions.GammaLn(a + b), psiAb = SpecialFunctions.DiGamma(a + b);
        for (var k = 0; k < baseX.Length; k++)
        {
            var x = data.DistinctX[k];
            var bx = b + x + shift;
            var abx = a + b + x + shift;
            double psiBx = SpecialFunctions.DiGamma(bx), psiAbx = SpecialFunctions.DiGamma(abx);
            baseX[k] = SpecialFunctions.GammaLn(r + x) - lgR + r * lnAlpha
                + lgAb + SpecialFunctions.GammaLn(bx) - lgB - SpecialFunctions.GammaLn(abx);
            drX[k] = SpecialFunctions.DiGamma(r + x) - psiR + lnAlpha;
            daX[k] = psiAb - psiAbx;
            dbX[k] = psiAb + psiBx - psiB - psiAbx;
            // The dropout branch: the customer left right after the last purchase, which BG/NBD allows only once x > 0.
            var drop = b + x - 1 + shift;
            var canDrop = x > 0 || modified;
            lnDropX[k] = canDrop ? Math.Log(drop) : double.NaN;
            invDropX[k] = canDrop ? 1 / drop : 0;
        }

        for (var j = 0; j < lnTx.Length; j++)
        {
            lnTx[j] = Math.Log(alpha + data.DistinctTx[j]);
            invTx[j] = 1 / (alpha + data.DistinctTx[j]);
        }

        for (var j = 0; j < lnT.Length; j++)
        {
            lnT[j] = Math.Log(alpha + data.DistinctT[j]);
            invT[j] = 1 / (alpha + data.DistinctT[j]);
        }

        double ll = 0, gr = 0, gAlpha = 0, ga = 0, gb = 0;
        var xs = data.X;
        var w = data.Weight;
        var xIndex = data.XIndex;
        var txIndex = data.TxIndex;
        var tIndex = data.TIndex;
        for (var i = 0; i < xs.Length; i++)
        {
            var k = xIndex[i];
            var t = tIndex[i];
            var rx = r + xs[i];
            var alive = -rx * lnT[t];
            double row, pAlive, pDrop;
            if (modified || xs[i] > 0)
            {
                var tx = txIndex[i];
                var dropped = lnA - lnDropX[k] - rx * lnTx[tx];
                row = baseX[k] + BtydMath.LogAddExp(alive, dropped, out pAlive);
                pDrop = 1 - pAlive;
                gAlpha += w[i] * (r / alpha - rx * (pAlive * invT[t] + pDrop * invTx[tx]));
                gr += w[i] * (drX[k] - pAlive * lnT[t] - pDrop * lnTx[tx]);
            }
            else
            {
                row = baseX[k] + alive;
                pDrop = 0;
                gAlpha += w[i] * (r / alpha - rx * invT[t]);
                gr += w[i] * (drX[k] - lnT[t]);
            }

            ll += w[i] * row;
            ga += w[i] * (daX[k] + pDrop / a);
            gb += w[i] * (dbX[k] - pDrop * invDropX[k]);
        }

        gradient[0] = gr * r;
        gradient[1] = gAlpha * alpha;
        gradient[2] = ga * a;
        gradient[3] = gb * b;
        return ll;
    }
}
