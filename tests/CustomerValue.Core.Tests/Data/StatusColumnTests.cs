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
    [InlineData("partially_refunded", false)]
    [InlineData("Completed", false)]
    [InlineData("Awaiting Fulfillment", false)]
    public void AStatusSaysWhetherTheOrderWentThrough(string value, bool notThrough) =>
        Assert.Equal(notThrough, StatusColumn.NotGoneThrough(value));
}
