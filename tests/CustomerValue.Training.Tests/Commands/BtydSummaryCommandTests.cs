using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;

namespace CustomerValue.Training.Tests.Commands;

public sealed class BtydSummaryCommandTests : IDisposable
{
    readonly string _temp = Directory.CreateTempSubdirectory("cvml-btyd-summary-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    static double Parameter(JsonElement root, string model, string name) =>
        root.GetProperty("models").GetProperty(model).GetProperty("parameters").GetProperty(name).GetDouble();

    async Task<(int ExitCode, string Output, string Error)> Summary(string text, params string[] more)
    {
        var path = Path.Combine(_temp, "summary.csv");
        File.WriteAllText(path, text);
        return await Cli.RunAsync(["btyd", "--summary", path, .. more]);
    }

    [Fact]
    public async Task HardiesCdnowSummaryGivesThePublishedEstimates()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "btyd", "--summary", Cli.Dataset("cdnow_customers_summary_with_transactions.csv"), "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.2426, Parameter(root, "bgnbd", "r"), 5e-4);
        Assert.Equal(4.4135, Parameter(root, "bgnbd", "alpha"), 5e-3);
        Assert.Equal(0.7929, Parameter(root, "bgnbd", "a"), 5e-4);
        Assert.Equal(2.4258, Parameter(root, "bgnbd", "b"), 5e-3);
        Assert.Equal(0.553, Parameter(root, "paretonbd", "r"), 1e-3);
        Assert.Equal(10.58, Parameter(root, "paretonbd", "alpha"), 1e-2);
        var gammaGamma = root.GetProperty("gammaGamma").GetProperty("parameters");
        Assert.Equal(6.25, gammaGamma.GetProperty("p").GetDouble(), 1e-2);
        Assert.Equal(3.74, gammaGamma.GetProperty("q").GetDouble(), 1e-2);
        Assert.Equal(15.44, gammaGamma.GetProperty("gamma").GetDouble(), 1e-2);
        Assert.Equal(2357, root.GetProperty("data").GetProperty("customers").GetInt32());
        Assert.Equal("zbar", root.GetProperty("data").GetProperty("spendColumn").GetString());
    }

