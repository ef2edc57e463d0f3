namespace CustomerValue.Modeling.Training;

/// <summary>
/// How held-out data is made. Rolling origin (three periods): every choice is made on models fitted on the snapshot
/// at <see cref="TrainCutoff"/> (labels up to <see cref="ValidationCutoff"/>) and judged on the snapshot at the
/// validation cutoff (labels up to the test cutoff); the chosen set is then refitted on the validation snapshot and
/// reported on the snapshot at <see cref="TestCutoff"/>, whose labels nothing was chosen on. Out-of-time (two periods,
/// when the history is too short for three): the same test period, choices on customer folds of the fitted snapshot.
/// K-fold by customer: data too short for two snapshots (CDNOW's 78 weeks) or contract data.
/// </summary>
public sealed record EvaluationPlan(string Method, DateOnly? TrainCutoff, DateOnly TestCutoff, string Description)
{
    public const string RollingOrigin = "rolling-origin";
    public const string OutOfTime = "out-of-time";
    public const string KFold = "k-fold";

    /// <summary>Rolling origin only: the end of the validation snapshot's history, where choices are judged.</summary>
    public DateOnly? ValidationCutoff { get; init; }

    /// <summary>Rolling origin: the snapshot the reported (test-period) models are fitted on; labels end at the test cutoff.</summary>
    public DateOnly? TestFit { get; init; }

    /// <summary>Rolling origin only: the validation period covers the test period's calendar window a year earlier.</summary>
    public bool YearAligned { get; init; }

    /// <summary>
    /// Rolling origin only: why the test period's calendar window a year earlier, which the history covers, was not the
    /// validation period (its models would be fitted on less than a year of history); null when it was, or when the
    /// history does not reach it.
    /// </summary>
    public string? YearAlignmentPassedOver { get; init; }

    /// <summary>
    /// A churn table with signup and churn dates read forward: the as-of date serving starts from, a churn window after
    /// the test cutoff, where the customers still there were described and labelled by whether they left by this date.
    /// Null otherwise.
    /// </summary>
    public DateOnly? ServeAsOf { get; init; }

    /// <summary>Why a churn table with signup and churn dates was read as one table of leavers and stayers rather than forward; null otherwise.</summary>
    public string? OneTableReason { get; init; }

    /// <summary>The fewest customers still there at the forward cutoff, and the fewest of each outcome among them, to read a dated churn table forward.</summary>
    internal const int FewestStillThere = 20, FewestOfEachOutcome = 10;

    /// <summary>The snapshot the reported (test-period) models are fitted on: labels end at the test cutoff.</summary>
    public DateOnly? TestFitCutoff => TestFit ?? TrainCutoff;

    const int DaysPerYear = 365;

    /// <summary>
    /// The longest label windows that <paramref name="span"/> days of history allow for each method: rolling origin needs
    /// three windows after <paramref name="minimumHistory"/> days, out-of-time two, customer folds one.
    /// </summary>
    internal static string HorizonsThatFit(int span, int minimumHistory)
    {
        var rolling = (span - minimumHistory) / 3;
        var outOfTime = (span - minimumHistory) / 2;
        var fits = new List<(int Days, string Allows)>();
        if (rolling >= 1)
            fits.Add((rolling, "choices made in time (rolling origin)"));
        if (outOfTime >= 1)
            fits.Add((outOfTime, "an out-of-time test period"));
        if (span >= 2)
            fits.Add((span - 1, "customer folds of one snapshot"));
        // "a horizon of up to 91 days allows A, one of up to 137 days B": the verb and the unit stay with every figure.
        return fits.Count == 0 ? "" : "With this history, " + string.Join(", ", fits.Select((fit, i) =>
            $"{(i == 0 ? "a horizon" : "one")} of up to {fit.Days} days {(i == 0 ? "allows " : "")}{fit.Allows}")) + ". ";
    }

