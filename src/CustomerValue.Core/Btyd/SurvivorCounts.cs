namespace CustomerValue.Core.Btyd;

/// <summary>
/// One cohort's survivor counts per renewal period: <c>Survivors[k]</c> customers were still subscribed after
/// <c>FirstPeriod + k</c> periods. A cohort followed from acquisition has <c>FirstPeriod = 0</c> and
/// <c>Survivors[0]</c> = the customers acquired; a cohort first seen later (left-truncated, e.g. a snapshot of
/// current contracts) starts at the period it was first seen.
/// </summary>
/// <param name="Cohort">The cohort's name (acquisition month, campaign…).</param>
/// <param name="FirstPeriod">Renewal periods the cohort had completed when first counted.</param>
/// <param name="Survivors">Non-increasing counts, the first positive.</param>
/// <param name="Group">An acquisition channel or other grouping the cohort belongs to; null when the data gives none.</param>
public sealed record SurvivorCounts(string Cohort, int FirstPeriod, IReadOnlyList<double> Survivors, string? Group = null)
{
    /// <summary>The last period observed.</summary>
    public int LastPeriod => FirstPeriod + Survivors.Count - 1;

    /// <summary>Throws unless the counts are finite, non-negative, non-increasing and the first is positive.</summary>
    public void Validate()
    {
        if (FirstPeriod < 0)
        {
            throw new ArgumentException($"Cohort '{Cohort}': the first period must not be negative (got {FirstPeriod}).");
        }

        if (Survivors.Count < 2)
        {
            throw new ArgumentException($"Cohort '{Cohort}': needs survivor counts for at least two periods (got {Survivors.Count}).");
        }

        if (!(Survivors[0] > 0) || !double.IsFinite(Survivors[0]))
        {
            throw new ArgumentException($"Cohort '{Cohort}': the count at period {FirstPeriod} must be a positive number (got {Survivors[0]}).");
        }

        for (var k = 1; k < Survivors.Count; k++)
        {
            if (!(Survivors[k] >= 0) || !double.IsFinite(Survivors[k]) || Survivors[k] > Survivors[k - 1])
            {
                throw new ArgumentException(
                    $"Cohort '{Cohort}': survivors at period {FirstPeriod + k} must be a number between 0 and the {Survivors[k - 1]} of the period before (got {Survivors[k]}).");
            }
        }
    }
}
