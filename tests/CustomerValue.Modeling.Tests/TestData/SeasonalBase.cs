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

    /// <summary>
    /// A base of mostly one-time buyers with a profile file beside it (<c>customers-{seed}.csv</c>: signup date, a postal
    /// code drawn at random from 400, a device drawn at random from three, a channel). Every customer buys on joining and
    /// stays for about 3,000 days. With <paramref name="channelMatters"/> the third who come through the channel "partner"
    /// buy again about every 120 days and the rest about every 2,000, so a new customer's channel tells their next months
    /// before their purchases do; without it the channel is drawn the same way but every customer buys again about every
    /// 300 days, and no profile column says anything about anyone's future.
    /// </summary>
    public static (string Transactions, string Customers) WriteWithProfile(
        string folder, int customers, DateOnly from, DateOnly to, int seed, bool channelMatters)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        var profiles = new StringBuilder("customer_id,signup_date,postal_code,device,channel,newsletter\n");
        var span = to.DayNumber - from.DayNumber;
        for (var c = 0; c < customers; c++)
        {
            var id = $"p{c:00000}";
            var joined = from.AddDays(random.Next(span - 60));
            var partner = random.NextDouble() < 1.0 / 3;
            var gap = channelMatters ? (partner ? 120.0 : 2000.0) : 300.0;
            var end = Math.Min(to.DayNumber, joined.DayNumber + (int)(-Math.Log(1 - random.NextDouble()) * 3000));
            var ticket = 30 + (Gamma(random, 3) * 15);
            profiles.Append(CultureInfo.InvariantCulture,
                $"{id},{joined:yyyy-MM-dd},{10000 + (random.Next(400) * 7):00000},{(random.Next(3) switch { 0 => "ios", 1 => "android", _ => "web" })},{(partner ? "partner" : "search")},\n");
            Append(csv, id, joined, Amount(random, ticket), null);
            for (var day = joined.DayNumber + 1; day <= end; day++)
            {
                if (random.NextDouble() < 1 / gap)
                    Append(csv, id, DateOnly.FromDayNumber(day), Amount(random, ticket), null);
            }
        }
        var transactions = Path.Combine(folder, $"once-{seed}-{channelMatters}.csv");
        var customersPath = Path.Combine(folder, $"customers-{seed}-{channelMatters}.csv");
        File.WriteAllText(transactions, csv.ToString());
        File.WriteAllText(customersPath, profiles.ToString());
        return (transactions, customersPath);
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