    /// <summary>
    /// A churn table with signup and churn dates (a subscription export) read forward: the customers still there a churn
    /// window before <paramref name="asOf"/> (signed up by then, not yet left), described as of that day and labelled by
    /// whether they left by <paramref name="asOf"/>, which is the question a churn probability answers. Read as one table
    /// of leavers (as of their churn dates) and stayers, customer folds measure telling the two apart instead: a generated
    /// export of 3,000 subscriptions (monthly churn 1.5–5 % by plan) scored 0.991 so and 0.617 forward, where the
    /// true churn rates score 0.628. When the table also holds enough customers still there two (three) windows before its
    /// end, the models are fitted a window earlier and tested out of time on that last window, and with three windows the
    /// choices are made on the window before it (rolling origin), as transactions are. Null for a table without both
    /// dates; the plan, or why the dates do not allow it (Plan null).
    /// </summary>
    internal static (EvaluationPlan? Plan, string Reason)? Forward(Core.Data.CustomerTable table, DateOnly asOf, int windowDays, int folds,
        EvaluationMethod evaluation = EvaluationMethod.Auto)
    {
        if (!table.Customers.Any(c => c.ChurnDate is not null) || !table.Customers.Any(c => c.SignupDate is not null))
            return null;
        (string Counts, bool Enough) Window(int windowsBefore)
        {
            var end = asOf.AddDays(-(windowsBefore - 1) * windowDays);
            var at = end.AddDays(-windowDays);
            int there = 0, leaving = 0;
            foreach (var customer in table.Customers)
            {
                // The customers the snapshot holds (FeatureBuilder with OnlyCustomersStillThere): signed up by then, not gone.
                if (customer.SignupDate > at || customer.GoneBy(at))
                    continue;
                there++;
                if (customer.ChurnDate <= end)
                    leaving++;
            }
            var counts = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{there:N0} customers were still there on {at:yyyy-MM-dd}, a {windowDays}-day churn window before {end:yyyy-MM-dd}, and {leaving:N0} of them left within it");
            return (counts, there >= FewestStillThere && leaving >= FewestOfEachOutcome && there - leaving >= FewestOfEachOutcome);
        }
        string TooFew(string counts, string more = "") =>
            $"{counts}: too few to learn from (at least {FewestStillThere} customers, {FewestOfEachOutcome} who left and {FewestOfEachOutcome} who stayed{more})";

        var test = asOf.AddDays(-windowDays);
        var (testCounts, testEnough) = Window(1);
        if (!testEnough)
            return (null, TooFew(testCounts, "; a shorter --churn-days or --horizon-days moves the date later"));
        const string labels = "each described as of that day, labelled by whether they left within the window; the table's signup and churn dates allow it";
        var fit = test.AddDays(-windowDays);
        var (fitCounts, fitEnough) = evaluation == EvaluationMethod.KFold ? ("", false) : Window(2);
        if (evaluation is EvaluationMethod.OutOfTime or EvaluationMethod.RollingOrigin && !fitEnough)
            throw new InvalidDataException(
                $"{(evaluation == EvaluationMethod.RollingOrigin ? "Rolling-origin" : "Out-of-time")} evaluation of a dated churn table fits its models a churn window before the test: {TooFew(fitCounts)}. Use a shorter --churn-days or --horizon-days, or --evaluation k-fold.");
        if (evaluation != EvaluationMethod.KFold && fitEnough)
        {
            var reported = $"reported on the next window: {testCounts} ({labels})";
            var (validationCounts, threeWindows) = evaluation == EvaluationMethod.OutOfTime ? ("", false) : Window(3);
            if (evaluation == EvaluationMethod.RollingOrigin && !threeWindows)
                throw new InvalidDataException(
                    $"Rolling-origin evaluation of a dated churn table judges its choices a churn window before the test window: {TooFew(validationCounts)}. Use a shorter --churn-days or --horizon-days, or --evaluation out-of-time.");
            if (threeWindows)
                return (new EvaluationPlan(RollingOrigin, fit.AddDays(-windowDays), test,
                    $"rolling origin, read forward: choices made on models fitted on the first of three windows ({validationCounts}) and judged on the " +
                    $"next ({fitCounts}); the chosen models refitted on the {fit:yyyy-MM-dd} snapshot and {reported}")
                {
                    ValidationCutoff = fit, TestFit = fit, ServeAsOf = asOf,
                }, testCounts);
            return (new EvaluationPlan(OutOfTime, fit, test,
                $"out-of-time, read forward: fitted on the customers still there on {fit:yyyy-MM-dd} (labelled by whether they left within a churn window: " +
                $"{fitCounts}) and {reported}; choices were made on customer folds of the fitted snapshot" +
                (evaluation == EvaluationMethod.OutOfTime ? " (--evaluation out-of-time)" : $" (a validation window before it as well would need more customers: {TooFew(validationCounts)})"))
            {
                ServeAsOf = asOf,
            }, testCounts);
        }
        return (new EvaluationPlan(KFold, null, test,
            $"{folds}-fold cross-validation by customer, read forward: {testCounts} ({labels})" +
            (evaluation == EvaluationMethod.KFold ? "" : $"; not tested out of time, a window earlier: {TooFew(fitCounts)}"))
        {
            ServeAsOf = asOf,
        }, testCounts);
    }

