using System.Globalization;
using System.Text;

namespace CustomerValue.Modeling.Tests.TestData;

/// <summary>
/// A small generated base with a strong yearly season: customers join evenly over the years, buy at their own Gamma-
/// distributed rate times a seasonal factor 1 + amplitude · cos(2π (day of year − peak) / 365.25), and leave after an
/// exponential lifetime. Written as a contract transactions file (customer_id, timestamp, amount).
/// </summary>
internal static class SeasonalBase
{
    public static string Write(
        string folder, int customers, DateOnly from, DateOnly to, double amplitude, int peakDayOfYear, int seed,
        Func<DateOnly, double, double>? amountAfter = null)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        var span = to.DayNumber - from.DayNumber;
        for (var c = 0; c < customers; c++)
        {
            var joined = from.AddDays(random.Next(span - 60));
            var rate = Gamma(random, 2) / 2 / 25.0;
            var lifetime = -Math.Log(1 - random.NextDouble()) * 900;
            var ticket = 30 + (Gamma(random, 3) * 15);
            var end = Math.Min(to.DayNumber, joined.DayNumber + (int)lifetime);
            var id = $"s{c:00000}";
            Append(csv, id, joined, Amount(random, ticket), amountAfter);
            for (var day = joined.DayNumber + 1; day <= end; day++)
            {
                var date = DateOnly.FromDayNumber(day);
                var season = 1 + (amplitude * Math.Cos(2 * Math.PI * (date.DayOfYear - peakDayOfYear) / 365.25));
                if (random.NextDouble() < rate * season)
                    Append(csv, id, date, Amount(random, ticket), amountAfter);
            }
        }
        var path = Path.Combine(folder, $"seasonal-{seed}.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    static void Append(StringBuilder csv, string id, DateOnly date, double amount, Func<DateOnly, double, double>? amountAfter) =>
        csv.Append(CultureInfo.InvariantCulture, $"{id},{date:yyyy-MM-dd},{(amountAfter?.Invoke(date, amount) ?? amount):0.00}\n");

    static double Amount(Random random, double ticket) => ticket * (0.6 + (0.8 * random.NextDouble()));

    /// <summary>Marsaglia and Tsang's method (shape ≥ 1).</summary>
    static double Gamma(Random random, double shape)
    {
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
                return d * v;
        }
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
