using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class OrderIdIndexTests
{
    [Fact]
    public void ASecondSightingOfAnyOfManyIdsReportsTheLineOfTheFirst()
    {
        var index = new OrderIdIndex();
        const int ids = 300_000; // enough to fill several character blocks and grow the table many times
        for (int i = 0; i < ids; i++)
            Assert.True(index.TryAdd($"order-{i:D9}", line: i + 2, out _));

        var lines = new List<long>();
        foreach (var i in new[] { 0, 1, 65_537, ids - 1 })
        {
            Assert.False(index.TryAdd($"order-{i:D9}", line: 999_999_999, out long firstLine));
            lines.Add(firstLine);
        }

        Assert.Equal([2, 3, 65_539, ids + 1], lines);
        Assert.Equal(ids, index.Count);
    }

    [Fact]
    public void AnIdTooLongForASharedBlockIsStillRecognisedAsADuplicate()
    {
        var index = new OrderIdIndex();
        var id = new string('x', 1 << 19);
        index.TryAdd(id, line: 7, out _);

        var added = index.TryAdd(id, line: 9, out long firstLine);

        Assert.Equal((false, 7L), (added, firstLine));
    }

    [Fact]
    public void SizingTheIndexAfterSomeIdsKeepsThemAndItStillGrowsPastTheSize()
    {
        var index = new OrderIdIndex();
        for (int i = 0; i < 5_000; i++)
            index.TryAdd($"o{i}", line: i + 2, out _);

        index.EnsureCapacity(8_192);
        for (int i = 5_000; i < 20_000; i++)
            index.TryAdd($"o{i}", line: i + 2, out _);

        Assert.Equal((false, 2L), (index.TryAdd("o0", line: 1, out long first), first));
        Assert.Equal((false, 19_001L), (index.TryAdd("o18999", line: 1, out long last), last));
        Assert.Equal(20_000, index.Count);
    }

    [Fact]
    public void IdsThatShareAHashAreToldApartByReadingTheFirstLineAgainOncePerId()
    {
        var file = new Dictionary<long, string> { [2] = "a-1", [3] = "b-2" };
        var reads = new List<long>();
        var index = new OrderIdIndex(line => { reads.Add(line); return file[line]; });
        index.TryAdd("a-1", hash: 42, line: 2, out _);

        bool added = index.TryAdd("b-2", hash: 42, line: 3, out _);
        bool addedAgain = index.TryAdd("b-2", hash: 42, line: 9, out long firstLine);
        bool addedThird = index.TryAdd("b-2", hash: 42, line: 10, out long firstLineAgain);

        Assert.Equal((true, false, 3L, false, 3L), (added, addedAgain, firstLine, addedThird, firstLineAgain));
        Assert.Equal([2L, 3L], reads);
    }

    [Fact]
    public void IdsWhoseHashesShareOnlyTheirLow32BitsAreToldApartWithoutReadingTheFileAgain()
    {
        var file = new Dictionary<long, string> { [2] = "a-1", [3] = "b-2" };
        var reads = new List<long>();
        var index = new OrderIdIndex(line => { reads.Add(line); return file[line]; });
        index.TryAdd("a-1", hash: 0x0001_0000_0000_002A, line: 2, out _);

        bool added = index.TryAdd("b-2", hash: 0x0002_0000_0000_002A, line: 3, out long firstLine);
        bool duplicate = index.TryAdd("b-2", hash: 0x0002_0000_0000_002A, line: 4, out long duplicateOf);

        Assert.Equal((true, 3L, false, 3L), (added, firstLine, duplicate, duplicateOf));
        Assert.Equal([3L], reads);
    }

    [Fact]
    public void AnIndexThatReadsIdsAgainKeepsTheirLinesPastFourBillion()
    {
        var index = new OrderIdIndex(line => line == 5_000_000_000 ? "far" : "near");
        index.TryAdd("near", line: 7, out _);
        index.TryAdd("far", line: 5_000_000_000, out _);

        index.TryAdd("far", line: 5_000_000_001, out long firstLine);

        Assert.Equal(5_000_000_000, firstLine);
    }
}
