using System.Runtime.InteropServices;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Btyd;

/// <summary>
/// A transaction model (BG/NBD by default) and Gamma-Gamma fitted on a training snapshot, whose predictions become
/// features of the ML models and the "BTYD + Gamma-Gamma" baseline. Fit it on the training rows only, so no holdout
/// information leaks into the features. It never throws while fitting: a fit that fails, does not converge or has too
/// little data gives an unusable model (<see cref="IsUsable"/>, <see cref="Reason"/>) whose outputs are NaN.
/// </summary>
/// <remarks>
/// Prospects (no purchase yet) get NaN from every output: the BTYD models describe customers from their first
/// purchase on and say nothing about whether or when a prospect makes one. A learner that handles missing values
/// (FastTree does) then treats them as missing; a baseline that must give a number should read NaN for a prospect as 0.
/// </remarks>
public sealed class BtydFeatureModel
{
    /// <summary>Fewer customers with repeat purchases than this and the model is not fitted: the estimates would be noise.</summary>
    public const int MinimumRepeatCustomers = 20;

    readonly ITransactionModel? transactions;
    readonly GammaGamma? spend;
    readonly double populationMeanSpend = double.NaN;

    BtydFeatureModel(BtydModelKind kind, TimeUnit unit, ITransactionModel? transactions, string? reason, GammaGamma? spend, string? spendReason)
    {
        Kind = kind;
        Unit = unit;
        this.transactions = transactions;
        this.spend = spend;
        Reason = transactions is null ? reason ?? "not fitted" : null;
        SpendReason = spend is null ? spendReason ?? "not fitted" : null;
        if (spend is not null)
            populationMeanSpend = spend.PopulationMeanSpend;
        Parameters = new BtydFeatureParameters
        {
            Kind = kind,
            Unit = unit,
            Transactions = transactions?.Parameters.ToDictionary() ?? [],
            Spend = spend?.Parameters.ToDictionary() ?? [],
            UnusableReason = Reason,
            SpendUnusableReason = SpendReason,
        };
    }

    public BtydModelKind Kind { get; }

    /// <summary>The unit the model was fitted in; horizons are given in days and converted.</summary>
    public TimeUnit Unit { get; }

    /// <summary>True when the transaction model was fitted, converged and can predict.</summary>
    public bool IsUsable => transactions is not null;

    /// <summary>Why the transaction model is not usable; null when it is.</summary>
    public string? Reason { get; }

    /// <summary>True when spend can be predicted: the transaction model is usable and Gamma-Gamma converged with q &gt; 1.</summary>
    public bool IsSpendUsable => transactions is not null && spend is not null;

    /// <summary>Why Gamma-Gamma is not usable; null when it is.</summary>
    public string? SpendReason { get; }

    /// <summary>The fitted transaction model, null when unusable.</summary>
    public ITransactionModel? TransactionModel => transactions;

    /// <summary>The fitted spend model, null when unusable.</summary>
    public GammaGamma? SpendModel => spend;

    /// <summary>What to store to rebuild this object with <see cref="FromParameters"/>.</summary>
    public BtydFeatureParameters Parameters { get; }

    /// <summary>
    /// Fits on the customers of <paramref name="rows"/> that have a first purchase (prospects are skipped), using each
    /// row's <see cref="FeatureRow.ToRepeatSummary"/> in <paramref name="unit"/>.
    /// </summary>
    public static BtydFeatureModel Fit(IEnumerable<FeatureRow> rows, TimeUnit unit = TimeUnit.Weeks,
        BtydModelKind kind = BtydModelKind.BgNbd, BtydFitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var customers = new List<RepeatSummary>();
        foreach (var row in rows)
        {
            if (row.ToRepeatSummary(unit) is { } summary)
                customers.Add(summary);
        }

        // Standard errors cost 2k extra gradient evaluations and features never use them.
        options = (options ?? BtydFitOptions.Default) with { ComputeStandardErrors = false };
        var (model, reason) = FitTransactions(customers, unit, kind, options);
        var (spend, spendReason) = model is null ? (null, "the transaction model is not usable") : FitSpend(customers, options);
        return new BtydFeatureModel(kind, unit, model, reason, spend, spendReason);
    }

