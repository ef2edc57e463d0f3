namespace CustomerValue.Core.Btyd;

internal static class BtydMath
{
    /// <summary>log(eᵃ + eᵇ) and the share eᵃ / (eᵃ + eᵇ), without overflow.</summary>
    public static double LogAddExp(double a, double b, out double shareOfA)
    {
        if (double.IsNegativeInfinity(b))
        {
            shareOfA = 1;
            return a;
        }

        if (a >= b)
        {
            var e = Math.Exp(b - a);
            shareOfA = 1 / (1 + e);
            return a + Math.Log(1 + e);
        }
        else
        {
            var e = Math.Exp(a - b);
            shareOfA = e / (1 + e);
            return b + Math.Log(1 + e);
        }
    }

    /// <summary>eʸ − 1 without the cancellation of the naive form for small y (the BCL's ExpM1 is naive).</summary>
    public static double ExpM1(double y) =>
        Math.Abs(y) < 1e-5 ? y * (1 + y * (0.5 + y / 6)) : Math.Exp(y) - 1;

    /// <summary>1 / E[λ | x, T, alive]: the posterior of λ for a customer alive at T is Gamma(r + x, α + T) in every model here.</summary>
    public static double DaysToNextPurchase(double r, double alpha, RepeatSummary customer, TimeUnit unit)
    {
        CheckCustomer(customer);
        return (alpha + customer.Age) / (r + customer.Frequency) * unit.Days();
    }

    public static void CheckCustomer(RepeatSummary customer)
    {
        if (!(customer.Frequency >= 0) || !(customer.Recency >= 0) || !(customer.Age >= customer.Recency - 1e-6 * Math.Max(1, customer.Age))
            || !double.IsFinite(customer.Age))
        {
            throw new ArgumentException(
                $"Need 0 ≤ x, 0 ≤ tx ≤ T, all finite (got x={customer.Frequency}, tx={customer.Recency}, T={customer.Age}).",
                nameof(customer));
        }
    }

    public static void CheckHorizon(double t)
    {
        if (!(t >= 0) || !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "The horizon must be a finite non-negative time.");
        }
    }

    public static void CheckPositive(string name, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Parameter {name} must be a positive finite number.");
        }
    }

    /// <summary>Mean purchase rate Σx / ΣT, used to start α near r / rate.</summary>
    public static double MeanRate(RepeatData data)
    {
        double purchases = 0, exposure = 0;
        for (var i = 0; i < data.Count; i++)
        {
            purchases += data.Weight[i] * data.X[i];
            exposure += data.Weight[i] * data.T[i];
        }

        return purchases > 0 && exposure > 0 ? purchases / exposure : 1.0;
    }

    public static double MeanAge(RepeatData data)
    {
        double exposure = 0;
        for (var i = 0; i < data.Count; i++)
        {
            exposure += data.Weight[i] * data.T[i];
        }

        return exposure > 0 ? exposure / data.TotalWeight : 1.0;
    }
}