    [Fact]
    public async Task ALifetimesCalibrationAndHoldoutTableFitsAndChecksAsTheTransactionsDo()
    {
        // The CDNOW sample summarized here, written as lifetimes' calibration_and_holdout_data writes it (the data frame's
        // index unnamed, floats with ".0"), must give the models and holdout check that the transactions give the command.
        var transactions = new TransactionLoader(SourceSpec.Load(Cli.Spec("cdnow.json")), new LoadOptions()).Stream(Cli.Dataset("CDNOW_sample.txt"));
        var rows = CalibrationSummary.Build(transactions, new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);
        var text = new StringBuilder(",frequency_cal,recency_cal,T_cal,monetary_value_cal,frequency_holdout,duration_holdout\n");
        foreach (var row in rows)
        {
            var s = row.Summary;
            text.Append(CultureInfo.InvariantCulture,
                $"{row.CustomerId},{s.Frequency:0.0},{s.Recency:R},{s.Age:R},{s.MeanRepeatSpend:R},{row.HoldoutPurchaseDays:0.0},{273 / 7.0:R}\n");
        }

        var (exitCode, output, error) = await Summary(text.ToString(), "--json");
        var (fromTransactions, transactionsOutput, transactionsError) = await Cli.RunAsync(
            "btyd", "--transactions", Cli.Dataset("CDNOW_sample.txt"), "--source", Cli.Spec("cdnow.json"),
            "--calibration-end", "1997-09-30", "--observation-end", "1998-06-30", "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.True(fromTransactions == ExitCodes.Ok, transactionsError);
        var summary = JsonDocument.Parse(output).RootElement;
        var expected = JsonDocument.Parse(transactionsOutput).RootElement;
        foreach (var (model, name) in new[] { ("bgnbd", "r"), ("bgnbd", "b"), ("paretonbd", "beta"), ("mbgnbd", "alpha") })
            Assert.Equal(Parameter(expected, model, name), Parameter(summary, model, name), 1e-9);
        var holdout = summary.GetProperty("models").GetProperty("paretonbd").GetProperty("holdout");
        var expectedHoldout = expected.GetProperty("models").GetProperty("paretonbd").GetProperty("holdout");
        Assert.Equal(1882, holdout.GetProperty("actual").GetDouble());
        Assert.Equal(expectedHoldout.GetProperty("predicted").GetDouble(), holdout.GetProperty("predicted").GetDouble(), 1e-6);
        Assert.Equal(expectedHoldout.GetProperty("mae").GetDouble(), holdout.GetProperty("mae").GetDouble(), 1e-9);
        Assert.Equal(39, summary.GetProperty("holdoutLength").GetDouble(), 1e-9);
        Assert.Equal(
            expected.GetProperty("gammaGamma").GetProperty("parameters").GetProperty("p").GetDouble(),
            summary.GetProperty("gammaGamma").GetProperty("parameters").GetProperty("p").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task PredictionsGiveEachCustomerTheHoldoutsExpectationAndValue()
    {
        var predictions = Path.Combine(_temp, "out", "predictions.csv");

        var (exitCode, output, error) = await Cli.RunAsync("btyd", "--summary", Cli.Dataset("cdnow_customers_summary_with_transactions.csv"),
            "--model", "bgnbd", "--predictions", predictions, "--horizon", "39");

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Contains("predictions: " + predictions + ": 2357 customers, over the next 39 weeks", output);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("customer_id,frequency,recency,T,mean_repeat_spend,expected_spend,bgnbd_p_alive,bgnbd_expected_purchases,bgnbd_expected_value", lines[0]);
        Assert.Equal(2358, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        // FHL 2005: the BG/NBD expects 1,653 repeat purchases from these customers over the 39-week holdout.
        Assert.Equal(1653.4, rows.Sum(r => double.Parse(r[7], CultureInfo.InvariantCulture)), 0.1);
        // Customer 1: x = 2, tx = 30.43, T = 38.86, z̄ = 22.35; Gamma-Gamma's E[Z] shrinks z̄ toward the mean (35.17).
        var first = rows.Single(r => r[0] == "1");
        var spend = double.Parse(first[5], CultureInfo.InvariantCulture);
        Assert.InRange(spend, 22.35, 35.17);
        Assert.Equal(double.Parse(first[7], CultureInfo.InvariantCulture) * spend, double.Parse(first[8], CultureInfo.InvariantCulture), 1e-3);
        // Without repeat purchases BG/NBD gives P(alive) = 1.
        Assert.All(rows.Where(r => r[1] == "0"), r => Assert.Equal("1", r[6]));
    }

    /// <summary>
    /// lifetimes' customer_lifetime_value: each month's expected purchases discounted at (1 + rate)^month. At rate 0 that is
    /// the undiscounted value; at 1 % a month over a year it lies between the value and the value discounted a whole year.
    /// </summary>
    [Fact]
    public async Task ADiscountRateDiscountsEachMonthsPurchases()
    {
        double[] Values(string path) => [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(','))
            .Where(r => r[0] == "1").SelectMany(r => new[] { r[8], r[9] }).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        var flat = Path.Combine(_temp, "flat.csv");
        var monthly = Path.Combine(_temp, "monthly.csv");
        string[] fit = ["btyd", "--summary", Cli.Dataset("cdnow_customers_summary_with_transactions.csv"), "--model", "bgnbd", "--horizon", "52"];

        var atZero = await Cli.RunAsync([.. fit, "--predictions", flat, "--discount-rate", "0"]);
        var atOnePercent = await Cli.RunAsync([.. fit, "--predictions", monthly, "--discount-rate", "0.01"]);

        Assert.True(atZero.ExitCode == ExitCodes.Ok, atZero.Error);
        Assert.True(atOnePercent.ExitCode == ExitCodes.Ok, atOnePercent.Error);
        Assert.Contains("values discounted at 0.01 a month", atOnePercent.Output);
        Assert.EndsWith(",bgnbd_expected_value,bgnbd_discounted_value", File.ReadLines(monthly).First());
        var (value, undiscounted) = (Values(flat)[0], Values(flat)[1]);
        Assert.Equal(value, undiscounted, 1e-3);
        var discounted = Values(monthly)[1];
        Assert.InRange(discounted, value / Math.Pow(1.01, 12), value * 0.999);
    }

    [Theory]
    [InlineData("1.5", "--discount-rate is a monthly rate from 0 up to 1")]
    [InlineData("-0.01", "--discount-rate is a monthly rate from 0 up to 1")]
    public async Task ADiscountRateOutsideZeroToOneIsRefused(string rate, string message)
    {
        var (exitCode, _, error) = await Cli.RunAsync("btyd", "--summary", Cli.Dataset("cdnow_customers_summary_with_transactions.csv"),
            "--predictions", Path.Combine(_temp, "p.csv"), "--discount-rate", rate);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task RecencyCountedSinceTheLastPurchaseIsNamedWithItsLine()
    {
        var (exitCode, _, error) = await Summary("id,frequency,recency,T\na,2,5,10\nb,0,4,10\n");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("summary.csv:3: column 'recency': 4 for a customer without repeat purchases", error);
        Assert.Contains("time since the last purchase, as RFM counts it", error);
    }

    [Theory]
    [InlineData("id,frequency,recency,T\na,2,12,10\n", "summary.csv:2: column 'recency': 12 is longer than T 10")]
    [InlineData("id,frequency,recency,T\na,1.5,1,10\n", "summary.csv:2: column 'frequency': '1.5' is not a whole number")]
    [InlineData("id,frequency,recency\na,1,1\n", "summary.csv:1: column 'T': missing from the header")]
    [InlineData("id,frequency,recency,T,frequency_holdout\na,1,1,3,2\n", "add duration_holdout")]
    [InlineData("x,t_x,T,x_star,duration_holdout\n1,1,3,2,5\n0,0,3,1,6\n", "summary.csv:3: column 'duration_holdout': 6 differs from the first row's 5")]
    public async Task ASummaryTheModelsCannotReadStopsNamingLineAndColumn(string text, string message)
    {
        var (exitCode, _, error) = await Summary(text);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task WithoutSpendTheTransactionModelsFitAndGammaGammaSaysWhyNot()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "btyd", "--summary", Cli.Dataset("cdnow_customers_summary.csv"), "--model", "bgnbd", "--time-unit", "week", "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("weeks", root.GetProperty("timeUnit").GetString());
        Assert.Equal(0.2426, Parameter(root, "bgnbd", "r"), 5e-4);
        Assert.True(root.GetProperty("models").GetProperty("bgnbd").GetProperty("converged").GetBoolean());
        Assert.Contains("no mean repeat spend", root.GetProperty("gammaGamma").GetProperty("error").GetString());
    }

    [Fact]
    public async Task ASummaryWithACalibrationDateIsRefused()
    {
        var (exitCode, _, error) = await Summary("x,t_x,T\n1,1,3\n", "--calibration-end", "1997-09-30");

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("leave out --calibration-end", error);
    }

    [Theory]
    [InlineData("cdnow_customers_summary.csv", "`cvml btyd --summary` with this file")]
    [InlineData("donations.csv", "`cvml btyd --model bgbb --patterns` with this file")]
    public async Task ASummaryGivenAsTransactionsIsNamedWithTheCommandThatReadsIt(string file, string hint)
    {
        var (exitCode, _, error) = await Cli.RunAsync("validate", "--transactions", Cli.Dataset(file));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains(hint, error);
    }
}
