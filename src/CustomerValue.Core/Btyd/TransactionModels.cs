namespace CustomerValue.Core.Btyd;

/// <summary>Fits or rebuilds any of the three transaction models by <see cref="BtydModelKind"/>.</summary>
public static class TransactionModels
{
    /// <summary>The model's usual written name: BG/NBD, Pareto/NBD, MBG/NBD.</summary>
    public static string DisplayName(this BtydModelKind kind) => kind switch
    {
        BtydModelKind.BgNbd => "BG/NBD",
        BtydModelKind.ParetoNbd => "Pareto/NBD",
        BtydModelKind.MbgNbd => "MBG/NBD",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown BTYD model."),
    };

    /// <summary>Parameter names in the model's order, as in <see cref="ITransactionModel.Parameters"/>.</summary>
    public static IReadOnlyList<string> ParameterNames(this BtydModelKind kind) => kind switch
    {
        BtydModelKind.BgNbd or BtydModelKind.MbgNbd => ["r", "alpha", "a", "b"],
        BtydModelKind.ParetoNbd => ["r", "alpha", "s", "beta"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown BTYD model."),
    };

    public static ITransactionModel Fit(BtydModelKind kind, ReadOnlySpan<RepeatSummary> customers, TimeUnit unit, BtydFitOptions? options = null) =>
        kind switch
        {
            BtydModelKind.BgNbd => BgNbd.Fit(customers, unit, options),
            BtydModelKind.ParetoNbd => ParetoNbd.Fit(customers, unit, options),
            BtydModelKind.MbgNbd => MbgNbd.Fit(customers, unit, options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown BTYD model."),
        };

    /// <summary>A model from saved parameters (by name, as <see cref="ITransactionModel.Parameters"/> gives them), without refitting.</summary>
    /// <exception cref="ArgumentException">A parameter is missing, or one is not a positive finite number.</exception>
    public static ITransactionModel Create(BtydModelKind kind, IReadOnlyDictionary<string, double> parameters, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = kind.ParameterNames();
        var values = new double[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!parameters.TryGetValue(names[i], out values[i]))
            {
                throw new ArgumentException(
                    $"{kind.DisplayName()} needs parameters {string.Join(", ", names)}; '{names[i]}' is missing.", nameof(parameters));
            }
        }

        return kind switch
        {
            BtydModelKind.BgNbd => new BgNbd(values[0], values[1], values[2], values[3], unit),
            BtydModelKind.ParetoNbd => new ParetoNbd(values[0], values[1], values[2], values[3], unit),
            _ => new MbgNbd(values[0], values[1], values[2], values[3], unit),
        };
    }
}
