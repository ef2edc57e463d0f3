using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CustomerValue.Training.Tests.Commands;

/// <summary>
/// What Gamma-Gamma assumes, and cvml train says where the data departs from it: spend that does not depend on frequency
/// (the card keeps r), and spend as paid per purchase (where customers return part of it, the share they kept).
/// </summary>
public sealed class SpendAssumptionTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cvml-spend-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// 600 customers over two years in six classes: class k buys about 2k times a year at about 15k a ticket, so the
    /// frequent buyers are the big spenders.
    /// </summary>
    string FrequentBuyersSpendMore()
    {
        var random = new Random(11);
        var first = new DateOnly(2023, 1, 1);
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        for (var c = 0; c < 600; c++)
        {
            var k = 1 + (c % 6);
            var joined = random.Next(300);
            for (var day = joined; day < 730; day++)
            {
                if (day == joined || random.NextDouble() < 2.0 * k / 365)
                    csv.Append(CultureInfo.InvariantCulture, $"c{c:000},{first.AddDays(day):yyyy-MM-dd},{(15 * k) + random.Next(500) / 100.0:0.00}\n");
            }
        }
        return Write("orders.csv", csv);
    }

    [Fact]
    public async Task WhereFrequentBuyersSpendMoreTrainWarnsThatGammaGammaAssumesTheyDoNot()
    {
        var (output, btyd, _) = await Train(FrequentBuyersSpendMore());

        Assert.Contains("warning: Gamma-Gamma: repeat purchases and mean repeat spend are correlated (r = 0.", output);
        Assert.Contains("is low for frequent buyers (card: btyd.frequencySpendCorrelation)", output);
        Assert.True(btyd.GetProperty("frequencySpendCorrelation").GetDouble() >= 0.3);
    }

    /// <summary>400 customers over two years, each order refunded in full ten days later one time in five.</summary>
    string AFifthOfOrdersRefunded()
    {
        var random = new Random(5);
        var first = new DateOnly(2023, 1, 1);
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        for (var c = 0; c < 400; c++)
        {
            for (var day = random.Next(300); day < 730; day += 1 + random.Next(90))
            {
                var amount = 20 + (random.Next(8000) / 100.0);
                csv.Append(CultureInfo.InvariantCulture, $"c{c:000},{first.AddDays(day):yyyy-MM-dd},{amount:0.00}\n");
                if (random.NextDouble() < 0.2 && day + 10 < 730)
                    csv.Append(CultureInfo.InvariantCulture, $"c{c:000},{first.AddDays(day + 10):yyyy-MM-dd},{-amount:0.00}\n");
            }
        }
        return Write("refunded.csv", csv);
    }

    string Write(string name, StringBuilder csv)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>cvml train on <paramref name="transactions"/> with small trees: what it printed, the card's <c>btyd</c> and the report.</summary>
    async Task<(string Output, JsonElement Btyd, string Report)> Train(string transactions)
    {
        var models = Path.Combine(_folder, "models");
        var (exitCode, output, error) = await Cli.RunAsync(
            "train", "--transactions", transactions, "--out", models, "--horizon-days", "180", "--trees", "5", "--leaves", "4");
        Assert.True(exitCode is ExitCodes.Ok or ExitCodes.GateFailed, error);
        var bundle = Directory.GetDirectories(models).Single();
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "model-card.json")));
        return (output, card.RootElement.GetProperty("btyd").Clone(), File.ReadAllText(Path.Combine(bundle, "report.md")));
    }

    [Fact]
    public async Task WhereCustomersReturnPartOfWhatTheyBoughtTrainSaysBtydsValueIsNetOfIt()
    {
        var (output, btyd, report) = await Train(AFifthOfOrdersRefunded());

        var kept = btyd.GetProperty("keptShare").GetDouble();
        Assert.InRange(kept, 0.75, 0.85);
        var said = string.Create(CultureInfo.InvariantCulture, $"the customers kept {kept:0.0%} of what they bought on their purchase days");
        Assert.Contains($"returns: {said}", output);
        Assert.Contains($"Returns: {said}", report);
        Assert.Contains("BTYD model: ", report);
    }
}
