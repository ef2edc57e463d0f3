using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class LargeTableTests
{
    [Fact]
    public void ALargeTableIsAllZerosEvenInMemoryAnEarlierTableDirtied()
    {
        // Large enough to be advised as huge pages on Linux, and so allocated without the collector's zeroing.
        const int Length = 3 << 20;
        for (int round = 0; round < 3; round++)
        {
            var table = LargeTable.Zeroed<ulong>(Length);

            Assert.Equal(-1, table.AsSpan().IndexOfAnyExcept(0UL));

            table.AsSpan().Fill(ulong.MaxValue);
            GC.Collect();
        }
    }

    [Fact]
    public void ASmallTableIsAPlainArray()
    {
        var table = LargeTable.Zeroed<int>(1024);

        Assert.Equal(1024, table.Length);
        Assert.All(table, value => Assert.Equal(0, value));
    }
}
