using System.Globalization;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Where the level of a horizon's summed prediction comes from out of time: a model that needs no labels (a simple rule,
/// or BTYD + Gamma-Gamma fitted at the origin's own date), times its Σ actual / Σ predicted at the validation origin.
/// The winner ranks the customers and its values are scaled to share that total.
/// </summary>
/// <remarks>
/// The winner's own validation ratio carries the lag between its fit and its validation origin: trees fitted on labels
/// that end where validation begins learn the repeat rate of the period before, and on a growing or changing base that
/// rate moves by the next period (on a marketplace's first two years the hybrid's validation ratio, 1.8, left its test
/// total +101 % off while last period's spend, scaled by its own validation ratio, was 4 % off). A model fitted at the
/// origin itself has no such lag. Of those, the anchor is the one whose ratio was steadiest across the origins before the
/// validation period's labels end (the stacked snapshots of the validation fit, monthly origins up to the validation
/// origin, and the validation origin): the smallest
/// standard deviation of log(Σ actual / Σ predicted), each origin with at least <see cref="MinimumBuyers"/> buyers.
/// </remarks>
internal sealed record TotalsAnchor(string Candidate, double Ratio, DateOnly MeasuredAt, string Reason, TotalsQuantity Quantity = TotalsQuantity.Spend)
{
    /// <summary>
    /// False for <see cref="AtOwnLevel"/>: the ratio is 1 by rule, not measured, so serving keeps it rather than measuring
    /// it again at the test origin.
    /// </summary>
    public bool RatioMeasured { get; init; } = true;

    /// <summary>The renewal model's totals, for the <see cref="Renewals"/> anchor of a billing history; null otherwise.</summary>
    public RenewalTotals? RenewalModel { get; init; }

    /// <summary>
    /// A rule anchor's mix at <see cref="MeasuredAt"/>, the one its ratio was read on (<see cref="MixAt"/>); empty for BTYD's
    /// and the renewals' anchors.
    /// </summary>
    public IReadOnlyList<double> ReferenceMix { get; init; } = [];

    /// <summary>BTYD + Gamma-Gamma's Σ actual / Σ predicted at <see cref="MeasuredAt"/>: the total a rule anchor gives way to when the mix moves (<see cref="MixMoved"/>).</summary>
    public double BtydRatio { get; init; } = double.NaN;

    /// <summary>The anchor's Σ actual / Σ predicted at each origin it was chosen on, the validation origin last (NaN where unusable).</summary>
    public IReadOnlyList<(DateOnly Date, double Ratio)> Series { get; init; } = [];

    /// <summary>
    /// Whether the ratio is read a year before the window it scales, not a horizon before (<see cref="ReadAYearBefore"/>):
    /// a seasonal base's ratio comes back with the calendar.
    /// </summary>
    public bool YearAgo { get; init; }

    /// <summary>The whole months nearest <paramref name="horizonDays"/>: how far before an origin a horizon-earlier reading is compared.</summary>
    static int LagMonths(int horizonDays) => (int)Math.Round(horizonDays / (365.25 / 12));

    /// <summary>Whether a horizon of <paramref name="horizonDays"/> has two readings to choose from: from a month to less than a year.</summary>
    public static bool ChoosesReading(int horizonDays) => LagMonths(horizonDays) is >= 1 and < 12;

    /// <summary>How much better a ratio read a year earlier must have foretold the origins' own than one read a horizon earlier.</summary>
    public const double SeasonMargin = 0.75;

