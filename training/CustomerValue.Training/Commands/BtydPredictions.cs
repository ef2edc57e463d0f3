using CsvHelper;
using CustomerValue.Core.Btyd;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml btyd --predictions</c>: per customer, each fitted model's P(alive) and expected purchases over a horizon, and with
/// Gamma-Gamma the expected spend per purchase and the expected value (purchases × spend, undiscounted), and with a
/// <see cref="MonthlyDiscount"/> the discounted value as well, as CSV.
/// </summary>
static class BtydPredictions
{
    /// <param name="horizon">In the models' time unit.</param>
    public static void Write(string path, IReadOnlyList<string> ids, IReadOnlyList<RepeatSummary> customers,
        IReadOnlyList<ITransactionModel> models, GammaGamma? spend, double horizon, MonthlyDiscount? discount = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        using var csv = CsvWriter.Create(File.Create(path), CsvWriterOptions.Default with { Injection = CsvInjection.Escape });
        csv.WriteField("customer_id");
        foreach (var name in new[] { "frequency", "recency", "T" })
            csv.WriteField(name);
        if (spend is not null)
        {
            csv.WriteField("mean_repeat_spend");
            csv.WriteField("expected_spend");
        }
        foreach (var model in models)
        {
            var prefix = BtydCommand.Key(model.Kind);
            csv.WriteField($"{prefix}_p_alive");
            csv.WriteField($"{prefix}_expected_purchases");
            if (spend is not null)
                csv.WriteField($"{prefix}_expected_value");
            if (spend is not null && discount is not null)
                csv.WriteField($"{prefix}_discounted_value");
        }
        csv.EndRecord();

        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            csv.WriteField(ids[i]);
            csv.WriteField(c.Frequency, "R");
            csv.WriteField(c.Recency, "R");
            csv.WriteField(c.Age, "R");
            var expectedSpend = spend?.ConditionalExpectedSpend(c) ?? 0;
            if (spend is not null)
            {
                csv.WriteField(c.MeanRepeatSpend, "0.####");
                csv.WriteField(expectedSpend, "0.####");
            }
            foreach (var model in models)
            {
                var purchases = model.ExpectedPurchases(horizon, c);
                csv.WriteField(model.ProbabilityAlive(c), "0.######");
                csv.WriteField(purchases, "0.######");
                if (spend is not null)
                    csv.WriteField(purchases * expectedSpend, "0.####");
                if (spend is not null && discount is not null)
                    csv.WriteField(discount.Value(model, c, horizon) * expectedSpend, "0.####");
            }
            csv.EndRecord();
        }
    }
}
