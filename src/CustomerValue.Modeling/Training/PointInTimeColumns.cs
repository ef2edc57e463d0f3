using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Derived columns fitted at each row's own date. A BTYD model needs no labels: the one behind a row as of date t is
/// fitted on the whole snapshot as of t (every customer's history up to t), never on a snapshot months older. An older
/// fit misjudges a young or growing base (on a marketplace's first months it ranked the validation period's customers
/// near chance), and a stacked table whose older snapshots were scored by the newest fit would teach the trees columns
/// that serving never produces. Out of time only: customer folds of one snapshot keep the fit of their training rows.
/// </summary>
internal sealed class PointInTimeColumns(BtydModelKind? kind, int horizonDays)
{
    readonly Dictionary<DateOnly, DerivedColumns> _byDate = [];

    /// <summary>
    /// Registers <paramref name="snapshot"/>, every row of one snapshot, and returns the columns fitted on it; a date seen
    /// before keeps its first fit (snapshots of one date are built from the same history).
    /// </summary>
    public DerivedColumns Fit(IReadOnlyList<CustomerExample> snapshot)
    {
        if (snapshot.Count == 0)
            return DerivedColumns.Fit([], kind, horizonDays);
        var date = snapshot[0].Features.AsOf;
        lock (_byDate)
        {
            if (_byDate.TryGetValue(date, out var seen))
                return seen;
        }
        // Fitted outside the lock, so that snapshots of different dates are fitted side by side (ModelTrainer does).
        var fitted = DerivedColumns.Fit(snapshot.Select(e => e.Features), kind, horizonDays);
        lock (_byDate)
        {
            if (!_byDate.TryGetValue(date, out var columns))
                _byDate[date] = columns = fitted;
            return columns;
        }
    }

    /// <summary>
    /// The columns for a row: its date's fit when that date's snapshot was registered and gives the same columns as
    /// <paramref name="fallback"/> (the vector layout is fixed by it), otherwise <paramref name="fallback"/>.
    /// </summary>
    public DerivedColumns For(FeatureRow row, DerivedColumns fallback)
    {
        DerivedColumns? columns;
        lock (_byDate)
            _byDate.TryGetValue(row.AsOf, out columns);
        return columns is not null && (columns.Btyd is null) == (fallback.Btyd is null) ? columns : fallback;
    }

    /// <summary>The fit registered for <paramref name="date"/>, or null.</summary>
    public DerivedColumns? At(DateOnly date)
    {
        lock (_byDate)
            return _byDate.GetValueOrDefault(date);
    }
}
