using MathNet.Numerics;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// Log-likelihood of survivor counts under S(t) = B(γ, δ + t^c) / B(γ, δ): the beta-discrete-Weibull model
/// (Fader, Hardie, Liu, Davin &amp; Steenburgh 2018), which is the shifted-beta-geometric model (Fader &amp; Hardie
/// 2007) when c = 1. A cohort first counted at period s contributes
/// <code>
/// Σ_{t=s+1}^{T} (n_{t−1} − n_t) ln[(S(t−1) − S(t)) / S(s)] + n_T ln[S(T) / S(s)]
/// </code>
/// (FH 2007 eq. 8 for s = 0; the division by S(s) conditions a left-truncated cohort on having survived to s).
/// ln S(t) and its gradient are computed once per period per evaluation.
/// </summary>
internal sealed class CohortRetentionLikelihood : ILikelihood
{
    readonly IReadOnlyList<SurvivorCounts> cohorts;
    readonly bool fitShape;
    readonly double[] lnS;
    readonly double[,] dlnS;

    /// <param name="fitShape">True for BdW (γ, δ, c); false for sBG (γ, δ, with c = 1).</param>
    public CohortRetentionLikelihood(IReadOnlyList<SurvivorCounts> cohorts, bool fitShape)
    {
        this.cohorts = cohorts;
        this.fitShape = fitShape;
        var last = cohorts.Max(c => c.LastPeriod);
        lnS = new double[last + 1];
        dlnS = new double[last + 1, 3];
        TotalWeight = cohorts.Sum(c => c.Survivors[0]);
    }

    public int ParameterCount => fitShape ? 3 : 2;

    public double TotalWeight { get; }

    public double Evaluate(ReadOnlySpan<double> logTheta, Span<double> gradient)
    {
        var gamma = Math.Exp(logTheta[0]);
        var delta = Math.Exp(logTheta[1]);
        var c = fitShape ? Math.Exp(logTheta[2]) : 1.0;
        Survival(gamma, delta, c, lnS, dlnS);

        double ll = 0, gG = 0, gD = 0, gC = 0;
        foreach (var cohort in cohorts)
        {
            var s = cohort.FirstPeriod;
            var n = cohort.Survivors;
            var start = n[0];
            // The conditioning on survival to s, once per customer counted at s.
            ll -= start * lnS[s];
            gG -= start * dlnS[s, 0];
            gD -= start * dlnS[s, 1];
            gC -= start * dlnS[s, 2];
            for (var k = 1; k < n.Count; k++)
            {
                var churned = n[k - 1] - n[k];
                if (churned == 0)
                {
                    continue;
                }

                // ln P(T = t) = ln S(t−1) + ln(1 − q), q = S(t)/S(t−1).
                var t = s + k;
                var q = Math.Exp(lnS[t] - lnS[t - 1]);
                ll += churned * (lnS[t - 1] + Math.Log(1 - q));
                gG += churned * (dlnS[t - 1, 0] - q * dlnS[t, 0]) / (1 - q);
                gD += churned * (dlnS[t - 1, 1] - q * dlnS[t, 1]) / (1 - q);
                gC += churned * (dlnS[t - 1, 2] - q * dlnS[t, 2]) / (1 - q);
            }

            var end = cohort.LastPeriod;
            var alive = n[^1];
            ll += alive * lnS[end];
            gG += alive * dlnS[end, 0];
            gD += alive * dlnS[end, 1];
            gC += alive * dlnS[end, 2];
        }

        gradient[0] = gG * gamma;
        gradient[1] = gD * delta;
        if (fitShape)
        {
            gradient[2] = gC * c;
        }

        return ll;
    }

    /// <summary>ln S(t) for t = 0 … and its derivatives in γ, δ and c.</summary>
    internal static void Survival(double gamma, double delta, double c, double[] lnS, double[,] dlnS)
    {
        var lnBgd = SpecialFunctions.BetaLn(gamma, delta);
        double psiD = SpecialFunctions.DiGamma(delta), psiGd = SpecialFunctions.DiGamma(gamma + delta);
        lnS[0] = 0;
        dlnS[0, 0] = dlnS[0, 1] = dlnS[0, 2] = 0;
        for (var t = 1; t < lnS.Length; t++)
        {
            var u = Math.Pow(t, c);
            double psiDu = SpecialFunctions.DiGamma(delta + u), psiGdu = SpecialFunctions.DiGamma(gamma + delta + u);
            lnS[t] = SpecialFunctions.BetaLn(gamma, delta + u) - lnBgd;
            dlnS[t, 0] = psiGd - psiGdu;
            dlnS[t, 1] = psiDu - psiGdu - psiD + psiGd;
            dlnS[t, 2] = (psiDu - psiGdu) * u * Math.Log(t);
        }
    }
}
