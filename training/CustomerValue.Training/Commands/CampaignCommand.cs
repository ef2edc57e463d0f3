using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Segmentation;
using CustomerValue.Core.Store;

namespace CustomerValue.Training.Commands;

/// <summary>
/// <c>cvml campaign create</c> freezes a reactivation list with a seeded control group and exports the treatment
/// group; <c>cvml campaign evaluate</c> measures what the contact changed against the control group.
/// </summary>
public static class CampaignCommand
{
    static readonly Option<string> StoreOption = new("--store") { Description = "The customer store: a SQLite file or 'Data Source=…', or 'postgres:Host=…;Database=…' (or a postgres:// URL)", Required = true };
    static readonly Option<string?> StoreProviderOption = new Option<string?>("--store-provider") { Description = "sqlite or postgres; overrides the --store prefix" }
        .AcceptOnlyFromAmong("sqlite", "postgres");
    static readonly Option<string> NameOption = new("--name") { Description = "The campaign's name, unique in the store", Required = true };
    static readonly Option<string?> RunOption = new("--run") { Description = "The scoring run to select from; default the current (latest) run, the only one whose customers the store keeps" };
    static readonly Option<string?> StageOption = new Option<string?>("--stage") { Description = "Only this stage" }.AcceptOnlyFromAmong("retention", "recovery");
    static readonly Option<string?> SegmentOption = new("--segment") { Description = "Only this RFM segment (e.g. atRisk, hibernating)" };
    static readonly Option<double?> MinValueOption = new("--min-value") { Description = "Minimum predicted value" };
    static readonly Option<double?> MinValueAtStakeOption = new("--min-value-at-stake") { Description = "Minimum value at stake (churn probability × predicted value)" };
    static readonly Option<string?> PostalCodeOption = new("--postal-code") { Description = "Only this postal code" };
    static readonly Option<string?> DeviceOption = new("--device") { Description = "Only this device" };
    static readonly Option<string?> ChannelOption = new("--channel") { Description = "Only this acquisition channel" };
    static readonly Option<double?> CostPerContactOption = new("--cost-per-contact") { Description = "What one contact costs: only customers whose value at stake exceeds it are selected, and the evaluation's cost and return use it" };
    static readonly Option<double?> BudgetOption = new("--budget") { Description = "Total to spend (needs --cost-per-contact): the top ⌊budget / cost⌋ candidates" };
    static readonly Option<string?> UpliftFromOption = new("--uplift-from") { Description = "Opt-in: an evaluated campaign whose measured reactivation uplift by value-at-stake decile is each customer's response rate, for the list's expected return, ranking and cost cut (instead of the configured rate of 1)" };
    static readonly Option<double> ControlOption = new("--control") { Description = "Share of the selection held out as the control group, in (0, 1)", DefaultValueFactory = _ => 0.2 };
    static readonly Option<int> SeedOption = new("--seed") { Description = "Seed of the control draw: the same seed and list give the same groups", Required = true };
    static readonly Option<string?> DateOption = new("--date") { Description = "The day contacts go out (yyyy-MM-dd); default the run's as-of date. Only orders after it count" };
    static readonly Option<string> OutOption = new("--out") { Description = "Where the treatment list goes (CSV); the control group is never exported", Required = true };
    static readonly Option<string> TransactionsOption = new("--transactions") { Description = "Transactions covering the days after the campaign date (contract format unless --source says otherwise)", Required = true };
    static readonly Option<string?> SourceOption = new("--source") { Description = "Source spec (JSON) for the transactions file" };
    static readonly Option<int> DaysOption = new("--days") { Description = "Days after the campaign date in which an order counts as a response", DefaultValueFactory = _ => 90 };
    static readonly Option<bool> JsonOption = new("--json") { Description = "Print the result as JSON" };

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="clock">Where "now" comes from: the campaign's creation time, and the date beyond which an order is a future date.</param>
    public static Command Create(TimeProvider clock)
    {
        var create = new Command("create", "Freeze a reactivation list with its predictions, draw a control group per value-at-stake decile, export the treatment list")
        {
            StoreOption, StoreProviderOption, RunOption, NameOption, StageOption, SegmentOption, MinValueOption, MinValueAtStakeOption,
            PostalCodeOption, DeviceOption, ChannelOption, CostPerContactOption, BudgetOption, UpliftFromOption, ControlOption, SeedOption, DateOption, OutOption,
        };
        create.SetAction((parse, cancellationToken) => CreateAsync(parse, clock, cancellationToken));

        var evaluate = new Command("evaluate", "Compare contacted customers with the control group after the campaign date: reactivation, spend, incremental revenue, return")
        {
            StoreOption, StoreProviderOption, NameOption, TransactionsOption, SourceOption, QueryOptions.Transactions, DaysOption, JsonOption,
        };
        evaluate.SetAction((parse, cancellationToken) => EvaluateAsync(parse, clock, cancellationToken));

        return new Command("campaign", "Reactivation campaigns with a control group, and their measured uplift") { create, evaluate };
    }