    /// <summary>Rebuilds a model from stored parameters, with no data and no refit: identical outputs to the fitted one.</summary>
    /// <exception cref="ArgumentException">The parameters are missing a value or hold one that is not positive and finite.</exception>
    public static BtydFeatureModel FromParameters(BtydFeatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var model = parameters.UnusableReason is null
            ? TransactionModels.Create(parameters.Kind, parameters.Transactions, parameters.Unit)
            : null;
        GammaGamma? spend = null;
        if (model is not null && parameters.SpendUnusableReason is null)
        {
            var p = parameters.Spend;
            if (!p.TryGetValue("p", out var shape) || !p.TryGetValue("q", out var q) || !p.TryGetValue("gamma", out var scale))
                throw new ArgumentException("Gamma-Gamma needs parameters p, q and gamma.", nameof(parameters));
            spend = new GammaGamma(shape, q, scale);
            if (!spend.MeanSpendDefined)
                throw new ArgumentException($"Gamma-Gamma q = {q} ≤ 1 has no mean spend; store it as unusable.", nameof(parameters));
        }

        return new BtydFeatureModel(parameters.Kind, parameters.Unit, model, parameters.UnusableReason,
            spend, model is null ? "the transaction model is not usable" : parameters.SpendUnusableReason);
    }

    /// <summary>P(alive) at the row's cutoff; NaN for a prospect or an unusable model.</summary>
    public double ProbabilityAlive(FeatureRow row) =>
        Summary(row) is { } summary ? transactions!.ProbabilityAlive(summary) : double.NaN;

    /// <summary>Expected repeat purchase days in the <paramref name="horizonDays"/> after the row's cutoff; NaN for a prospect or an unusable model.</summary>
    public double ExpectedPurchases(FeatureRow row, double horizonDays)
    {
        CheckHorizon(horizonDays);
        return Summary(row) is { } summary ? transactions!.ExpectedPurchases(horizonDays / Unit.Days(), summary) : double.NaN;
    }

    /// <summary>
    /// As <see cref="ExpectedPurchases(FeatureRow, double)"/>, with the row's <see cref="ProbabilityAlive"/> already worked
    /// out: serving asks for P(alive), expected purchases over the horizon and over the churn window and the next
    /// purchase of one row, and for Pareto/NBD each P(alive) costs two ₂F₁ series.
    /// </summary>
    public double ExpectedPurchases(FeatureRow row, double horizonDays, double alive)
    {
        CheckHorizon(horizonDays);
        return Summary(row) is { } summary ? transactions!.ExpectedPurchases(horizonDays / Unit.Days(), summary, alive) : double.NaN;
    }

    /// <summary>
    /// Days after the row's cutoff by which the customer has a 50 % chance of having bought again
    /// (<see cref="ITransactionModel.TimeToNextPurchase"/>); null when that is not reached within
    /// <paramref name="horizonDays"/> (P(alive) too low, or purchases too rare), for a prospect, for an unusable model, or
    /// when the model cannot compute it at its parameters.
    /// </summary>
    public double? DaysToNextPurchase(FeatureRow row, double horizonDays) => DaysToNextPurchase(row, horizonDays, ProbabilityAlive(row));

    /// <summary>As <see cref="DaysToNextPurchase(FeatureRow, double)"/>, with the row's <see cref="ProbabilityAlive"/> already worked out.</summary>
    public double? DaysToNextPurchase(FeatureRow row, double horizonDays, double alive)
    {
        CheckHorizon(horizonDays);
        return Summary(row) is { } summary && transactions!.TimeToNextPurchase(summary, horizonDays / Unit.Days(), 0.5, alive) is { } time
            && double.IsFinite(time)
            ? time * Unit.Days()
            : null;
    }

    /// <summary>The calendar day by which the chance of a repeat purchase reaches 50 %: the cutoff plus <see cref="DaysToNextPurchase"/>, rounded up.</summary>
    public static DateOnly? NextPurchaseDate(DateOnly asOf, double? days) =>
        days is { } d ? asOf.AddDays(Math.Max(1, (int)Math.Ceiling(d - 1e-9))) : null;

    /// <summary>
    /// Gamma-Gamma expected spend per purchase: the customer's conditional mean E[Z | x, z̄], or the population mean
    /// pγ/(q−1) when there is no repeat purchase or the mean repeat spend is zero or negative (returns). NaN for a
    /// prospect or when spend is not usable.
    /// </summary>
    public double ExpectedSpendPerPurchase(FeatureRow row)
    {
        if (spend is null || Summary(row) is not { } summary)
            return double.NaN;
        return summary.Frequency > 0 && summary.MeanRepeatSpend > 0 && double.IsFinite(summary.MeanRepeatSpend)
            ? spend.ConditionalExpectedSpend(summary)
            : populationMeanSpend;
    }

