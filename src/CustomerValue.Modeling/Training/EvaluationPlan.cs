namespace CustomerValue.Modeling.Training;

/// <summary>
/// How held-out data is made. Out-of-time: fit on the snapshot one horizon before the cutoff
/// (labels end at the cutoff, so nothing after it leaks in), evaluate on the snapshot at the cutoff.
/// K-fold by customer: for data too short for two snapshots (CDNOW's 78 weeks) or contract data.
/// </summary>
public sealed record EvaluationPlan(string Method, DateOnly? TrainCutoff, DateOnly TestCutoff, string Description)
{
    public static EvaluationPlan Choose(TrainingOptions options, TrainingInput input)
    {
        if (!input.HasTransactions)
        {
            var asOf = options.Cutoff ?? DateOnly.FromDateTime(DateTime.UtcNow);
            return new EvaluationPlan("k-fold", null, asOf,
                $"{options.Folds}-fold cross-validation by customer on the given churn label (contract data, no transactions)");
        }

        var first = input.FirstDate!.Value;
        var last = input.LastDate!.Value;
        var window = Math.Max(options.HorizonDays, options.ChurnDays ?? options.HorizonDays);
        var cutoff = options.Cutoff ?? last.AddDays(-window);
        if (cutoff < first)
            throw new InvalidDataException(
                $"The data covers {first:yyyy-MM-dd} to {last:yyyy-MM-dd} ({last.DayNumber - first.DayNumber} days), too short for a {window}-day label window after a cutoff. Use a shorter --horizon-days or give --cutoff.");
        if (cutoff > last)
            throw new InvalidDataException($"The cutoff {cutoff:yyyy-MM-dd} is after the last transaction ({last:yyyy-MM-dd}): there are no labels to learn from.");

        var trainCutoff = cutoff.AddDays(-window);
        var history = trainCutoff.DayNumber - first.DayNumber;
        var outOfTimePossible = history >= options.MinimumHistoryDays;
        if (options.Evaluation == EvaluationMethod.OutOfTime && !outOfTimePossible)
            throw new InvalidDataException(
                $"Out-of-time evaluation needs a snapshot at {trainCutoff:yyyy-MM-dd} with at least {options.MinimumHistoryDays} days of history before it; the data starts {first:yyyy-MM-dd}.");

        if (options.Evaluation != EvaluationMethod.KFold && outOfTimePossible)
            return new EvaluationPlan("out-of-time", trainCutoff, cutoff,
                $"out-of-time: fitted on features as of {trainCutoff:yyyy-MM-dd} with labels up to {cutoff:yyyy-MM-dd}, evaluated on features as of {cutoff:yyyy-MM-dd} with labels over the {options.HorizonDays} days after it");
        return new EvaluationPlan("k-fold", null, cutoff,
            $"{options.Folds}-fold cross-validation by customer on the snapshot as of {cutoff:yyyy-MM-dd}" +
            (outOfTimePossible ? "" : $" (the data is too short for two snapshots {window} days apart)"));
    }
}