    static async Task<int> CreateAsync(ParseResult parse, TimeProvider clock, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var definition = new CampaignDefinition
            {
                Name = parse.GetValue(NameOption)!,
                RunId = parse.GetValue(RunOption),
                ControlShare = parse.GetValue(ControlOption),
                Seed = parse.GetValue(SeedOption),
                Date = parse.GetValue(DateOption) is { } date ? ParseDate(date, "--date") : null,
                Query = new CandidateQuery
                {
                    Stages = parse.GetValue(StageOption) is { } stage ? [Enum.Parse<LifecycleStage>(stage, ignoreCase: true)] : null,
                    Segment = parse.GetValue(SegmentOption) is { } segment ? ParseSegment(segment) : null,
                    MinValue = parse.GetValue(MinValueOption),
                    MinValueAtStake = parse.GetValue(MinValueAtStakeOption),
                    PostalCode = parse.GetValue(PostalCodeOption),
                    Device = parse.GetValue(DeviceOption),
                    Channel = parse.GetValue(ChannelOption),
                    CostPerContact = parse.GetValue(CostPerContactOption),
                    Budget = parse.GetValue(BudgetOption),
                },
            };
            // Checked before the store is opened, each problem in the words of the option that set it.
            if (definition.Validate() is { Count: > 0 } problems)
                throw new ArgumentException(string.Join(" ", problems.Select(InOptionWords)));
            var outPath = parse.GetValue(OutOption)!;
            await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(parse.GetValue(StoreOption)!, parse.GetValue(StoreProviderOption)));
            await store.EnsureSchemaAsync(cancellationToken);
            if (parse.GetValue(UpliftFromOption) is { } upliftFrom)
            {
                var uplift = await MeasuredUplift.LoadAsync(store, upliftFrom, definition.Query.ResponseRate, cancellationToken);
                definition = definition with { Query = definition.Query with { Uplift = uplift } };
            }
            var (campaign, members) = await CampaignPlanner.CreateAsync(store, definition, clock, cancellationToken);

            // Written next to the target and moved in, so a sending tool never picks up half a list.
            var full = Path.GetFullPath(outPath);
            var temporary = full + ".tmp";
            long exported;
            await using (var file = File.Create(temporary))
                exported = await CampaignExport.WriteTreatmentAsync(file, members, cancellationToken);
            File.Move(temporary, full, overwrite: true);

