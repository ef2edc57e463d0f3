using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Core.Tests.Campaigns;

public sealed class CampaignAssignmentTests
{
    /// <summary>A ranked list of <paramref name="count"/> candidates, value at stake falling with rank.</summary>
    internal static IReadOnlyList<Candidate> Ranked(int count) =>
        Enumerable.Range(1, count)
            .Select(rank => new Candidate(rank, $"c{rank:D5}", LifecycleStage.Recovery, "AtRisk", 90, 200, 0.5,
                (count - rank + 1) * 1.0, "no order for 90 days", "win-back offer", 20))
            .ToList();

    [Theory]
    [InlineData(1003, 0.2)]
    [InlineData(57, 0.2)]
    [InlineData(999, 0.35)]
    [InlineData(7, 0.5)]
    public void EveryDecileHoldsTheControlShareWithinOneCustomer(int count, double share)
    {
        var members = CampaignAssignment.Assign(Ranked(count), share, seed: 11);

        Assert.Equal(count, members.Count);
        foreach (var decile in members.GroupBy(m => m.Decile))
        {
            var controls = decile.Count(m => m.Group == CampaignGroup.Control);
            Assert.InRange(controls, share * decile.Count() - 1, share * decile.Count() + 1);
        }
        Assert.Equal((int)Math.Round(share * count, MidpointRounding.AwayFromZero), members.Count(m => m.Group == CampaignGroup.Control));
    }

    [Fact]
    public void DecilesFollowTheRankMostAtStakeFirst()
    {
        var members = CampaignAssignment.Assign(Ranked(100), 0.2, seed: 3);

        Assert.Equal(Enumerable.Range(1, 10).SelectMany(d => Enumerable.Repeat(d, 10)), members.Select(m => m.Decile));
        Assert.Equal(Enumerable.Range(1, 100).Select(r => (long)r), members.Select(m => m.Candidate.Rank));
    }

    [Fact]
    public void TheSameSeedGivesTheSameGroupsAndAnotherSeedOthers()
    {
        var list = Ranked(500);

        var first = CampaignAssignment.Assign(list, 0.2, seed: 42).Select(m => m.Group).ToList();
        var again = CampaignAssignment.Assign(list, 0.2, seed: 42).Select(m => m.Group).ToList();
        var other = CampaignAssignment.Assign(list, 0.2, seed: 43).Select(m => m.Group).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void AControlShareOutsideZeroToOneIsRefused(double share)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CampaignAssignment.Assign(Ranked(10), share, seed: 1));

        Assert.Equal("controlShare", error.ParamName);
    }

    [Fact]
    public async Task TheExportHoldsTheTreatmentGroupAndNeverAControlCustomer()
    {
        var members = CampaignAssignment.Assign(Ranked(300), 0.2, seed: 5);
        using var stream = new MemoryStream();

        var written = await CampaignExport.WriteTreatmentAsync(stream, members);
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var exported = lines.Skip(1).Select(l => l.Split(',')[1]).ToHashSet();

        Assert.Equal(members.Count(m => m.Group == CampaignGroup.Treatment), written);
        Assert.Equal(written, exported.Count);
        Assert.All(members.Where(m => m.Group == CampaignGroup.Control), m => Assert.DoesNotContain(m.Candidate.CustomerId, exported));
        Assert.StartsWith("rank,customer_id,", lines[0]);
    }
}
