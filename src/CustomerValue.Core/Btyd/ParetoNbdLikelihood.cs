using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Pareto/NBD log-likelihood with an analytic gradient (Fader &amp; Hardie 2005, note 009, eq. 18–20):
/// <code>
/// L = Γ(r+x) αʳ βˢ / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s·I ],   I = ∫ from tₓ to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ.
/// </code>
/// With P = max(α, β), d = |α − β|, m = r+s+x and q = r+x (α &lt; β) or s+1 (α ≥ β), I is the series
/// <code>
/// I = (P+tₓ)^−m Σₖ (q)ₖ/k! / (m+k) · [z₁ᵏ − R z₂ᵏ],   z₁ = d/(P+tₓ), z₂ = d/(P+T), R = ((P+tₓ)/(P+T))^m,
/// </code>
/// which is note 009's ₂F₁(m, q; m+1; z)/m form with the power scaled out. Every term is positive, so the series
/// and its parameter derivatives are summed together without cancellation. Where the series would need many terms
/// (z₁ near 1, or a large q on the ridge where a gamma is a point mass) I and its gradient come from Gauss–Legendre
/// quadrature instead (<see cref="ParetoNbd.LogDropoutIntegral(double, double, double, double, double, double, out double, out double, out double, out double)"/>); a row neither can evaluate uses <see cref="Hypergeometric.Gauss2F1"/>
/// and a numerical gradient.
/// </summary>
internal sealed class ParetoNbdLikelihood : ILikelihood
{
    const int MaxSeriesTerms = 20_000;

    readonly RepeatData data;
    readonly double[] gammaX, psiX;
    readonly double[] lnAlphaT, lnBetaT, lnMaxT, lnMaxTx;
    readonly SeriesTable[] series;

    public ParetoNbdLikelihood(RepeatData data)
    {
        this.data = data;
        gammaX = new double[data.DistinctX.Length];
        psiX = new double[data.DistinctX.Length];
        lnAlphaT = new double[data.DistinctT.Length];
        lnBetaT = new double[data.DistinctT.Length];
        lnMaxT = new double[data.DistinctT.Length];
        lnMaxTx = new double[data.DistinctTx.Length];
        series = new SeriesTable[data.DistinctX.Length];
        for (var k = 0; k < series.Length; k++)
        {
            series[k] = new SeriesTable();
        }
    }

    public int ParameterCount => 4;

    public double TotalWeight => data.TotalWeight;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(ReadOnlySpan<double> logTheta, Span<double> gradient)
    {
        double r = Math.Exp(logTheta[0]), alpha = Math.Exp(logTheta[1]), s = Math.Exp(logTheta[2]), beta = Math.Exp(logTheta[3]);
        double lnAlpha = logTheta[1], lnBeta = logTheta[3];
        double lgR = SpecialFunctions.GammaLn(r), psiR = SpecialFunctions.DiGamma(r);
        for (var k = 0; k < gammaX.Length; k++)
        {
            gammaX[k] = SpecialFunctions.GammaLn(r + data.DistinctX[k]) - lgR;
            psiX[k] = SpecialFunctions.DiGamma(r + data.DistinctX[k]) - psiR;
            var rx = r + data.DistinctX[k];
            series[k].Reset(rx + s, alpha < beta ? rx : s + 1);
        }

        var max = Math.Max(alpha, beta);
        for (var j = 0; j < lnAlphaT.Length; j++)
        {
            var t = data.DistinctT[j];
            lnAlphaT[j] = Math.Log(alpha + t);
            lnBetaT[j] = Math.Log(beta + t);
            lnMaxT[j] = Math.Log(max + t);
        }

        for (var j = 0; j < lnMaxTx.Length; j++)
        {
            lnMaxTx[j] = Math.Log(max + data.DistinctTx[j]);
        }

        double ll = 0, gr = 0, gAlpha = 0, gs = 0, gBeta = 0;
        Span<double> rowGradient = stackalloc double[4];
        for (var i = 0; i < data.Count; i++)
        {
            var w = data.Weight[i];
            var k = data.XIndex[i];
            var t = data.TIndex[i];
            var row = RowLogLikelihood(r, alpha, s, beta, data.X[i], data.Tx[i], data.T[i],
                lnAlphaT[t], lnBetaT[t], lnMaxTx[data.TxIndex[i]], lnMaxT[t], series[k], rowGradient, out var seriesConverged);
            if (!seriesConverged)
            {
                row = Robust(logTheta, data.X[i], data.Tx[i], data.T[i], rowGradient);
                ll += w * row;
                gr += w * rowGradient[0] / r;
                gAlpha += w * rowGradient[1] / alpha;
                gs += w * rowGradient[2] / s;
                gBeta += w * rowGradient[3] / beta;
                continue;
            }

            ll += w * (gammaX[k] + r * lnAlpha + s * lnBeta + row);
            gr += w * (psiX[k] + lnAlpha + rowGradient[0]);
            gAlpha += w * (r / alpha + rowGradient[1]);
            gs += w * (lnBeta + rowGradient[2]);
            gBeta += w * (s / beta + rowGradient[3]);
        }

        gradient[0] = gr * r;
        gradient[1] = gAlpha * alpha;
        gradient[2] = gs * s;
        gradient[3] = gBeta * beta;
        return ll;
    }

