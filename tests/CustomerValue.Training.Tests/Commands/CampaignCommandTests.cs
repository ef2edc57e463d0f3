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

    [Theory]
    // Before, each answer used the definition's field and the exception's parameter: "ControlShare must be between 0 and
    // 1, both excluded. (Parameter 'definition')".
    [InlineData(new[] { "--control", "1.5" }, "--control must be between 0 and 1, both excluded.")]
    [InlineData(new[] { "--budget", "500" }, "--budget needs --cost-per-contact.")]
    [InlineData(new[] { "--cost-per-contact", "-1" }, "--cost-per-contact must be between 0.0001 and 1e12.")]
    [InlineData(new[] { "--min-value", "NaN", "--control", "0" }, "--control must be between 0 and 1, both excluded. --min-value must be a number between -1e12 and 1e12.")]
    public async Task ABadListOrDrawIsNamedByItsOptionsBeforeTheStoreIsOpened(string[] options, string message)
    {
        var (exitCode, output, error) = await Cli.RunAsync(["campaign", "create", "--store", Store, "--name", "winter", "--seed", "5", "--out", File("treatment.csv"), .. options]);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Equal(message, error.Trim());
        Assert.Empty(output);
        Assert.False(System.IO.File.Exists(Store));
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
    public async Task ANewListCanTakeItsRatesFromAnEvaluatedCampaignsUpliftByDecile()
    {
        await ScoreAsync(4_000);
        var (createCode, _, createError) = await Cli.RunAsync("campaign", "create", "--store", Store, "--name", "autumn",
            "--seed", "3", "--control", "0.3", "--out", File("treatment.csv"));
        Assert.True(createCode == ExitCodes.Ok, createError);
        // The contact works in the top half of the list only: a contacted customer there is won back with 40 % more.
        var random = new Random(4);
        var lines = new List<string> { "customer_id,timestamp,amount" };
        foreach (var m in await MembersAsync("autumn"))
        {
            if (random.NextDouble() < 0.2 || (m.Group == CampaignGroup.Treatment && m.Decile <= 5 && random.NextDouble() < 0.4))
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{m.Candidate.CustomerId},{AsOf.AddDays(1 + random.Next(60)):yyyy-MM-dd},40"));
        }
        System.IO.File.WriteAllLines(File("follow-up.csv"), lines);
        var (evaluateCode, _, evaluateError) = await Cli.RunAsync("campaign", "evaluate", "--store", Store, "--name", "autumn",
            "--transactions", File("follow-up.csv"), "--days", "60");
        Assert.True(evaluateCode == ExitCodes.Ok, evaluateError);

        var (exitCode, output, error) = await Cli.RunAsync("campaign", "create", "--store", Store, "--name", "winter",
            "--seed", "8", "--cost-per-contact", "20", "--uplift-from", "autumn", "--out", File("winter.csv"));
        var (unknownCode, _, unknownError) = await Cli.RunAsync("campaign", "create", "--store", Store, "--name", "spring",
            "--seed", "8", "--uplift-from", "summer", "--out", File("spring.csv"));

        Assert.True(exitCode == ExitCodes.Ok, error);
        await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(Store));
        var autumn = (await store.GetCampaignAsync("autumn"))!;
        var uplift = MeasuredUplift.From("autumn", autumn.EvaluatedUtc!.Value, autumn.Result!, await store.GetCampaignMembersAsync("autumn"), 1);
        var winter = await MembersAsync("winter");
        Assert.NotEmpty(winter);
        Assert.All(winter, m => Assert.Equal(uplift.DecileFor(m.Candidate.ValueAtStake).Rate * m.Candidate.ValueAtStake - 20, m.Candidate.ExpectedReturn, 9));
        // Only customers the measured rate makes worth a contact at 20: none from the half where the contact did nothing,
        // unless chance gave a bottom decile a rate high enough.
        Assert.All(winter, m => Assert.True(m.Candidate.ExpectedReturn > 0));
        Assert.Equal(winter.OrderByDescending(m => m.Candidate.ExpectedReturn + 20).ThenByDescending(m => m.Candidate.ValueAtStake)
            .ThenBy(m => m.Candidate.CustomerId, StringComparer.Ordinal).Select(m => m.Candidate.CustomerId), winter.Select(m => m.Candidate.CustomerId));
        Assert.Contains("rate      from campaign autumn's measured uplift by value-at-stake decile", output);
        Assert.Contains("upliftFrom", (await store.GetCampaignAsync("winter"))!.Filters);
        Assert.Equal(ExitCodes.BadInput, unknownCode);
        Assert.Contains("No campaign named 'summer'", unknownError);
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
