namespace CustomerValue.Core.Segmentation;

/// <summary>The RF segments (docs/lifecycle.md gives the map) plus Prospect for customers who never bought.</summary>
public enum RfmSegment
{
    Prospect,
    Champions,
    LoyalCustomers,
    PotentialLoyalists,
    NewCustomers,
    Promising,
    NeedAttention,
    AboutToSleep,
    AtRisk,
    CantLoseThem,
    Hibernating,
    Lost,
}

public static class RfmSegmentNames
{
    /// <summary>The name marketers know the segment by, e.g. "Can't Lose Them".</summary>
    public static string DisplayName(this RfmSegment segment) => segment switch
    {
        RfmSegment.Prospect => "Prospect",
        RfmSegment.Champions => "Champions",
        RfmSegment.LoyalCustomers => "Loyal Customers",
        RfmSegment.PotentialLoyalists => "Potential Loyalists",
        RfmSegment.NewCustomers => "New Customers",
        RfmSegment.Promising => "Promising",
        RfmSegment.NeedAttention => "Need Attention",
        RfmSegment.AboutToSleep => "About To Sleep",
        RfmSegment.AtRisk => "At Risk",
        RfmSegment.CantLoseThem => "Can't Lose Them",
        RfmSegment.Hibernating => "Hibernating",
        RfmSegment.Lost => "Lost",
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, "Not an RFM segment."),
    };
}
