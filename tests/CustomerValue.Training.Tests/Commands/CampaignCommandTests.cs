using System.Globalization;
using System.Text.Json.Nodes;
using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Store;

namespace CustomerValue.Training.Tests.Commands;

public sealed class CampaignCommandTests : IDisposable
{
    static readonly DateOnly AsOf = new(2025, 12, 31);
    readonly string directory = Directory.CreateTempSubdirectory("cvml-campaign-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string Store => Path.Combine(directory, "store.db");
    string File(string name) => Path.Combine(directory, name);

    /// <summary>A scored base of lapsed customers, value at stake spread over two orders of magnitude, and a few not at risk.</summary>
    async Task ScoreAsync(int customers)
    {
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        await store.EnsureSchemaAsync();
        var rows = Enumerable.Range(0, customers).Select(i => new ScoredCustomer
        {
            CustomerId = $"C{i:D5}",
            AsOf = AsOf,
            PredictedValue = 20 + i % 97 * 10,
            ChurnProbability = 0.3 + i % 7 * 0.1,
            Stage = i % 10 == 0 ? LifecycleStage.Monetization : LifecycleStage.Recovery,
            RfmSegment = "AtRisk",
            DaysSinceLastOrder = 200,
            RecommendedAction = "win-back offer",
            ActionMaxSpend = 15,
        });
        await store.WriteRunAsync(new ScoringRunStart("v1", AsOf), rows);
    }

    async Task<IReadOnlyList<CampaignMember>> MembersAsync(string name)
    {
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        return await store.GetCampaignMembersAsync(name);
    }

    [Fact]
    public async Task CreateExportsTheTreatmentGroupOnlyAndTheSameSeedDrawsTheSameControls()
    {
        await ScoreAsync(2_000);

        var (exitCode, output, error) = await Cli.RunAsync("campaign", "create", "--store", Store, "--name", "winter",
            "--control", "0.2", "--seed", "5", "--cost-per-contact", "1", "--out", File("treatment.csv"));
        var (againCode, _, _) = await Cli.RunAsync("campaign", "create", "--store", Store, "--name", "winter again",
            "--control", "0.2", "--seed", "5", "--cost-per-contact", "1", "--out", File("again.csv"));
        var (duplicateCode, _, duplicateError) = await Cli.RunAsync("campaign", "create", "--store", Store, "--name", "winter",
            "--seed", "6", "--out", File("other.csv"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        Assert.Equal(ExitCodes.Ok, againCode);
        var members = await MembersAsync("winter");
        var exported = System.IO.File.ReadAllLines(File("treatment.csv")).Skip(1).Select(l => l.Split(',')[1]).ToList();
        var control = members.Where(m => m.Group == CampaignGroup.Control).Select(m => m.Candidate.CustomerId).ToHashSet();
        Assert.Equal(members.Count - control.Count, exported.Count);
        Assert.All(exported, id => Assert.DoesNotContain(id, control));
        Assert.Equal(Math.Round(0.2 * members.Count), control.Count);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"control   {control.Count:N0} (20 %, seed 5"), output);
        Assert.Equal(control, (await MembersAsync("winter again")).Where(m => m.Group == CampaignGroup.Control).Select(m => m.Candidate.CustomerId).ToHashSet());
        Assert.Equal(ExitCodes.BadInput, duplicateCode);
        Assert.Contains("'winter' already exists", duplicateError);
    }

    [Fact]
    public async Task EvaluateMeasuresAKnownEffectWithinItsIntervalAndStoresTheResult()
    {
        const double BaseRate = 0.2, Extra = 0.15, Basket = 40;
        await ScoreAsync(4_000);
        var (createCode, _, createError) = await Cli.RunAsync("campaign", "create", "--store", Store, "--name", "known",
            "--seed", "11", "--cost-per-contact", "1", "--out", File("treatment.csv"));
        Assert.True(createCode == ExitCodes.Ok, createError);
        // Everyone orders with the base rate; a contacted customer who would not have is won back with the extra chance.
        var random = new Random(17);
        var lines = new List<string> { "customer_id,timestamp,amount" };
        foreach (var m in await MembersAsync("known"))
        {
            var ordered = random.NextDouble() < BaseRate || (m.Group == CampaignGroup.Treatment && random.NextDouble() < Extra);
            if (ordered) lines.Add(string.Create(CultureInfo.InvariantCulture, $"{m.Candidate.CustomerId},{AsOf.AddDays(1 + random.Next(60)):yyyy-MM-dd},{Basket}"));
        }
        System.IO.File.WriteAllLines(File("follow-up.csv"), lines);

        var (exitCode, output, error) = await Cli.RunAsync("campaign", "evaluate", "--store", Store, "--name", "known",
            "--transactions", File("follow-up.csv"), "--days", "60", "--json");

        Assert.True(exitCode == ExitCodes.Ok, error);
        var overall = JsonNode.Parse(output)!["overall"]!;
        var uplift = overall["reactivationUplift"]!;
        var truth = (1 - BaseRate) * Extra;
        Assert.InRange(truth, (double)uplift["low"]!, (double)uplift["high"]!);
        Assert.True((double)uplift["low"]! > 0);
        var revenue = overall["incrementalRevenuePerContact"]!;
        Assert.InRange(truth * Basket, (double)revenue["low"]!, (double)revenue["high"]!);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        var stored = await store.GetCampaignAsync("known");
        Assert.Equal((double)uplift["value"]!, stored!.Result!.Overall.ReactivationUplift.Value, 12);
        Assert.Equal(stored.Treatment, (double)stored.Result.CostOfContacts!.Value);
    }

    [Fact]
    public async Task EvaluatingAnUnknownCampaignIsBadInputNamingIt()
    {
        await ScoreAsync(10);
        System.IO.File.WriteAllLines(File("follow-up.csv"), ["customer_id,timestamp,amount"]);

        var (exitCode, _, error) = await Cli.RunAsync("campaign", "evaluate", "--store", Store, "--name", "nobody",
            "--transactions", File("follow-up.csv"));

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("no campaign named 'nobody'", error);
    }
}
