using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Core.Models;

/// <summary>
/// The derived model columns of a row, in the order of <see cref="Columns"/>: the historic-formula
/// value over the horizon (a product trees cannot form from its factors), and the outputs of a BTYD
/// model (P(alive), expected purchases and expected spend over the horizon) fitted on the training
/// snapshot only. Serving rebuilds the same model from the card's parameters.
/// </summary>
public sealed class DerivedColumns
{
    public const string HistoricValueColumn = "historic_value";
    public const string ProbabilityAliveColumn = "btyd_p_alive";
    public const string ExpectedPurchasesColumn = "btyd_expected_purchases";
    public const string ExpectedSpendColumn = "btyd_expected_spend";

    /// <summary>What a prospect (or a row the model cannot score) gets: trees split it off from every real value.</summary>
    public const double Undefined = -1;

    static readonly string[] BtydColumns = [HistoricValueColumn, ProbabilityAliveColumn, ExpectedPurchasesColumn, ExpectedSpendColumn];
    static readonly string[] PlainColumns = [HistoricValueColumn];

    readonly BtydFeatureModel? _btyd;
    readonly int _horizonDays;

    DerivedColumns(BtydFeatureModel? btyd, int horizonDays)
    {
        _btyd = btyd is { IsUsable: true } ? btyd : null;
        _horizonDays = horizonDays;
    }

    /// <summary>For a bundle written before derived columns existed.</summary>
    public static DerivedColumns None { get; } = new(null, 0) { _noColumns = true };

    bool _noColumns;

    /// <summary>The BTYD model behind the columns, when it could be fitted; null otherwise.</summary>
    public BtydFeatureModel? Btyd => _btyd;

    public IReadOnlyList<string> Columns => _noColumns ? [] : _btyd is null ? PlainColumns : BtydColumns;

    public static DerivedColumns Fit(IEnumerable<FeatureRow> rows, BtydModelKind? kind, int horizonDays) =>
        new(kind is { } k ? BtydFeatureModel.Fit(rows, TimeUnit.Weeks, k) : null, horizonDays);

    public static DerivedColumns FromCard(ModelCard card)
    {
        if (card.Vector.Derived.Count == 0)
            return None;
        var scorer = new DerivedColumns(card.Btyd is { } parameters ? BtydFeatureModel.FromParameters(parameters) : null, card.HorizonDays);
        if (!scorer.Columns.SequenceEqual(card.Vector.Derived))
            throw new InvalidDataException($"The model card's derived columns ({string.Join(", ", card.Vector.Derived)}) are not the ones this version computes ({string.Join(", ", scorer.Columns)}).");
        return scorer;
    }

    public DerivedValues Derive(FeatureRow row)
    {
        if (_noColumns)
            return new DerivedValues([], null, null);
        var historic = HistoricFormula.Value(row, _horizonDays);
        if (_btyd is null)
            return new DerivedValues([historic], null, null);
        var alive = _btyd.ProbabilityAlive(row);
        var purchases = _btyd.ExpectedPurchases(row, _horizonDays, alive);
        var spend = _btyd.ExpectedSpend(purchases, row);
        return new DerivedValues(
            [historic, Defined(alive), Defined(purchases), Defined(spend)],
            double.IsFinite(alive) ? alive : null,
            double.IsFinite(purchases) ? purchases : null,
            double.IsFinite(spend) ? spend : null);
    }

    /// <summary>
    /// One value of <see cref="Derive"/>, by its index in <see cref="Columns"/>: what an explanation naming one or two
    /// derived columns needs, without the BTYD work behind the others.
    /// </summary>
    public double Derive(FeatureRow row, int column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return column switch
        {
            0 when !_noColumns => HistoricFormula.Value(row, _horizonDays),
            1 when _btyd is not null => Defined(_btyd.ProbabilityAlive(row)),
            2 when _btyd is not null => Defined(_btyd.ExpectedPurchases(row, _horizonDays)),
            3 when _btyd is not null => Defined(_btyd.ExpectedSpend(row, _horizonDays)),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, $"There are {Columns.Count} derived columns."),
        };
    }

    static double Defined(double value) => double.IsFinite(value) ? value : Undefined;
}

public sealed record DerivedValues(double[] Values, double? ProbabilityAlive, double? ExpectedPurchases, double? ExpectedSpend = null);