            var inv = CultureInfo.InvariantCulture;
            output.WriteLine(string.Create(inv, $"campaign  {campaign.Name}: run {campaign.RunId} (model {campaign.ModelVersion}, as of {campaign.AsOf:yyyy-MM-dd}), contacts on {campaign.Date:yyyy-MM-dd}"));
            output.WriteLine(string.Create(inv, $"selected  {members.Count:N0} customers, value at stake {members.Sum(m => m.Candidate.ValueAtStake):N2}, expected return {members.Sum(m => m.Candidate.ExpectedReturn):N2}"));
            PrintRates(output, definition.Query, members);
            output.WriteLine(string.Create(inv, $"treatment {campaign.Treatment:N0} ({exported:N0} rows exported to {full})"));
            output.WriteLine(string.Create(inv, $"control   {campaign.Control:N0} ({campaign.ControlShare:P0}, seed {campaign.Seed}; recorded in the store, never exported)"));
            output.WriteLine(string.Create(inv, $"{"decile",6} {"treatment",10} {"control",8} {"value at stake",15}"));
            foreach (var decile in members.GroupBy(m => m.Decile).OrderBy(g => g.Key))
                output.WriteLine(string.Create(inv,
                    $"{decile.Key,6} {decile.Count(m => m.Group == CampaignGroup.Treatment),10:N0} {decile.Count(m => m.Group == CampaignGroup.Control),8:N0} {decile.Sum(m => m.Candidate.ValueAtStake),15:N2}"));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IOException
            or UnauthorizedAccessException or DbException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The definition's fields as the options that set them: <c>ControlShare must be between 0 and 1, both excluded.</c> reads <c>--control must be …</c>.</summary>
    static readonly (string Field, string Option)[] FieldOptions =
    [
        (nameof(CampaignDefinition.Name), "--name"), (nameof(CampaignDefinition.ControlShare), "--control"),
        (nameof(CandidateQuery.MinValue), "--min-value"), (nameof(CandidateQuery.MinValueAtStake), "--min-value-at-stake"),
        (nameof(CandidateQuery.CostPerContact), "--cost-per-contact"), (nameof(CandidateQuery.Budget), "--budget"),
    ];

    static string InOptionWords(string problem) =>
        FieldOptions.Aggregate(problem, (text, field) => Regex.Replace(text, $@"\b{field.Field}\b", field.Option));

    /// <summary>Where the expected returns' response rates come from, and with the measured rates, how many customers took each.</summary>
    static void PrintRates(TextWriter output, CandidateQuery query, IReadOnlyList<CampaignMember> members)
    {
        var inv = CultureInfo.InvariantCulture;
        if (query.Uplift is not { } uplift)
        {
            output.WriteLine(string.Create(inv, $"rate      configured, {query.ResponseRate:P0} for every customer"));
            return;
        }
        output.WriteLine(string.Create(inv, $"rate      from campaign {uplift.Campaign}'s measured uplift by value-at-stake decile (evaluated {uplift.EvaluatedUtc:yyyy-MM-dd HH:mm} UTC)"));
        output.WriteLine(string.Create(inv, $"  {"decile",6} {"from stake",11} {"uplift",8} {"rate",6} {"customers",10}  source"));
        foreach (var decile in uplift.Deciles)
        {
            var customers = members.Count(m => uplift.DecileFor(m.Candidate.ValueAtStake).Decile == decile.Decile);
            output.WriteLine(string.Create(inv,
                $"  {decile.Decile,6} {decile.MinValueAtStake,11:N2} {decile.Uplift,8:P1} {decile.Rate,6:P1} {customers,10:N0}  {(decile.Measured ? "measured" : "configured (too small to tell)")}"));
        }
    }

    static async Task<int> EvaluateAsync(ParseResult parse, TimeProvider clock, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var name = parse.GetValue(NameOption)!;
            var days = parse.GetValue(DaysOption);
            if (days < 1) throw new ArgumentException($"--days: {days} is not a window; give at least 1 day.");
            await using var store = CustomerStoreFactory.Create(StoreConnection.Parse(parse.GetValue(StoreOption)!, parse.GetValue(StoreProviderOption)));
            await store.EnsureSchemaAsync(cancellationToken);
            var campaign = await store.GetCampaignAsync(name, cancellationToken)
                ?? throw new ArgumentException($"--name: no campaign named '{name}' in the store.");
            var members = await store.GetCampaignMembersAsync(name, cancellationToken);

            var spec = SourceSpec.WithQuery(parse.GetValue(SourceOption) is { } specPath ? SourceSpec.Load(specPath) : null,
                FileKind.Transactions, parse.GetValue(QueryOptions.Transactions));
            var transactions = new TransactionLoader(spec, new LoadOptions { Clock = clock }).Load(parse.GetValue(TransactionsOption)!);
            var result = CampaignEvaluator.Evaluate(campaign, members, transactions.Transactions, days);
            await store.SaveCampaignResultAsync(name, result, clock.GetUtcNow().UtcDateTime, cancellationToken);

            if (parse.GetValue(JsonOption))
                output.WriteLine(JsonSerializer.Serialize(result, Json));
            else
                Print(output, result);
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ArgumentException or DataLoadException or SourceSpecException or InvalidDataException
            or FormatException or FileNotFoundException or DirectoryNotFoundException or DbException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
    }