    /// <summary>
    /// Which reading of the ratio serves: at each origin of <see cref="Series"/> that has both, the ratio read a year
    /// earlier (from the series or <paramref name="yearEarlier"/>, origins within a week) against the one read a horizon
    /// earlier (the months nearest the horizon), by mean |log| of their ratio to the origin's own; a year earlier is taken
    /// when it is below <see cref="SeasonMargin"/> × the other's over at least <see cref="MinimumOrigins"/> origins. The
    /// reason says which and by how much. Unchanged for a horizon of less than a month or of a year or more.
    /// </summary>
    /// <remarks>
    /// Measured on a generated fashion base (H&amp;M's shape: 60,000 customers over two years, a November–December peak,
    /// 90-day horizon, forecast as of 2020-09-22 against what followed): last period's spend's ratio went 0.57 to 0.98 with
    /// the season; read a horizon before (0.763, in summer) the served value was −16.8 % off, a year before +7.3 %. Olist's
    /// ratios grow with the base (0.004 to 0.022 at 90 days), where a year earlier would foretell worse; its origins a year
    /// before had too few buyers to read.
    /// </remarks>
    public TotalsAnchor ReadAYearBefore(IReadOnlyList<(DateOnly Date, double Ratio)> yearEarlier, int horizonDays)
    {
        if (!ChoosesReading(horizonDays))
            return this;
        var lagMonths = LagMonths(horizonDays);
        static bool Usable(double ratio) => double.IsFinite(ratio) && ratio > 0;
        var known = Series.Concat(yearEarlier).Where(o => Usable(o.Ratio)).ToList();
        double At(DateOnly date) => known.Where(o => Math.Abs(o.Date.DayNumber - date.DayNumber) <= 7)
            .OrderBy(o => Math.Abs(o.Date.DayNumber - date.DayNumber)).Select(o => o.Ratio).DefaultIfEmpty(double.NaN).First();
        var pairs = Series.Where(o => Usable(o.Ratio))
            .Select(o => (o.Ratio, Year: At(o.Date.AddYears(-1)), Lag: At(o.Date.AddMonths(-lagMonths))))
            .Where(p => Usable(p.Year) && Usable(p.Lag))
            .ToList();
        if (pairs.Count < MinimumOrigins)
            return this;
        var yearError = pairs.Average(p => Math.Abs(Math.Log(p.Ratio / p.Year)));
        var lagError = pairs.Average(p => Math.Abs(Math.Log(p.Ratio / p.Lag)));
        var yearAgo = yearError < SeasonMargin * lagError;
        var errors = string.Create(CultureInfo.InvariantCulture,
            $"over {pairs.Count} origins its ratio a year earlier was {Math.Exp(yearError) - 1:0.0%} off the origin's own on average, a horizon earlier {Math.Exp(lagError) - 1:0.0%}");
        return this with
        {
            YearAgo = yearAgo,
            Reason = Reason + (yearAgo
                ? $"; read a year before the window it scales, as the base's ratio comes back with the calendar: {errors}"
                : string.Create(CultureInfo.InvariantCulture, $"; read a horizon before the window it scales: {errors} (a year earlier is read when below {SeasonMargin} × the other)")),
        };
    }

    /// <summary>
    /// The anchor of a monthly billing history: its renewals over the horizon (<see cref="RenewalTotals"/>, sBG on the
    /// monthly cohorts as they stood at each origin), in place of BTYD where BTYD would stand at its own level, and one
    /// more candidate where the anchors compete on their steadiness.
    /// </summary>
    public const string Renewals = "sbg-renewals";

    /// <summary>
    /// The anchor out of time without a validation period: BTYD (with Gamma-Gamma for spend) fitted at each origin itself,
    /// at its own level (ratio 1). The only ratio there is to measure is one on customer folds of the fitted snapshot,
    /// which carries the lag between that snapshot and the origin it would scale, and the history holds no earlier
    /// origin to check that the lag stays put.
    /// </summary>
    /// <remarks>
    /// Measured on ten such runs (CDNOW sample and master at horizons of 180 and 200 days, single cohorts a few months old
    /// at the fitted snapshot; Olist at 240 and 270; the data-samples base and three generated bases at 365): the customer
    /// folds' scales left the test totals 14.7 % off on average for value and 31.6 % for purchases (Olist at 270 days:
    /// −50.9 % and +118.9 %; CDNOW's sample at 200: +55.3 % for purchases, its scale 1.49 read where the cohort was four
    /// months old), BTYD + Gamma-Gamma at its own level 5.1 % and 4.6 %; it was the worse of the two on one value total
    /// (a generated base: −5.7 % against +3.5 %) and three purchase totals (by 0.3 to 6.7 points).
    /// </remarks>
    public static TotalsAnchor AtOwnLevel(TotalsQuantity quantity, DateOnly fitted, RenewalTotals? renewals = null) =>
        new(renewals is null ? ClvCandidates.Btyd : Renewals, 1, fitted,
            $"totals from {Name(renewals is null ? ClvCandidates.Btyd : Renewals, quantity)} fitted at each origin itself, at its own level: the history is too short for a validation period, and a Σ actual / Σ predicted read on customer folds of the snapshot as of {fitted:yyyy-MM-dd} carries the lag between that snapshot and the origin it would scale" +
            (renewals is null ? "" : RenewalsWhy),
            quantity)
        {
            RatioMeasured = false,
            RenewalModel = renewals,
        };

