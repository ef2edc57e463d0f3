using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class AttributeRowTests
{
    [Fact]
    public void AMissingValueIsAbsentAndThePresentOnesReadInColumnOrder()
    {
        var rows = AttributeRow.For(["plan", "seats", "region"]);

        var row = rows(["gold", null, "north"]);

        Assert.Equal([new("plan", "gold"), new("region", "north")], row.ToList<KeyValuePair<string, string>>());
        Assert.Equal((2, false, "north"), (row.Count, row.ContainsKey("seats"), row["region"]));
    }
}