    static void Print(TextWriter output, CampaignResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"campaign  {result.Campaign}: orders from {result.From:yyyy-MM-dd} to {result.To:yyyy-MM-dd}"));
        if (result.DataEnd is not { } end || end < result.To)
            output.WriteLine(string.Create(inv,
                $"note      the transactions end {(result.DataEnd is { } e ? e.ToString("yyyy-MM-dd", inv) : "before any order")}, before the window does: later responses are not counted yet"));
        var o = result.Overall;
        output.WriteLine(string.Create(inv, $"{"",-22} {"treatment",12} {"control",12}"));
        output.WriteLine(string.Create(inv, $"{"customers",-22} {o.Treatment.Customers,12:N0} {o.Control.Customers,12:N0}"));
        output.WriteLine(string.Create(inv, $"{"reactivated",-22} {o.Treatment.ReactivationRate,12:P1} {o.Control.ReactivationRate,12:P1}"));
        output.WriteLine(string.Create(inv, $"{"spend per customer",-22} {o.Treatment.SpendPerCustomer,12:N2} {o.Control.SpendPerCustomer,12:N2}"));
        output.WriteLine(string.Create(inv, $"reactivation uplift    {Points(o.ReactivationUplift)}"));
        output.WriteLine(string.Create(inv, $"incremental revenue    {Money(o.IncrementalRevenuePerContact)} per contacted customer, {Money(result.IncrementalRevenue)} in all"));
        if (result.CostOfContacts is { } cost)
            output.WriteLine(string.Create(inv, $"cost of contacts       {cost:N2}; return on spend {Ratio(result.ReturnOnSpend)}"));
        else
            output.WriteLine("cost of contacts       unknown (the campaign has no cost per contact): no return on spend");
        output.WriteLine($"verdict                {o.Verdict}");
        output.WriteLine($"intervals              {result.Interval}");
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"{"decile",6} {"treated",8} {"control",8} {"react. T",9} {"react. C",9} {"uplift (points)",26} {"revenue per contact",28}  verdict"));
        foreach (var d in result.ByDecile)
            output.WriteLine(string.Create(inv,
                $"{d.Decile,6} {d.Treatment.Customers,8:N0} {d.Control.Customers,8:N0} {d.Treatment.ReactivationRate,9:P1} {d.Control.ReactivationRate,9:P1} {Points(d.ReactivationUplift),26} {Money(d.IncrementalRevenuePerContact),28}  {(d.TooSmallToTell ? "too small to tell" : d.Verdict)}"));
    }

    static string Points(Estimate e) => Format(e, 100, "0.0");
    static string Money(Estimate e) => Format(e, 1, "0.00");
    static string Ratio(Estimate? e) => e is null ? "n/a" : Format(e, 1, "0.00");

    static string Format(Estimate e, double scale, string format)
    {
        var inv = CultureInfo.InvariantCulture;
        var value = (e.Value * scale).ToString(format, inv);
        return e.Low is { } low && e.High is { } high
            ? $"{value} [{(low * scale).ToString(format, inv)}, {(high * scale).ToString(format, inv)}]"
            : $"{value} [no interval]";
    }

    static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{option}: '{text}' is not a date (expected yyyy-MM-dd).");

    static string ParseSegment(string text) =>
        Enum.TryParse<RfmSegment>(text.Trim(), ignoreCase: true, out var segment) && !int.TryParse(text, out _)
            ? segment.ToString()
            : throw new ArgumentException($"--segment: '{text}' is not an RFM segment: use one of {string.Join(", ", Enum.GetNames<RfmSegment>())}.");
}
