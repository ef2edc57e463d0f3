using System.Globalization;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Modeling.Evaluation;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// For generated data: the held-out predictions next to the simulator's own expectations
/// (<c>truth.csv</c>) used as a prediction, the oracle no model can beat on average.
/// </summary>
public static class TruthComparison
{
    public static TruthCard Compare(string truthPath, DateOnly cutoff, int horizonDays, IReadOnlyList<string> customerIds,
        IReadOnlyList<double> predictedSpend, IReadOnlyList<double> actualSpend, IReadOnlyList<double> churnProbability, IReadOnlyList<bool> churned)
    {
        var truth = Read(truthPath, cutoff, horizonDays);
        var pred = new List<double>();
        var actual = new List<double>();
        var oracle = new List<double>();
        var churnScore = new List<double>();
        var oracleChurn = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < customerIds.Count; i++)
        {
            if (!truth.TryGetValue(customerIds[i], out var t))
                continue;
            pred.Add(predictedSpend[i]);
            actual.Add(actualSpend[i]);
            oracle.Add(t.Spend);
            churnScore.Add(churnProbability[i]);
            oracleChurn.Add(Math.Exp(-t.Orders));
            labels.Add(churned[i]);
        }
        if (pred.Count == 0)
            throw new InvalidDataException($"{truthPath}: none of the held-out customers has a truth row.");
        var model = RegressionEvaluator.Evaluate(pred.ToArray(), actual.ToArray());
        var perfect = RegressionEvaluator.Evaluate(oracle.ToArray(), actual.ToArray());
        var againstTruth = RegressionEvaluator.Evaluate(pred.ToArray(), oracle.ToArray());
        return new TruthCard(
            pred.Count,
            model.RSquared, perfect.RSquared, againstTruth.RSquared,
            model.NormalizedGini, perfect.NormalizedGini,
            BinaryEvaluator.Auc(churnScore.ToArray(), labels.ToArray()),
            BinaryEvaluator.Auc(oracleChurn.ToArray(), labels.ToArray()),
            "oracle value = expected_future_spend of truth.csv; oracle churn score = exp(−expected_future_orders), i.e. customers ranked by their true expected number of orders");
    }

    static Dictionary<string, (double Spend, double Orders)> Read(string path, DateOnly cutoff, int horizonDays)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty.")).Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i
            : throw new InvalidDataException($"{path}:1: expected a column '{name}' (found: {string.Join(", ", header)}).");
        int id = Column("customer_id"), spend = Column("expected_future_spend"), orders = Column("expected_future_orders"),
            date = Column("truth_date"), horizon = Column("horizon_days");
        var rows = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            if (f.Length != header.Length)
                throw new InvalidDataException($"{path}:{lineNumber}: expected {header.Length} fields, found {f.Length}.");
            if (f[date] != cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) || f[horizon] != horizonDays.ToString(CultureInfo.InvariantCulture))
                throw new InvalidDataException(
                    $"{path}:{lineNumber}: the truth is for {f[date]} over {f[horizon]} days, but the evaluation is as of {cutoff:yyyy-MM-dd} over {horizonDays} days.");
            rows[f[id]] = (Number(f[spend], path, lineNumber, "expected_future_spend"), Number(f[orders], path, lineNumber, "expected_future_orders"));
        }
        return rows;
    }

    static double Number(string text, string path, int line, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{path}:{line}: column '{column}': '{text}' is not a number.");
}
