using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class ReadAheadTests
{
    [Fact]
    public void ItemsArriveInTheSourceOrderAcrossBatches()
    {
        var items = ReadAhead.Of(Enumerable.Range(0, 10_001), batchSize: 64, batchesAhead: 2).ToList();

        Assert.Equal(Enumerable.Range(0, 10_001), items);
    }

    [Fact]
    public void TheSourceExceptionFollowsTheItemsYieldedBeforeIt()
    {
        var seen = new List<int>();

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var item in ReadAhead.Of(FailingAfter(100), batchSize: 16))
                seen.Add(item);
        });

        Assert.Equal("bad row 101", error.Message);
        Assert.Equal(Enumerable.Range(1, 100), seen);
    }

    [Fact]
    public void AConsumerThatStopsEarlyReleasesTheSource()
    {
        var source = new TrackedSource();

        var first = ReadAhead.Of(source, batchSize: 8, batchesAhead: 1).Take(3).ToList();

        Assert.Equal([0, 1, 2], first);
        Assert.True(source.Disposed);
    }

    static IEnumerable<int> FailingAfter(int count)
    {
        for (int i = 1; i <= count; i++)
            yield return i;
        throw new InvalidDataException($"bad row {count + 1}");
    }

    sealed class TrackedSource : IEnumerable<int>
    {
        public bool Disposed { get; private set; }

        public IEnumerator<int> GetEnumerator()
        {
            try
            {
                for (int i = 0; ; i++)
                    yield return i;
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
