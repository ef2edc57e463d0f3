using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>Which values of an order export's status column say the order did not go through.</summary>
public sealed class StatusColumnTests
{
    [Theory]
    [InlineData("Failed", true)]
    [InlineData("on-hold", true)]
    [InlineData("Awaiting Payment", true)]
    [InlineData("pending_payment", true)]
    [InlineData("holded", true)]
    [InlineData("authorization", true)]
    [InlineData("capture", false)]
    [InlineData("wc-refunded", true)]
    [InlineData("wc-on-hold", true)]
    [InlineData("wc-completed", false)]
    [InlineData("partially_refunded", false)]
    [InlineData("Completed", false)]
    [InlineData("Awaiting Fulfillment", false)]
    public void AStatusSaysWhetherTheOrderWentThrough(string value, bool notThrough) =>
        Assert.Equal(notThrough, StatusColumn.NotGoneThrough(value));

    /// <summary>
    /// A CRM's deals export (HubSpot's Deal Stage): beside a won stage every other stage is no purchase, lost or still
    /// open, and the include that loads the won ones is given; a column of won alone is no status.
    /// </summary>
    [Fact]
    public void BesideAWonStageEveryOtherStageIsNoPurchase()
    {
        var stages = new StatusColumn("Deal Stage", [("closedwon", 404), ("closedlost", 241), ("contractsent", 92), ("Closed Won", 3)]);

        Assert.True(StatusColumn.IsStatus(["closedwon", "contractsent"]));
        Assert.False(StatusColumn.IsStatus(["closedwon"]));
        Assert.False(StatusColumn.IsStatus(["Completed", "Shipped"]));
        Assert.Equal(["closedlost", "contractsent"], stages.NotThroughValues.Select(v => v.Value));
        Assert.Contains("""include": { "Deal Stage": ["closedwon", "Closed Won"] }, which loads the won deals alone (its other values: 'closedwon' 404, 'Closed Won' 3)""", stages.Explain(), StringComparison.Ordinal);
    }
}
