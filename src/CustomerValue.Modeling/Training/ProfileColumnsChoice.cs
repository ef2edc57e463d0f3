using System.Globalization;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;

namespace CustomerValue.Modeling.Training;

/// <summary>
/// Whether the trees read the customer profile's columns, decided on the validation period. A profile column (a postal
/// code, a city, a payment type) has many values and few buyers behind each on a base where most customers buy once,
/// and trees split on it readily; whether that holds a period later is what the validation period shows. Both column
/// sets get the whole search, and the profile's columns stay only when the best tree candidate with them ranks the
/// validation period better than the best without them by more than the tie margin and by more than one standard error
/// of that lead (paired bootstrap of the validation rows): on a base with little signal two searches differ by chance
/// by more than the tie margin, and a more complex model must show more than chance to ship.
/// </summary>
internal sealed record ProfileColumnsChoice(bool Used, IReadOnlyList<string> Columns, double GiniWith, double GiniWithout, string Reason)
{
    public static ProfileColumnsChoice Decide(IReadOnlyList<FeatureDefinition> catalog, SearchResult with, SearchResult without, int seed)
    {
        ArgumentNullException.ThrowIfNull(with);
        ArgumentNullException.ThrowIfNull(without);
        var columns = catalog.Where(f => FeatureCatalog.IsProfile(f.Name)).Select(f => f.Name).ToList();
        var giniWith = BestTrees(with);
        var giniWithout = BestTrees(without);
        var lead = giniWith - giniWithout;
        var se = with.ValidationTreeValues.Length > 0 && with.ValidationTreeValues.Length == without.ValidationTreeValues.Length
            ? HyperparameterSearch.LeadStandardErrors(with.ValidationTreeValues, [without.ValidationTreeValues], with.ValidationActual, seed)[0]
            : double.NaN;
        var margin = double.IsFinite(se) ? Math.Max(HyperparameterSearch.GiniTie, se) : HyperparameterSearch.GiniTie;
        var used = (double.IsNaN(giniWithout) && !double.IsNaN(giniWith)) || lead > margin;
        var inv = CultureInfo.InvariantCulture;
        var figures = string.Create(inv, $"best tree candidate's validation normalized Gini {Show(giniWith)} with them, {Show(giniWithout)} without") +
            (double.IsFinite(se) ? string.Create(inv, $" (standard error of the difference {se:0.000}, {HyperparameterSearch.BootstrapResamples} paired bootstrap resamples)") : "");
        var named = string.Join(", ", columns);
        var reason = used
            ? string.Create(inv, $"the trees read the profile's columns ({named}): {figures}, a lead above the tie margin {HyperparameterSearch.GiniTie} and the noise")
            : string.Create(inv, $"the trees leave the profile's columns out ({named}): {figures}; the model with them must lead by more than the tie margin {HyperparameterSearch.GiniTie} and one standard error to ship, and {Verdict(lead, se)}");
        return new ProfileColumnsChoice(used, columns, giniWith, giniWithout, reason);
    }

    /// <summary>What the lead of the model with the profile's columns says, when it is not enough to ship them.</summary>
    internal static string Verdict(double lead, double se) =>
        double.IsNaN(lead) || lead <= 0 ? "on this base these columns did not rank the validation period better"
        : double.IsFinite(se) && lead <= se ? "on this base their lead is within the noise of the validation rows"
        : "on this base their lead is real but smaller than the tie margin: too little to be worth the extra columns";

    public ProfileColumnsCard ToCard() => new(Used, Columns, GiniWith, GiniWithout, Reason);

    /// <summary>The highest validation Gini of a candidate that uses trees; NaN when none was evaluated.</summary>
    static double BestTrees(SearchResult search) =>
        search.Candidates.Where(c => CustomerValue.Core.Models.ClvCandidates.UsesTrees(c.Name) && double.IsFinite(c.ValidationGini))
            .Select(c => c.ValidationGini).DefaultIfEmpty(double.NaN).Max();

    static string Show(double gini) => double.IsNaN(gini) ? "n/a" : gini.ToString("0.000", CultureInfo.InvariantCulture);
}
