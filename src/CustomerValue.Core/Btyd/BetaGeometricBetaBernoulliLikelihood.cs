using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Log-likelihood and analytic gradient of the BG/BB model (Fader, Hardie &amp; Shang 2010, eq. 5), parameters
/// (α, β, γ, δ):
/// <code>
/// L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−tₓ−1} B(α+x, β+tₓ−x+i)/B(α,β) · B(γ+1, δ+tₓ+i)/B(γ,δ)
/// </code>
/// The first term is "alive through n", each term of the sum "died right after opportunity tₓ+i". The log of the
/// sum is taken with the log-sum-exp trick, and the gradient is the term-weighted mean of each term's gradient.
/// </summary>
internal sealed class BetaGeometricBetaBernoulliLikelihood(RepeatOpportunities[] rows, double[] weights) : ILikelihood
{
    public int ParameterCount => 4;

    public double TotalWeight { get; } = weights.Sum();

    public double Evaluate(ReadOnlySpan<double> logTheta, Span<double> gradient)
    {
        double alpha = Math.Exp(logTheta[0]), beta = Math.Exp(logTheta[1]), gamma = Math.Exp(logTheta[2]), delta = Math.Exp(logTheta[3]);
        var lnBab = SpecialFunctions.BetaLn(alpha, beta);
        var lnBgd = SpecialFunctions.BetaLn(gamma, delta);
        double psiA = SpecialFunctions.DiGamma(alpha), psiB = SpecialFunctions.DiGamma(beta), psiAb = SpecialFunctions.DiGamma(alpha + beta);
        double psiG = SpecialFunctions.DiGamma(gamma), psiD = SpecialFunctions.DiGamma(delta), psiGd = SpecialFunctions.DiGamma(gamma + delta);
        double ll = 0, gA = 0, gB = 0, gG = 0, gD = 0;
        Span<double> term = stackalloc double[4];
        for (var k = 0; k < rows.Length; k++)
        {
            var (x, tx, n) = rows[k];
            var row = RowLogLikelihood(alpha, beta, gamma, delta, x, tx, n, lnBab, lnBgd, psiA, psiB, psiAb, psiG, psiD, psiGd, term);
            ll += weights[k] * row;
            gA += weights[k] * term[0];
            gB += weights[k] * term[1];
            gG += weights[k] * term[2];
            gD += weights[k] * term[3];
        }

        gradient[0] = gA * alpha;
        gradient[1] = gB * beta;
        gradient[2] = gG * gamma;
        gradient[3] = gD * delta;
        return ll;
    }

    /// <summary>ln L for one (x, tₓ, n); writes ∂ ln L / ∂(α, β, γ, δ) into <paramref name="gradient"/>.</summary>
    internal static double RowLogLikelihood(double alpha, double beta, double gamma, double delta, int x, int tx, int n,
        double lnBab, double lnBgd, double psiA, double psiB, double psiAb, double psiG, double psiD, double psiGd, Span<double> gradient)
    {
        var psiAx = SpecialFunctions.DiGamma(alpha + x);
        // Alive through all n opportunities.
        var max = SpecialFunctions.BetaLn(alpha + x, beta + n - x) - lnBab + SpecialFunctions.BetaLn(gamma, delta + n) - lnBgd;
        var psiAbn = SpecialFunctions.DiGamma(alpha + beta + n);
        var psiGdn = SpecialFunctions.DiGamma(gamma + delta + n);
        double dA = psiAx - psiAbn, dB = SpecialFunctions.DiGamma(beta + n - x) - psiAbn;
        double dG = SpecialFunctions.DiGamma(gamma) - psiGdn, dD = SpecialFunctions.DiGamma(delta + n) - psiGdn;
        var logTerm = max;
        double sum = 1, sA = dA, sB = dB, sG = dG, sD = dD;
        var psiG1 = SpecialFunctions.DiGamma(gamma + 1);
        for (var i = 0; i < n - tx; i++)
        {
            var m = tx + i;
            var lnTerm = SpecialFunctions.BetaLn(alpha + x, beta + m - x) - lnBab + SpecialFunctions.BetaLn(gamma + 1, delta + m) - lnBgd;
            var psiAbm = SpecialFunctions.DiGamma(alpha + beta + m);
            var psiGdm = SpecialFunctions.DiGamma(gamma + delta + 1 + m);
            double tA = psiAx - psiAbm, tB = SpecialFunctions.DiGamma(beta + m - x) - psiAbm;
            double tG = psiG1 - psiGdm, tD = SpecialFunctions.DiGamma(delta + m) - psiGdm;
            if (lnTerm > logTerm)
            {
                // Rescale the running sums to the new largest term.
                var scale = Math.Exp(logTerm - lnTerm);
                sum *= scale;
                sA *= scale;
                sB *= scale;
                sG *= scale;
                sD *= scale;
                logTerm = lnTerm;
            }

            var w = Math.Exp(lnTerm - logTerm);
            sum += w;
            sA += w * tA;
            sB += w * tB;
            sG += w * tG;
            sD += w * tD;
        }

        gradient[0] = sA / sum - (psiA - psiAb);
        gradient[1] = sB / sum - (psiB - psiAb);
        gradient[2] = sG / sum - (psiG - psiGd);
        gradient[3] = sD / sum - (psiD - psiGd);
        return logTerm + Math.Log(sum);
    }
}