    public static EvaluationPlan Choose(TrainingOptions options, TrainingInput input)
    {
        if (!input.HasTransactions)
        {
            // An export's stayers are counted to its last signup or churn date, not to the day it is read.
            var asOf = options.Cutoff ?? input.Customers?.LastDate ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var oneTable = new EvaluationPlan(KFold, null, asOf,
                $"{options.Folds}-fold cross-validation by customer on the given churn label (contract data, no transactions)");
            return input.Customers is { } table && Forward(table, asOf, options.ChurnDays ?? options.HorizonDays, options.Folds, options.Evaluation) is { } forward
                ? forward.Plan ?? oneTable with { OneTableReason = forward.Reason }
                : oneTable;
        }

        var first = input.FirstDate!.Value;
        var last = input.LastDate!.Value;
        var window = Math.Max(options.HorizonDays, options.ChurnDays ?? options.HorizonDays);
        var cutoff = options.Cutoff ?? last.AddDays(-window);
        if (options.Cutoff is { } given && given < first)
            throw new InvalidDataException($"The cutoff {given:yyyy-MM-dd} is before the first transaction ({first:yyyy-MM-dd}): no customer is known at it. Give a --cutoff between {first:yyyy-MM-dd} and {last:yyyy-MM-dd}" +
                (last.AddDays(-window) >= first ? $", or leave it out ({last.AddDays(-window):yyyy-MM-dd}, a {window}-day label window before the last transaction)." : "."));
        if (cutoff < first)
            throw new InvalidDataException(
                $"The data covers {first:yyyy-MM-dd} to {last:yyyy-MM-dd} ({last.DayNumber - first.DayNumber} days), too short for a {window}-day label window after a cutoff. " +
                $"{HorizonsThatFit(last.DayNumber - first.DayNumber, options.MinimumHistoryDays)}Use a shorter --horizon-days (and --churn-days) or give --cutoff.");
        if (cutoff > last)
            throw new InvalidDataException($"The cutoff {cutoff:yyyy-MM-dd} is after the last transaction ({last:yyyy-MM-dd}): there are no labels to learn from.");

        bool Enough(DateOnly snapshot) => snapshot.DayNumber - first.DayNumber >= options.MinimumHistoryDays;
        // The validation period sits a whole year before the test period when the history allows: it then covers the
        // same calendar window, and the models judged on it are fitted on the same season as the test period's, so a
        // seasonal base's scale of totals and choices carry over. Otherwise it is the period just before the test period.
        var yearBefore = cutoff.AddYears(-1);
        var yearAligned = window < DaysPerYear && Enough(yearBefore.AddDays(-window));
        string? passedOver = null;
        // The models judged in that window are fitted a horizon before it. Fitted on a base's first months (few customers,
        // fewer repeat buyers, no season seen yet) they judge nothing the test period's models will face: a young
        // marketplace at 90 days was judged on models fitted six months after its start, whose BTYD fit was unusable,
        // and its test total came out 37 % short where the period just before gave +9 %.
        var alignedFit = yearBefore.AddDays(-window);
        if (yearAligned && alignedFit.DayNumber - first.DayNumber < DaysPerYear)
        {
            yearAligned = false;
            passedOver = $"the test period's calendar window a year earlier was passed over: its models would be fitted on features as of " +
                $"{alignedFit:yyyy-MM-dd}, {alignedFit.DayNumber - first.DayNumber} days after the data starts, and a year of history is needed to judge on";
        }
        var validationCutoff = yearAligned ? yearBefore : cutoff.AddDays(-window);
        var trainCutoff = validationCutoff.AddDays(-window);
        var testFit = cutoff.AddDays(-window);
        var outOfTimePossible = Enough(testFit);
        var threePeriods = Enough(trainCutoff);
        if (options.Evaluation is EvaluationMethod.OutOfTime or EvaluationMethod.RollingOrigin && !outOfTimePossible)
            throw new InvalidDataException(
                $"{(options.Evaluation == EvaluationMethod.RollingOrigin ? "Rolling-origin" : "Out-of-time")} evaluation needs a snapshot at {testFit:yyyy-MM-dd} with at least {options.MinimumHistoryDays} days of history before it; the data starts {first:yyyy-MM-dd}.");
        if (options.Evaluation == EvaluationMethod.RollingOrigin && !threePeriods)
            throw new InvalidDataException(
                $"Rolling-origin evaluation needs a snapshot at {trainCutoff:yyyy-MM-dd} with at least {options.MinimumHistoryDays} days of history before it; the data starts {first:yyyy-MM-dd}.");

        var test = $"reported on features as of {cutoff:yyyy-MM-dd} with labels over the {options.HorizonDays} days after it";
        if (options.Evaluation is EvaluationMethod.Auto or EvaluationMethod.RollingOrigin && threePeriods)
            return new EvaluationPlan(RollingOrigin, trainCutoff, cutoff,
                $"rolling origin: choices made on models fitted on features as of {trainCutoff:yyyy-MM-dd} (labels to {validationCutoff:yyyy-MM-dd}) " +
                $"and judged on features as of {validationCutoff:yyyy-MM-dd} (labels to {validationCutoff.AddDays(options.HorizonDays):yyyy-MM-dd}" +
                (yearAligned ? ", the test period's calendar window a year earlier" : ", the period before the test period") +
                $"); the chosen models refitted on the {testFit:yyyy-MM-dd} snapshot and {test}" +
                (passedOver is null ? "" : $"; {passedOver}"))
            { ValidationCutoff = validationCutoff, TestFit = testFit, YearAligned = yearAligned, YearAlignmentPassedOver = passedOver };
        if (options.Evaluation != EvaluationMethod.KFold && outOfTimePossible)
            return new EvaluationPlan(OutOfTime, testFit, cutoff,
                $"out-of-time: fitted on features as of {testFit:yyyy-MM-dd} with labels up to {cutoff:yyyy-MM-dd}, {test}; " +
                (options.Evaluation == EvaluationMethod.OutOfTime
                    ? "choices were made on customer folds of the fitted snapshot (--evaluation out-of-time)"
                    : $"the history is too short for a validation period as well (it would need a snapshot at {trainCutoff:yyyy-MM-dd} with " +
                      $"{options.MinimumHistoryDays} days of history; the data starts {first:yyyy-MM-dd}), so choices were made on customer folds of the fitted snapshot"));
        return new EvaluationPlan(KFold, null, cutoff,
            $"{options.Folds}-fold cross-validation by customer on the snapshot as of {cutoff:yyyy-MM-dd}" +
            (outOfTimePossible ? "" : $" (the data is too short for two snapshots {window} days apart: the earlier, as of {testFit:yyyy-MM-dd}, would have " +
                (testFit > first ? $"{testFit.DayNumber - first.DayNumber} days of history before it" : $"none of the history, which starts {first:yyyy-MM-dd}") +
                $", and {options.MinimumHistoryDays} days are needed; so choices were made on customer folds inside each fold's training rows)"));
    }
}