    const string RenewalsWhy = "; the purchases are monthly billing, so the level is the renewals' (sBG on the billing history's monthly cohorts at that origin), not BTYD's, which reads regular charges as a purchase rate";

    const string ServedPrefix = "served totals from ";

    /// <summary>Whether a card's scale reason is <see cref="ServedAtOwnLevel"/>'s.</summary>
    public static bool IsServedAtOwnLevel(string? scaleReason) => scaleReason?.StartsWith(ServedPrefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// The served anchor of customer folds of one period (a history shorter than two horizons): BTYD (with Gamma-Gamma for
    /// spend) fitted on the snapshot as of the data's end, at its own level. The folds' Σ actual / Σ predicted scales the
    /// test rows, which come from the period it was read on; serving starts a horizon later, from an older base.
    /// </summary>
    /// <remarks>
    /// Measured on six histories cut short so that a later period exists to check the served forecast against (CDNOW
    /// master cut at 1997-11-30 and 1997-12-31 and its sample at 1997-11-30, 180 days; Olist cut at 2017-12-31, 240 days;
    /// the data-samples base cut at 2024-12-31 and a generated base at 2023-12-31, 365 days): the folds' scale served
    /// totals 9.3 % off on average for value and 8.3 % for purchases (Olist: −17.9 % and +25.5 %; CDNOW's sample −19.2 %
    /// for value), BTYD + Gamma-Gamma of the run's kind fitted at the end 2.6 % and 3.2 %, worse on one figure (CDNOW
    /// master cut at 1997-11-30: value −1.7 % against −1.1 %). A seventh cut, Olist at 2017-10-31, fitted no BTYD model
    /// on its backtest (one repeat buyer in the training snapshot); the fallback kind fitted at the data's end served
    /// −25.9 % and −28.3 % where the folds' scale served −61.5 % and −35.2 %.
    /// </remarks>
    public static TotalsAnchor ServedAtOwnLevel(TotalsQuantity quantity, BtydModelKind kind, DateOnly cutoff, DateOnly end, RenewalTotals? renewals = null) =>
        new(renewals is null ? ClvCandidates.Btyd : Renewals, 1, end,
            $"{ServedPrefix}{(renewals is null ? $"{Name(ClvCandidates.Btyd, quantity)} ({kind.DisplayName()})" : Name(Renewals, quantity))} fitted on the snapshot as of the data's end ({end:yyyy-MM-dd}), at its own level: the test rows are customer folds of the period after {cutoff:yyyy-MM-dd}, and the Σ actual / Σ predicted read on them carries the lag between that snapshot and the data's end it would scale" +
            (renewals is null ? "" : RenewalsWhy),
            quantity)
        {
            RatioMeasured = false,
            RenewalModel = renewals,
        };

    /// <summary>The models that can anchor a total: they need no labels, so each is out of sample at every origin.</summary>
    public static IReadOnlyList<string> Candidates { get; } = [ClvCandidates.Btyd, ClvCandidates.Historic, ClvCandidates.LastPeriodSpend];

    /// <summary>Origins with fewer customers who bought in the horizon say little about a ratio of totals.</summary>
    public const int MinimumBuyers = 20;

    /// <summary>Origins an anchor's steadiness needs; with fewer the winner keeps its own validation ratio.</summary>
    public const int MinimumOrigins = 3;

    /// <summary>
    /// The steadiest anchor of each quantity over <paramref name="earlier"/> (one snapshot per item, origins before the
    /// reference, visited once) and <paramref name="reference"/> (the validation origin's rows), with its ratio measured at
    /// the reference; null for a quantity when no anchor has <see cref="MinimumOrigins"/> usable origins or a positive
    /// ratio at the reference. <paramref name="btydOf"/> gives the BTYD model fitted on a snapshot.
    /// </summary>
    public static (TotalsAnchor? Spend, TotalsAnchor? Purchases) Choose(
        IEnumerable<IReadOnlyList<CustomerExample>> earlier, IReadOnlyList<CustomerExample> reference,
        Func<IReadOnlyList<CustomerExample>, BtydFeatureModel?> btydOf, int horizonDays, RenewalTotals? renewals = null)
    {
        if (reference.Count == 0)
            return (null, null);
        var quantities = new[] { TotalsQuantity.Spend, TotalsQuantity.Purchases };
        IReadOnlyList<string> candidates = renewals is null ? Candidates : [.. Candidates, Renewals];
        var ratios = quantities.ToDictionary(q => q, _ => candidates.ToDictionary(c => c, _ => new List<(DateOnly Date, double Ratio)>()));
        foreach (var rows in earlier.Where(r => r.Count > 0 && r[0].Features.AsOf < reference[0].Features.AsOf).Append(reference))
        {
            var btyd = btydOf(rows);
            foreach (var quantity in quantities)
                foreach (var candidate in candidates)
                    ratios[quantity][candidate].Add((rows[0].Features.AsOf, RatioAt(candidate, rows, _ => btyd, horizonDays, quantity, renewals)));
        }
        var features = reference.Select(e => e.Features).ToList();
        TotalsAnchor? Chosen(TotalsQuantity quantity) => Steadiest(ratios[quantity], quantity) is { } anchor
            ? anchor with
            {
                RenewalModel = renewals,
                ReferenceMix = anchor.MixAt(features, horizonDays),
                BtydRatio = ratios[quantity][ClvCandidates.Btyd][^1].Ratio,
                Series = ratios[quantity][anchor.Candidate],
            }
            : null;
        return (Chosen(TotalsQuantity.Spend), Chosen(TotalsQuantity.Purchases));
    }

    /// <summary>The anchors that are rules of the history (no model of each customer's age): last period's spend and the historic formula.</summary>
    static bool IsRule(string candidate) => candidate is ClvCandidates.LastPeriodSpend or ClvCandidates.Historic;

    /// <summary>The anchor with the smallest standard deviation of log ratio (<see cref="Preferred"/>); the last entry of each list is the reference.</summary>
    static TotalsAnchor? Steadiest(Dictionary<string, List<(DateOnly Date, double Ratio)>> byCandidate, TotalsQuantity quantity)
    {
        var steadiness = new List<(string Candidate, double Spread, int Origins, double Ratio, DateOnly Date)>();
        var lines = new List<string>();
        foreach (var (candidate, all) in byCandidate)
        {
            var reference = all[^1];
            var usable = all.Where(o => double.IsFinite(o.Ratio) && o.Ratio > 0).OrderBy(o => o.Date).ToList();
            if (usable.Count < MinimumOrigins || !(reference.Ratio > 0) || !double.IsFinite(reference.Ratio))
            {
                lines.Add($"{Name(candidate, quantity)}: {usable.Count} usable origin(s)");
                continue;
            }
            var logs = usable.Select(o => Math.Log(o.Ratio)).ToList();
            var mean = logs.Average();
            var spread = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Count - 1));
            lines.Add($"{Name(candidate, quantity)}: sd of log ratio {spread:0.000} over {usable.Count} origins ({string.Join(", ", usable.Select(o => $"{o.Date:yyyy-MM-dd} {o.Ratio:0.###}"))})");
            steadiness.Add((candidate, spread, usable.Count, reference.Ratio, reference.Date));
        }
        if (Preferred([.. steadiness.Select(s => (s.Candidate, s.Spread, s.Origins))]) is not { } anchor)
            return null;
        var best = steadiness.First(s => s.Candidate == anchor.Candidate);
        return new TotalsAnchor(best.Candidate, best.Ratio, best.Date,
            $"totals from {Name(best.Candidate, quantity)}, {anchor.Why} ({string.Join("; ", lines)}); its ratio at the validation origin {best.Date:yyyy-MM-dd} is {best.Ratio:0.###}", quantity);
    }

    /// <summary>
    /// The steadiest of <paramref name="steadiness"/> (standard deviation of log ratio over its origins), with one
    /// handicap: the historic formula extrapolates the whole history as if every customer stays, while BTYD + Gamma-Gamma
    /// models dropout, so the historic formula anchors instead of BTYD only when it is steadier by more than an sd from a
    /// handful of origins can tell: below (1 − 1/√(2(n − 1))) of BTYD's, n the fewer origins of the two (the relative
    /// standard error of an sd: 41 % from 4 origins, 25 % from 9). On a closed cohort the historic formula's ratio was
    /// 0.048 steady against BTYD's 0.056 over four origins and then fell 22 % by the test period, where BTYD's would have
    /// left the total 7 % off instead of 30 %. Last period's spend (or purchases) reads only the latest horizon, where a
    /// customer who left has nothing, so it competes with BTYD on its sd alone: on Olist's purchases it was 0.131 against
    /// BTYD's 0.137, and anchoring on BTYD left the test total +62 % off where last period's purchases left it +5 %.
    /// </summary>
    internal static (string Candidate, string Why)? Preferred(IReadOnlyList<(string Candidate, double Spread, int Origins)> steadiness)
    {
        const string Steadiest = "whose Σ actual / Σ predicted was steadiest across the origins up to the validation origin";
        if (steadiness.Count == 0)
            return null;
        var btyd = steadiness.FirstOrDefault(s => s.Candidate == ClvCandidates.Btyd);
        double Factor((string Candidate, double Spread, int Origins) rule) => 1 - (1 / Math.Sqrt(2.0 * (Math.Min(rule.Origins, btyd.Origins) - 1)));
        // The historic formula's sd, as far as it counts against BTYD's.
        double Handicapped((string Candidate, double Spread, int Origins) s) =>
            s.Candidate == ClvCandidates.Historic && btyd.Candidate is not null ? s.Spread / Factor(s) : s.Spread;
        var steadiest = steadiness.OrderBy(s => s.Spread).First();
        var chosen = steadiness.OrderBy(Handicapped).First();
        if (chosen.Candidate == steadiest.Candidate)
            return (chosen.Candidate, Steadiest);
        var handicap = $"{steadiest.Candidate}'s Σ actual / Σ predicted was steadier across the origins up to the validation origin " +
            $"(sd {steadiest.Spread:0.000} against {chosen.Spread:0.000}), but it assumes every customer stays and anchors instead of BTYD only with an sd below {Factor(steadiest):0.00} × BTYD's";
        return chosen.Candidate == ClvCandidates.Btyd
            ? (chosen.Candidate, $"which models dropout: {handicap}")
            : (chosen.Candidate, $"whose Σ actual / Σ predicted was the steadiest but the historic formula's: {handicap} ({btyd.Spread:0.000})");
    }

    /// <summary>Σ actual / Σ <paramref name="candidate"/> over one origin's rows; NaN with too few buyers or no positive prediction.</summary>
    public static double RatioAt(
        string candidate, IReadOnlyList<CustomerExample> rows, Func<FeatureRow, BtydFeatureModel?> btydAt, int horizonDays, TotalsQuantity quantity = TotalsQuantity.Spend,
        RenewalTotals? renewals = null)
    {
        var buyers = 0;
        var actual = 0.0;
        foreach (var row in rows)
        {
            actual += quantity == TotalsQuantity.Spend ? row.Labels.FutureSpend : row.Labels.FuturePurchaseDays;
            if (row.Labels.FuturePurchaseDays > 0)
                buyers++;
        }
        var predicted = Sum(candidate, rows.Select(r => r.Features), btydAt, horizonDays, quantity, renewals);
        return buyers < MinimumBuyers || !(predicted > 0) || !(actual > 0) ? double.NaN : actual / predicted;
    }

    /// <summary>Σ of a candidate's finite values over <paramref name="rows"/> (a rule has none for prospects).</summary>
    /// <remarks>The <see cref="Renewals"/> anchor sums the renewal model's totals at the rows' date (<paramref name="renewals"/>); NaN without one.</remarks>
    public static double Sum(
        string candidate, IEnumerable<FeatureRow> rows, Func<FeatureRow, BtydFeatureModel?> btydAt, int horizonDays, TotalsQuantity quantity = TotalsQuantity.Spend,
        RenewalTotals? renewals = null)
    {
        if (candidate == Renewals)
            return renewals is not null && rows.FirstOrDefault() is { } first && renewals.HorizonDays == horizonDays ? renewals.At(first.AsOf, quantity) : double.NaN;
        var sum = 0.0;
        foreach (var row in rows)
        {
            var value = Value(candidate, row, horizonDays, btydAt(row), quantity);
            if (double.IsFinite(value))
                sum += Math.Max(0, value);
        }
        return sum;
    }

    /// <summary>
    /// A candidate's value for a row: spend (<see cref="ClvCandidates.RuleValue"/>), or purchase days: BTYD's expected
    /// purchases, the historic formula's rate (purchase days per day of tenure, tenure floored at 30 days) × horizon, or
    /// the purchase days of the horizon-length window before the origin.
    /// </summary>
    static double Value(string candidate, FeatureRow row, int horizonDays, BtydFeatureModel? btyd, TotalsQuantity quantity) =>
        quantity == TotalsQuantity.Spend ? ClvCandidates.RuleValue(candidate, row, horizonDays, btyd)
        : row.IsProspect ? 0
        : candidate switch
        {
            ClvCandidates.Btyd => btyd is null ? double.NaN : btyd.ExpectedPurchases(row, horizonDays),
            ClvCandidates.Historic => (row.Frequency + 1) / (double)Math.Max(row.TenureDays, 30) * horizonDays,
            ClvCandidates.LastPeriodSpend => row.PurchaseDaysLastHorizon,
            _ => throw new ArgumentOutOfRangeException(nameof(candidate), candidate, "Not a totals anchor."),
        };

    /// <summary>How an anchor is called in a card's reasons: the purchase anchors by what they count.</summary>
    public static string Name(string candidate, TotalsQuantity quantity) => quantity == TotalsQuantity.Spend ? candidate : candidate switch
    {
        ClvCandidates.Btyd => "btyd-expected-purchases",
        ClvCandidates.Historic => "historic-purchase-rate",
        ClvCandidates.LastPeriodSpend => "last-period-purchases",
        Renewals => "sbg-renewal-payments",
        _ => candidate,
    };

    /// <summary>
    /// The share of a rule's sum over <paramref name="rows"/> (<see cref="ClvCandidates.LastPeriodSpend"/> or
    /// <see cref="ClvCandidates.Historic"/>, over <paramref name="horizonDays"/>) that comes from customers first seen within
    /// <paramref name="withinDays"/> of the rows' date: last period's spend holds their first purchases, the historic formula
    /// rates them over a short tenure, and a first purchase does not repeat at a returning customer's rate. NaN without any
    /// such value.
    /// </summary>
    public static double NewCustomersShare(string rule, IEnumerable<FeatureRow> rows, int horizonDays, TotalsQuantity quantity, int withinDays)
    {
        double all = 0, fromNew = 0;
        foreach (var row in rows)
        {
            var value = Value(rule, row, horizonDays, null, quantity);
            if (!(value > 0))
                continue;
            all += value;
            if (row.TenureDays < withinDays)
                fromNew += value;
        }
        return all > 0 ? fromNew / all : double.NaN;
    }

    /// <summary>
    /// The ages a mix is read in, in horizons: customers first seen within the latest horizon (their first purchases are
    /// last period's spend) and within the latest two (a base whose acquisition stopped a horizon before the reference
    /// origin shows it only there: Olist with none acquired in the last six months before 2018-05-31, 90-day horizon, its
    /// latest-horizon share 0 % at both serving origins, had the historic formula serve −21.8 % off, BTYD −2.6 %).
    /// </summary>
    static readonly int[] AgeBands = [1, 2];

    /// <summary>
    /// This rule anchor's mix over <paramref name="rows"/>: <see cref="NewCustomersShare"/> for each of
    /// <see cref="AgeBands"/>; empty for BTYD's and the renewals' anchors.
    /// </summary>
    public IReadOnlyList<double> MixAt(IEnumerable<FeatureRow> rows, int horizonDays)
    {
        if (!IsRule(Candidate))
            return [];
        var list = rows as IReadOnlyList<FeatureRow> ?? [.. rows];
        return [.. AgeBands.Select(band => NewCustomersShare(Candidate, list, horizonDays, Quantity, band * horizonDays))];
    }

    /// <summary>
    /// A change of <see cref="MixAt"/>'s shares, in share points, between where a rule anchor's ratio was read and where it
    /// would set a total, from which BTYD sets it instead (<see cref="MixMoved"/>): a ratio read on one mix of first and
    /// returning purchases does not carry to another (acquisition stopped, slowed or surged).
    /// </summary>
    public const double MixShift = 0.10;

    /// <summary>The age band whose share moved most between <paramref name="then"/> and <paramref name="now"/>, by <see cref="MixShift"/> or more; null when none did.</summary>
    static int? MovedBand(IReadOnlyList<double> then, IReadOnlyList<double> now)
    {
        int? moved = null;
        for (var band = 0; band < Math.Min(then.Count, now.Count); band++)
        {
            var shift = Math.Abs(now[band] - then[band]);
            if (double.IsFinite(shift) && shift >= MixShift && (moved is not { } m || shift > Math.Abs(now[m] - then[m])))
                moved = band;
        }
        return moved;
    }

    /// <summary>
    /// Whether this rule anchor's mix moved between where its ratio was read (<see cref="ReferenceMix"/>) and
    /// <paramref name="rows"/>: a model of each customer's age (BTYD) sets the total instead. Always false for BTYD's and
    /// the renewals' anchors.
    /// </summary>
    /// <remarks>
    /// Measured against the purchases that followed: on Olist with no customer acquired in the last three months before
    /// 2018-05-31 (90-day horizon), the historic formula (66 % of its sum from customers of the latest horizon when its
    /// ratio was read, 0 % at the end) served value −38.6 % off, BTYD + Gamma-Gamma at its own ratio +1.9 %; with none in
    /// the last six months, −21.8 % against −2.6 % (the latest two horizons' band), and the test period −45.6 % against
    /// −7.6 %. On generated BG/NBD bases (three years, 90-day horizon), last period's purchases against BTYD's expected
    /// purchases: acquisition stopped for six months −11.9 % against +2.0 %, cut to 0.3 for four months −7.7 % against
    /// +2.0 %, tripled in the last horizon +3.4 % against +0.9 %. Olist cut at 2017-12-31 (its November peak in the
    /// latest horizon) and at 2018-05-31, and at 180 days, and a base growing threefold: the mix held.
    /// </remarks>
    public bool MixMoved(IReadOnlyList<FeatureRow> rows, int horizonDays) =>
        MovedBand(ReferenceMix, MixAt(rows, horizonDays)) is not null;

    /// <summary>
    /// What the card says when the mix moved (<see cref="MixMoved"/>) between <see cref="MeasuredAt"/> and
    /// <paramref name="rows"/>: which total <paramref name="period"/> used, BTYD's (<paramref name="btydTotal"/>) or, without
    /// one, the rule's, with the rule's beside BTYD's, and the band that moved.
    /// </summary>
    string MixMovedNote(string period, IReadOnlyList<FeatureRow> rows, int horizonDays, double ruleTotal, double? btydTotal)
    {
        var now = MixAt(rows, horizonDays);
        var band = MovedBand(ReferenceMix, now) ?? 0;
        var what = Quantity == TotalsQuantity.Spend ? "value" : "purchases";
        var shares = string.Create(CultureInfo.InvariantCulture,
            $"{ReferenceMix[band]:0%} of the {Name(Candidate, Quantity)} sum came from customers first seen in the latest {AgeBands[band] * horizonDays} days at {MeasuredAt:yyyy-MM-dd}, where its Σ actual / Σ predicted was read, and {now[band]:0%} as of {rows[0].AsOf:yyyy-MM-dd} (acquisition {(now[band] < ReferenceMix[band] ? "slowed or stopped" : "grew or surged")}); a first purchase does not repeat at a returning customer's rate, so its ratio does not carry");
        return btydTotal is { } btyd
            ? string.Create(CultureInfo.InvariantCulture,
                $"{period}'s {what} total ({btyd:0.##}) comes from {Name(ClvCandidates.Btyd, Quantity)}, which models each customer's age, at its own ratio at {MeasuredAt:yyyy-MM-dd} ({BtydRatio:0.000}), in place of the steadiest anchor, {Name(Candidate, Quantity)}, which would give {ruleTotal:0.##} ({ruleTotal / btyd - 1:+0%;-0%;0%}): {shares}.")
            : string.Create(CultureInfo.InvariantCulture,
                $"{period}'s {what} total ({ruleTotal:0.##}) comes from {Name(Candidate, Quantity)} and may be off: {shares}, and no BTYD model gives another reading.");
    }

    /// <summary>
    /// The anchored total of <paramref name="rows"/>: the anchor's sum times its validation ratio, or, where a rule's mix
    /// moved since (<see cref="MixMoved"/>), BTYD's sum times its own ratio there when BTYD gives a positive one.
    /// </summary>
    public double Total(IEnumerable<FeatureRow> rows, Func<FeatureRow, BtydFeatureModel?> btydAt, int horizonDays)
    {
        var list = rows as IReadOnlyList<FeatureRow> ?? [.. rows];
        return MovedTotal(list, btydAt, horizonDays) ?? Ratio * Sum(Candidate, list, btydAt, horizonDays, Quantity, RenewalModel);
    }

    /// <summary>
    /// <see cref="MixMovedNote"/> for <paramref name="rows"/> when this anchor's mix moved since its ratio was read
    /// (<see cref="MixMoved"/>), naming <paramref name="period"/> ("The test period", "The served forecast"); null otherwise.
    /// </summary>
    public string? MovedNote(string period, IReadOnlyList<FeatureRow> rows, Func<FeatureRow, BtydFeatureModel?> btydAt, int horizonDays) =>
        rows.Count > 0 && MixMoved(rows, horizonDays)
            ? MixMovedNote(period, rows, horizonDays, Ratio * Sum(Candidate, rows, btydAt, horizonDays, Quantity, RenewalModel), MovedTotal(rows, btydAt, horizonDays))
            : null;

    /// <summary>BTYD's total where the rule's mix moved since its ratio was read and BTYD gives one; null otherwise.</summary>
    public double? MovedTotal(IReadOnlyList<FeatureRow> rows, Func<FeatureRow, BtydFeatureModel?> btydAt, int horizonDays) =>
        MixMoved(rows, horizonDays) && BtydRatio > 0 && double.IsFinite(BtydRatio)
            && BtydRatio * Sum(ClvCandidates.Btyd, rows, btydAt, horizonDays, Quantity) is var btyd && btyd > 0 && double.IsFinite(btyd)
            ? btyd
            : null;

    /// <summary>The factor that makes <paramref name="winner"/> (unscaled, row-aligned with <paramref name="rows"/>) sum to the anchored total; null without a positive sum.</summary>
    public double? ScaleFor(IReadOnlyList<double> winner, IEnumerable<FeatureRow> rows, Func<FeatureRow, BtydFeatureModel?> btydAt, int horizonDays)
    {
        var predicted = winner.Where(double.IsFinite).Sum();
        var total = Total(rows, btydAt, horizonDays);
        return predicted > 0 && total > 0 ? total / predicted : null;
    }
}

/// <summary>What a <see cref="TotalsAnchor"/> sums: spend over the horizon, or purchase days.</summary>
internal enum TotalsQuantity
{
    Spend,
    Purchases,
}