    /// <summary>
    /// Expected spend in the <paramref name="horizonDays"/> after the cutoff, undiscounted: expected purchases ×
    /// <see cref="ExpectedSpendPerPurchase"/>. This is the "BTYD + Gamma-Gamma" baseline prediction. NaN for a prospect
    /// or when either model is not usable.
    /// </summary>
    public double ExpectedSpend(FeatureRow row, double horizonDays) =>
        ExpectedPurchases(row, horizonDays) * ExpectedSpendPerPurchase(row);

    RepeatSummary? Summary(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return transactions is null ? null : row.ToRepeatSummary(Unit);
    }

    static void CheckHorizon(double horizonDays)
    {
        if (!(horizonDays >= 0) || !double.IsFinite(horizonDays))
            throw new ArgumentOutOfRangeException(nameof(horizonDays), horizonDays, "The horizon must be a finite number of days ≥ 0.");
    }

    /// <summary>
    /// The most customers a Pareto/NBD fit reads: above it, a systematic sample of this many (every n/N-th in the given
    /// order). Its series costs about ten times BG/NBD's closed form per customer (587k generated customers: 14 s against
    /// 1.6 s), and four parameters are pinned by a hundred thousand customers well inside their standard errors.
    /// </summary>
    public const int ParetoNbdSampleSize = 100_000;

    /// <summary>Every (n/<paramref name="size"/>)-th customer when there are more than <paramref name="size"/>; otherwise all of them.</summary>
    internal static List<RepeatSummary> SystematicSample(List<RepeatSummary> customers, int size)
    {
        if (customers.Count <= size)
            return customers;
        var sample = new List<RepeatSummary>(size);
        for (var j = 0; j < size; j++)
            sample.Add(customers[(int)((long)j * customers.Count / size)]);
        return sample;
    }

    static (ITransactionModel? Model, string? Reason) FitTransactions(List<RepeatSummary> customers, TimeUnit unit,
        BtydModelKind kind, BtydFitOptions options)
    {
        if (kind == BtydModelKind.ParetoNbd)
            customers = SystematicSample(customers, ParetoNbdSampleSize);
        var repeat = customers.Count(c => c.Frequency > 0);
        if (repeat < MinimumRepeatCustomers)
            return (null, $"{repeat} customers with repeat purchases in the training snapshot; {kind.DisplayName()} needs at least {MinimumRepeatCustomers}.");
        try
        {
            var model = TransactionModels.Fit(kind, CollectionsMarshal.AsSpan(customers), unit, options);
            return model.Diagnostics.Converged
                ? (model, null)
                : (null, $"{kind.DisplayName()} fit did not converge after {model.Diagnostics.Iterations} iterations: {model.Diagnostics.Message}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            return (null, $"{kind.DisplayName()} fit failed: {e.Message}");
        }
    }

    static (GammaGamma? Model, string? Reason) FitSpend(List<RepeatSummary> customers, BtydFitOptions options)
    {
        var usable = customers.Count(c => c.Frequency > 0 && c.MeanRepeatSpend > 0 && double.IsFinite(c.MeanRepeatSpend));
        if (usable < MinimumRepeatCustomers)
            return (null, $"{usable} customers with repeat purchases and positive mean repeat spend; Gamma-Gamma needs at least {MinimumRepeatCustomers}.");
        try
        {
            // The transaction model's penalty and starting values do not carry over to a model with other parameters.
            var model = GammaGamma.Fit(CollectionsMarshal.AsSpan(customers),
                options with { Penalizer = 0, InitialParameters = null });
            if (!model.Diagnostics.Converged)
                return (null, $"Gamma-Gamma fit did not converge after {model.Diagnostics.Iterations} iterations: {model.Diagnostics.Message}");
            return model.MeanSpendDefined
                ? (model, null)
                : (null, $"Gamma-Gamma q = {model.Q:G4} ≤ 1: the spend distribution has no finite mean.");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            return (null, $"Gamma-Gamma fit failed: {e.Message}");
        }
    }
}
