using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class IdenticalRowTallyTests
{
    [Fact]
    public void PastItsCapacityTheTallyEstimatesTheRepeatsFromAShareChosenByHash()
    {
        // 3.2 M rows: 2.8 M distinct and 400,000 repeats of some of them, far past the million hashes kept exactly.
        var tally = new IdenticalRowTally();
        for (int i = 0; i < 2_800_000; i++)
        {
            tally.Add(IdenticalRowTally.Hash(i % 50_000, i, 10.5, -1));
            if (i % 7 == 0)
                tally.Add(IdenticalRowTally.Hash(i % 50_000, i, 10.5, -1));
        }

        Assert.False(tally.Exact);
        Assert.InRange(tally.Identical, 400_000 * 0.95, 400_000 * 1.05);
    }

    [Fact]
    public void UpToItsCapacityTheCountIsExactAndNegativeZeroIsZero()
    {
        var tally = new IdenticalRowTally();
        tally.Add(IdenticalRowTally.Hash(1, 100, 0.0, 7));
        tally.Add(IdenticalRowTally.Hash(1, 100, -0.0, 7));
        tally.Add(IdenticalRowTally.Hash(1, 100, 0.0, 8));
        tally.Add(IdenticalRowTally.Hash(2, 100, 0.0, 7));

        Assert.True(tally.Exact);
        Assert.Equal(1, tally.Identical);
    }
}