    /// <summary>
    /// ln[(α+T)^−(r+x)(β+T)^−s + s·I] and its derivatives with respect to (r, α, s, β) on the natural scale.
    /// </summary>
    internal static double RowLogLikelihood(double r, double alpha, double s, double beta, double x, double tx, double T,
        Span<double> gradient, out bool converged)
    {
        var max = Math.Max(alpha, beta);
        var table = new SeriesTable();
        table.Reset(r + s + x, alpha < beta ? r + x : s + 1);
        return RowLogLikelihood(r, alpha, s, beta, x, tx, T, Math.Log(alpha + T), Math.Log(beta + T), Math.Log(max + tx), Math.Log(max + T),
            table, gradient, out converged);
    }

    /// <summary>
    /// As above with ln(α+T), ln(β+T), ln(max(α,β)+tₓ) and ln(max(α,β)+T) tabulated by the caller, and the series
    /// factors of this x in <paramref name="table"/> (reset for these parameters).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double RowLogLikelihood(double r, double alpha, double s, double beta, double x, double tx, double T,
        double lnAT, double lnBT, double l1, double l2, SeriesTable table, Span<double> gradient, out bool converged)
    {
        converged = true;
        var rx = r + x;
        var alive = -rx * lnAT - s * lnBT;
        if (tx >= T)
        {
            gradient[0] = -lnAT;
            gradient[1] = -rx / (alpha + T);
            gradient[2] = -lnBT;
            gradient[3] = -s / (beta + T);
            return alive;
        }

        var alphaSmaller = alpha < beta;
        var p = alphaSmaller ? beta : alpha;
        var d = Math.Abs(alpha - beta);
        var q = alphaSmaller ? rx : s + 1;
        var m = r + s + x;
        double inv1 = 1 / (p + tx), inv2 = 1 / (p + T);
        double z1 = d * inv1, z2 = d * inv2;
        if (SeriesIsSlow(q, z1, rx / (alpha + tx) + (s + 1) / (beta + tx), T - tx))
            return ByQuadrature(r, alpha, s, beta, x, tx, T, lnAT, lnBT, gradient, out converged);

        var ratioR = Math.Exp(-m * (l2 - l1));
        var dRdP = m * ratioR * (inv1 - inv2);

        // Powers z₁ᵏ, z₂ᵏ, z₁ᵏ⁻¹, z₂ᵏ⁻¹ run here; the x-dependent factors come from the table.
        double z1k = 1, z2k = 1, z1km1 = 0, z2km1 = 0;
        double sum = 0, dq = 0, dm = 0, dp = 0, dd = 0;
        var ratioLog = ratioR * (l2 - l1);
        var weights = table.Weight;
        var inverses = table.InverseMk;
        var harmonics = table.Harmonic;
        var growths = table.Growth;
        var k = 0;
        for (; k < MaxSeriesTerms; k++)
        {
            if (k >= table.Count)
            {
                table.Extend(k);
                (weights, inverses, harmonics, growths) = (table.Weight, table.InverseMk, table.Harmonic, table.Growth);
            }

            var weight = weights[k];
            var term = weight * (z1k - ratioR * z2k);
            sum += term;
            dq += harmonics[k] * term;
            dm += -term * inverses[k] + weight * z2k * ratioLog;
            dp += weight * (k * (ratioR * z2k * inv2 - z1k * inv1) - z2k * dRdP);
            dd += weight * k * (z1km1 * inv1 - ratioR * z2km1 * inv2);

            if (k > 0 && growths[k] * z1 < 1 && term * (k + 1) <= 1e-17 * sum)
            {
                break;
            }

            z1km1 = z1k;
            z2km1 = z2k;
            z1k *= z1;
            z2k *= z2;
        }

        if (k == MaxSeriesTerms || !(sum > 0))
        {
            converged = false;
            return double.NaN;
        }

        // The terms of a customer with hundreds of purchase days peak near (1 − z₁)^−q: at x = 366 over 564 weeks (a
        // regular of thirteen years) the sum or its derivative sums pass the largest double, and ln Σ would be +∞ with
        // a NaN gradient; the quadrature has no such peak.
        if (!double.IsFinite(sum) || !double.IsFinite(dq) || !double.IsFinite(dm) || !double.IsFinite(dp) || !double.IsFinite(dd))
            return ByQuadrature(r, alpha, s, beta, x, tx, T, lnAT, lnBT, gradient, out converged);

        // J = ln(s·I) = ln s − m ln(P+tₓ) + ln Σ.
        var second = Math.Log(s) - m * l1 + Math.Log(sum);
        var dJdm = -l1 + dm / sum;
        var dJdq = dq / sum;
        var dJdp = -m * inv1 + dp / sum;
        var dJdd = dd / sum;
        var dJdr = dJdm + (alphaSmaller ? dJdq : 0);
        var dJds = 1 / s + dJdm + (alphaSmaller ? 0 : dJdq);
        double dJdAlpha, dJdBeta;
        if (alphaSmaller)
        {
            dJdAlpha = -dJdd;
            dJdBeta = dJdp + dJdd;
        }
        else
        {
            dJdAlpha = dJdp + dJdd;
            dJdBeta = -dJdd;
        }

        return Combine(alive, second, dJdr, dJdAlpha, dJds, dJdBeta, rx, s, alpha, beta, T, lnAT, lnBT, gradient);
    }

    /// <summary>The row's log-likelihood and gradient with I by Gauss–Legendre quadrature; not converged when that is not finite either.</summary>
    static double ByQuadrature(double r, double alpha, double s, double beta, double x, double tx, double T, double lnAT, double lnBT,
        Span<double> gradient, out bool converged)
    {
        var rx = r + x;
        // ∂/∂r and ∂/∂s of ln I reach it through k = r+x and l = s+1.
        var logIntegral = ParetoNbd.LogDropoutIntegral(rx, alpha, s + 1, beta, tx, T, out var dIdr, out var dIdAlpha, out var dIds, out var dIdBeta);
        converged = double.IsFinite(logIntegral);
        if (!converged)
            return double.NaN;
        return Combine(-rx * lnAT - s * lnBT, Math.Log(s) + logIntegral, dIdr, dIdAlpha, 1 / s + dIds, dIdBeta, rx, s, alpha, beta, T, lnAT, lnBT, gradient);
    }

    /// <summary>
    /// ln[(α+T)^−(r+x)(β+T)^−s + e^J] and its gradient, from J = ln(s·I) and J's derivatives with respect to (r, α, s, β).
    /// </summary>
    static double Combine(double alive, double second, double dJdr, double dJdAlpha, double dJds, double dJdBeta,
        double rx, double s, double alpha, double beta, double T, double lnAT, double lnBT, Span<double> gradient)
    {
        var value = BtydMath.LogAddExp(alive, second, out var pAlive);
        var pSecond = 1 - pAlive;
        gradient[0] = pAlive * -lnAT + pSecond * dJdr;
        gradient[1] = pAlive * (-rx / (alpha + T)) + pSecond * dJdAlpha;
        gradient[2] = pAlive * -lnBT + pSecond * dJds;
        gradient[3] = pAlive * (-s / (beta + T)) + pSecond * dJdBeta;
        return value;
    }

    /// <summary>
    /// Whether the series would need more work than quadrature: its terms peak near k = q·z₁/(1 − z₁) and then fall by
    /// z₁ a term, so it needs about (q·z₁ + 40)/(1 − z₁) terms for 1e-17; quadrature needs 32 nodes on each of about
    /// log₂(1 + κ(T − tₓ)) + 1 pieces, each node about five times a term's cost (two logarithms and an exponential).
    /// </summary>
    static bool SeriesIsSlow(double q, double z1, double kappa, double span)
    {
        if (z1 > 1 - 1e-4)
        {
            return true;
        }

        var terms = (q * z1 + 40) / (1 - z1);
        var nodes = ParetoNbd.DropoutNodes * (Math.Log2(1 + kappa * span) + 2);
        return terms > 5 * nodes;
    }

    /// <summary>A row whose series converges too slowly: value through ₂F₁ transformations, gradient (∂/∂ log θ) by central differences.</summary>
    static double Robust(ReadOnlySpan<double> logTheta, double x, double tx, double T, Span<double> gradientLog)
    {
        Span<double> u = stackalloc double[4];
        logTheta.CopyTo(u);
        const double h = 1e-6;
        for (var j = 0; j < 4; j++)
        {
            var centre = u[j];
            u[j] = centre + h;
            var up = Full(u, x, tx, T);
            u[j] = centre - h;
            var down = Full(u, x, tx, T);
            u[j] = centre;
            gradientLog[j] = (up - down) / (2 * h);
        }

        return Full(u, x, tx, T);

        static double Full(ReadOnlySpan<double> u, double x, double tx, double T) =>
            ParetoNbd.RowLogLikelihood(Math.Exp(u[0]), Math.Exp(u[1]), Math.Exp(u[2]), Math.Exp(u[3]), x, tx, T);
    }
}
