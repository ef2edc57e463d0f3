using System.Net;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Api.Components.UI;
using CustomerValue.Core.Serving;
using CustomerValue.Core.Models.Bundles;
using CustomerValue.Core.Store;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerValue.Api.Tests.Console;

/// <summary>The console's pages over the in-memory server, read as HTML.</summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class ConsolePageTests(FixtureBundle bundle) : IDisposable
{
    readonly string _sample = ConsoleSite.SampleWithSlashId();

    async Task<ApiApplication> StartAsync()
    {
        var app = new ApiApplication(bundle, settings: ConsoleSite.Settings(_sample));
        await ConsoleSite.WaitForSeedAsync(app);
        return app;
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/reactivation?segment=AtRisk")]
    [InlineData("/customers?id=C000001")]
    [InlineData("/model")]
    [InlineData("/reactivation/export")]
    public async Task AnUnauthenticatedRequestIsSentToSignInAndBackAfterwards(string path)
    {
        await using var app = await StartAsync();
        var client = ConsoleSite.Browser(app);

        var response = await client.GetAsync(path);
        var signIn = await ConsoleSite.SignInAsync(client, ConsoleSite.Viewer, path: response.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location!.PathAndQuery);
        Assert.Equal(path, Local(signIn));
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithoutACookie()
    {
        await using var app = await StartAsync();
        var client = ConsoleSite.Browser(app);

        var response = await ConsoleSite.SignInAsync(client, ConsoleSite.Viewer, "not the password");
        var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The name or the password is not right.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task ASignInThatPointsElsewhereLandsOnTheOverview()
    {
        await using var app = await StartAsync();
        var client = ConsoleSite.Browser(app);

        var response = await ConsoleSite.SignInAsync(client, ConsoleSite.Viewer, path: "/signin?returnUrl=" + Uri.EscapeDataString("//evil.example/"));

        Assert.Equal("http://localhost/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task OverviewShowsTheRunAndTotalsOfTheStore()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var store = app.Services.GetRequiredService<ICustomerStore>();

        var html = await client.GetStringAsync("/");
        var report = (await store.GetSegmentsAsync())!;

        var value = report.ByStage.Sum(s => s.Customers * s.MeanPredictedValue);
        var stake = report.ByStage.Sum(s => s.ValueAtStake);
        Assert.Equal("2,500", ConsoleSite.Marked(html, "data-figure", "customers"));
        Assert.Equal(value.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture), ConsoleSite.Marked(html, "data-figure", "predicted-value"));
        Assert.Equal(stake.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture), ConsoleSite.Marked(html, "data-figure", "value-at-stake"));
        Assert.Contains(FixtureBundle.Version, html);
        Assert.Contains("2025-12-31", html);
        Assert.Contains("<canvas data-chart=", html);
        Assert.Contains("<table id=\"stages\"", html);
        Assert.Contains("<table id=\"channels\"", html);
        Assert.Contains("first scoring run kept", html);
    }

    /// <summary>
    /// A mean per customer is a ticket-sized figure: on a base where most buy once (Olist: 1.15 per lapsed customer,
    /// 1.59 per new one) whole units read "1" and "2", and four segments looked alike at "1".
    /// </summary>
    [Fact]
    public async Task OverviewShowsMeanValuesPerCustomerWithCents()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var store = app.Services.GetRequiredService<ICustomerStore>();

        var html = await client.GetStringAsync("/");
        var report = (await store.GetSegmentsAsync())!;

        Assert.All(report.ByStage, s => Assert.Contains($"<td class=\"n\">{Display.Cents(s.MeanPredictedValue)}</td>", html));
        Assert.All(report.BySegment, s => Assert.Contains($"<td class=\"n\">{Display.Cents(s.MeanPredictedValue)}</td>", html));
    }

    [Fact]
    public async Task OverviewSaysHowTheFiguresMovedSinceThePreviousRun()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var store = app.Services.GetRequiredService<ICustomerStore>();
        var latest = (await store.GetLatestRunAsync())!;

        // A second run of just one customer: every stage but one empties.
        var one = (await store.GetCustomerAsync("C000001"))!;
        await store.WriteRunAsync(new CustomerValue.Core.Store.ScoringRunStart("fixture-2", latest.AsOf.AddDays(30)), new[] { one with { AsOf = latest.AsOf.AddDays(30) } });
        var html = await client.GetStringAsync("/");

        Assert.Contains("<table id=\"movement\"", html);
        Assert.Contains("Compared with the run of <strong>2025-12-31</strong>", html);
        Assert.Contains("−", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task TheListBuilderGivesTheApisRowsAndTotalsForTheSameQuery()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var api = app.CreateClient(ApiApplication.ReadKey);
        const string query = "budget=200&costPerContact=2.5&responseRate=0.3";

        var html = await client.GetStringAsync("/reactivation?" + query);
        var body = await (await api.GetAsync("/v1/reactivation-candidates?limit=50&" + query)).ReadJsonAsync();

        var totals = body["totals"]!;
        // 200 / 2.5 pays for 80 contacts; fewer are worth more than a contact costs at a 30 % response.
        Assert.InRange((long)totals["customers"]!, 51, 80);
        Assert.Equal(((long)totals["customers"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), ConsoleSite.Marked(html, "data-total", "customers"));
        Assert.Equal(((double)totals["cost"]!).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), ConsoleSite.Marked(html, "data-total", "cost"));
        Assert.Equal(((double)totals["expectedReturn"]!).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), ConsoleSite.Marked(html, "data-total", "expected-return"));
        Assert.Equal("Response rate: configured, 30.0 % for every customer.", ConsoleSite.Marked(html, "data-total", "rate-source"));
        var ids = body["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!).ToList();
        Assert.Equal(50, ids.Count);
        AssertListedInOrder(html, ids);
    }

    /// <summary>Without a response rate every contact counts as won back; the page says so rather than calling 100 % configured.</summary>
    [Fact]
    public async Task AListWithoutAResponseRateSaysItsExpectedValueIsTheMostItCouldSave()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        var html = await client.GetStringAsync("/reactivation?costPerContact=1");

        var source = ConsoleSite.Marked(html, "data-total", "rate-source");
        Assert.StartsWith("Response rate: not given, so every contacted customer counts as won back (100.0 %)", source);
        Assert.Contains("the most this list could save", source);
    }

    /// <summary>Every id links from the page, in the order given.</summary>
    static void AssertListedInOrder(string html, IEnumerable<string> ids)
    {
        var positions = ids.Select(id => html.IndexOf(">" + WebUtility.HtmlEncode(id) + "</a>", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    /// <summary>Ranked by churn in the console, the list is the API's list for the same query, row for row, and the choice stays selected.</summary>
    [Fact]
    public async Task TheListBuilderRanksByChurnAsTheApiDoes()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var api = app.CreateClient(ApiApplication.ReadKey);
        const string query = "rankBy=churn";

        var html = await client.GetStringAsync("/reactivation?" + query);
        var body = await (await api.GetAsync("/v1/reactivation-candidates?limit=50&" + query)).ReadJsonAsync();
        var byValue = await (await api.GetAsync("/v1/reactivation-candidates?limit=50")).ReadJsonAsync();

        var ids = body["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!).ToList();
        Assert.NotEqual(byValue["candidates"]!.AsArray().Select(c => (string)c!["customerId"]!), ids);
        AssertListedInOrder(html, ids);
        Assert.Contains("<option value=\"churn\" selected", html);
        Assert.Contains("Customers ranked by churn probability, likeliest to churn first", html);
    }

    /// <summary>
    /// A run with nothing at stake (a churn table scored without a recurring charge) is listed by churn by default: by
    /// value at stake every row ties at 0 and the list came in id order.
    /// </summary>
    [Fact]
    public async Task ARunWithNothingAtStakeIsListedByChurnByDefault()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var store = app.Services.GetRequiredService<ICustomerStore>();
        var latest = (await store.GetLatestRunAsync())!;
        var rows = new List<ScoredCustomer>();
        foreach (var (id, churn) in new[] { ("C000001", 0.45), ("C000002", 0.9), ("C000003", 0.6) })
            rows.Add((await store.GetCustomerAsync(id))! with { PredictedValue = 0, ChurnProbability = churn, Stage = CustomerValue.Core.Domain.LifecycleStage.Retention });
        await store.WriteRunAsync(new ScoringRunStart(latest.ModelVersion, latest.AsOf), rows);

        var html = await client.GetStringAsync("/reactivation");

        AssertListedInOrder(html, ["C000002", "C000003", "C000001"]);
        Assert.Contains("<option value=\"churn\" selected", html);
        Assert.Contains("No customer of this run has a value at stake", html);
    }

    [Fact]
    public async Task TheListBuilderCanTakeItsRatesFromAnEvaluatedCampaignAndShowsWhereEachComesFrom()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var api = app.CreateClient(ApiApplication.ReadKey);
        var store = app.Services.GetRequiredService<ICustomerStore>();
        var (campaign, members) = await Core.Campaigns.CampaignPlanner.CreateAsync(store,
            new Core.Campaigns.CampaignDefinition { Name = "test mailing", ControlShare = 0.3, Seed = 1, Query = new CandidateQuery() }, TimeProvider.System);
        // Half the contacted customers of the top half came back, a tenth of everyone else.
        var orders = members.Where((m, i) => m.Group == Core.Campaigns.CampaignGroup.Treatment && m.Decile <= 5 ? i % 2 == 0 : i % 10 == 0)
            .Select(m => new Core.Domain.Transaction(m.Candidate.CustomerId, campaign.Date.AddDays(3).ToDateTime(TimeOnly.MinValue), 25)).ToList();
        await store.SaveCampaignResultAsync(campaign.Name, Core.Campaigns.CampaignEvaluator.Evaluate(campaign, members, orders, 60), DateTime.UtcNow);
        var query = "costPerContact=1&upliftFrom=" + Uri.EscapeDataString(campaign.Name);

        var html = await client.GetStringAsync("/reactivation?" + query);
        var body = await (await api.GetAsync("/v1/reactivation-candidates?limit=50&" + query)).ReadJsonAsync();
        var csv = await (await client.GetAsync(ConsoleEndpointsPath(html))).Content.ReadAsByteArrayAsync();
        var apiCsv = await (await api.GetAsync("/v1/reactivation-candidates?format=csv&" + query)).Content.ReadAsByteArrayAsync();

        Assert.Equal("Response rate: " + (string)body["rateSource"]! + ".", ConsoleSite.Marked(html, "data-total", "rate-source"));
        var sources = System.Text.RegularExpressions.Regex.Matches(html, "data-rate-source=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));
        Assert.Equal(body["candidates"]!.AsArray().Select(c => (string)c!["rateSource"]!), sources);
        Assert.Contains(sources, s => s.StartsWith("campaign test mailing's measured uplift, decile", StringComparison.Ordinal));
        Assert.Equal(apiCsv, csv);
    }

    [Fact]
    public async Task TheListBuilderListsOnlyAtRiskAndLapsedCustomersUnlessAskedForMore()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        var byDefault = await client.GetStringAsync("/reactivation");
        var everyone = await client.GetStringAsync("/reactivation?stage=all");

        Assert.DoesNotContain("<td>Active</td>", byDefault);
        Assert.Contains("<td>Lapsed</td>", byDefault);
        Assert.Contains("<td>Active</td>", everyone);
        Assert.Contains("value=\"retention\" checked", byDefault);
        Assert.DoesNotContain("value=\"monetization\" checked", byDefault);
    }

    /// <summary>
    /// The overview links each segment to the list, whose default stages are at-risk and lapsed: on Olist the
    /// New Customers row (9,908 customers, 16,422 at stake) opened "No customer matches these filters" and nothing else.
    /// </summary>
    [Fact]
    public async Task AnEmptyListSaysHowManyMatchInTheStagesItLeavesOut()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var api = app.CreateClient(ApiApplication.ReadKey);

        var html = await client.GetStringAsync("/reactivation?stage=segmentation&segment=Lost");
        var everyStage = await (await api.GetAsync("/v1/reactivation-candidates?stage=all&segment=Lost&limit=0")).ReadJsonAsync();

        Assert.Contains("No customer matches these filters", html);
        var count = (long)everyStage["totals"]!["customers"]!;
        Assert.True(count > 0);
        Assert.StartsWith(Display.Count(count) + " customers match them in the stages left unticked", ConsoleSite.Marked(html, "data-total", "in-other-stages"));
        Assert.Contains("href=\"/reactivation?stage=all&amp;segment=Lost\"", html);
    }

    [Fact]
    public async Task ABadListParameterIsNamedOnThePage()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        var html = await client.GetStringAsync("/reactivation?costPerContact=1e-308&budget=10");

        Assert.Contains("<strong>costPerContact</strong>", html);
        Assert.DoesNotContain("<table id=\"candidates\"", html);
    }

    [Fact]
    public async Task TheCsvDownloadIsTheApisCsvByteForByte()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var api = app.CreateClient(ApiApplication.ReadKey);
        const string query = "stage=recovery&stage=retention&minValueAtStake=1&budget=100&costPerContact=1.5";

        var page = await client.GetStringAsync("/reactivation?" + query);
        var download = await client.GetAsync(ConsoleEndpointsPath(page));
        var csv = await download.Content.ReadAsByteArrayAsync();
        var apiResponse = await api.GetAsync("/v1/reactivation-candidates?format=csv&" + query);
        var apiCsv = await apiResponse.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(long.Parse(apiResponse.Headers.GetValues("X-Total-Customers").Single()) + 1, csv.Count(b => b == (byte)'\n'));
        Assert.True(csv.Count(b => b == (byte)'\n') > 2);
        Assert.Equal(apiCsv, csv);
    }

    static string ConsoleEndpointsPath(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "href=\"(/reactivation/export[^\"]*)\"").Groups[1].Value);

    /// <summary>Olist's most valuable customer read "80 % interval 86.94 – 87.25" under a value of 88.76, with no word of doubt.</summary>
    [Fact]
    public async Task ACustomerAboveEveryHeldOutPredictionIsToldTheIntervalSaysLittle()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var store = app.Services.GetRequiredService<ICustomerStore>();
        var latest = (await store.GetLatestRunAsync())!;
        var one = (await store.GetCustomerAsync("C000001"))!;
        var top = bundle.Card.Clv!.Interval.Bands[^1].UpperPrediction;
        await store.WriteRunAsync(new ScoringRunStart(latest.ModelVersion, latest.AsOf),
            new[] { one, (await store.GetCustomerAsync("C000002"))! with { PredictedValue = top + 100 } });

        var above = await client.GetStringAsync("/customers?id=C000002");
        var within = await client.GetStringAsync("/customers?id=C000001");

        Assert.StartsWith("above every held-out prediction the interval was fitted on (at most " + Display.Cents(top) + ")",
            ConsoleSite.Marked(above, "data-note", "interval-beyond-bands"));
        Assert.True(one.PredictedValue <= top);
        Assert.DoesNotContain("interval-beyond-bands", within);
    }

    /// <summary>Olist's customers read "Predicted value 71.75, 80 % interval 0.00 – 0.00" with no word of why.</summary>
    [Fact]
    public async Task AValueAboveItsIntervalSaysThatMostCustomersLikeThemSpendLess()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var store = app.Services.GetRequiredService<ICustomerStore>();
        var latest = (await store.GetLatestRunAsync())!;
        var one = (await store.GetCustomerAsync("C000001"))! with { PredictedValue = 50, ValueP10 = 10, ValueP90 = 90 };
        var nothing = (await store.GetCustomerAsync("C000002"))! with { PredictedValue = 71.75, ValueP10 = 0, ValueP90 = 0 };
        var less = (await store.GetCustomerAsync("C000003"))! with { PredictedValue = 40, ValueP10 = 0, ValueP90 = 25 };
        await store.WriteRunAsync(new ScoringRunStart(latest.ModelVersion, latest.AsOf), new[] { one, nothing, less });

        var within = await client.GetStringAsync("/customers?id=C000001");
        var zero = await client.GetStringAsync("/customers?id=C000002");
        var below = await client.GetStringAsync("/customers?id=C000003");

        Assert.DoesNotContain("value-above-interval", within);
        Assert.Equal("most customers like this one spend nothing over the horizon: the predicted value is their average, carried by the few who spend much",
            ConsoleSite.Marked(zero, "data-note", "value-above-interval"));
        Assert.StartsWith("most customers like this one spend less than this over the horizon:", ConsoleSite.Marked(below, "data-note", "value-above-interval"));
    }

    [Fact]
    public async Task ACustomerWithASlashAndASpaceInTheIdHasAPage()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var store = app.Services.GetRequiredService<ICustomerStore>();

        var html = await client.GetStringAsync("/customers?id=" + Uri.EscapeDataString(ConsoleSite.SlashId));
        var missing = await client.GetAsync("/customers?id=NOBODY");
        var customer = (await store.GetCustomerAsync(ConsoleSite.SlashId))!;

        Assert.Contains("<h2 class=\"customer-id\">" + ConsoleSite.SlashId + "</h2>", html);
        Assert.Equal(customer.PredictedValue.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), ConsoleSite.Marked(html, "data-figure", "predicted-value"));
        Assert.NotEmpty(customer.TopReasons);
        Assert.All(customer.TopReasons, reason => Assert.Contains(reason, WebUtility.HtmlDecode(html)));
        Assert.Equal(customer.ActionReason, ConsoleSite.Marked(html, "data-field", "action-reason"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task AViewerCannotReloadTheModelAndAnAdminCan()
    {
        await using var app = await StartAsync();
        var viewer = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);
        var admin = await ConsoleSite.SignedInAsync(app, ConsoleSite.Admin);
        var models = app.Services.GetRequiredService<ModelSource<ModelBundle>>();
        var attempts = models.Status.LastAttemptAt;

        var viewerPage = await viewer.GetStringAsync("/model");
        var refused = await viewer.PostAsync("/model/reload", Form(ConsoleSite.Token(viewerPage)));
        var afterRefusal = models.Status.LastAttemptAt;
        var adminPage = await admin.GetStringAsync("/model");
        var forged = await admin.PostAsync("/model/reload", Form("forged"));
        var reloaded = await admin.PostAsync("/model/reload", Form(ConsoleSite.Token(adminPage)));

        Assert.DoesNotContain("action=\"/model/reload\"", viewerPage);
        Assert.StartsWith("/access-denied", Local(refused));
        Assert.Equal(attempts, afterRefusal);
        Assert.Contains("action=\"/model/reload\"", adminPage);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("/model?reload=unchanged", Local(reloaded));
    }

    [Fact]
    public async Task TheModelPageListsTheCardsWarningsBeforeItsFigures()
    {
        await using var app = new ApiApplication(bundle, version: null, settings: ConsoleSite.Settings(_sample));
        var folder = bundle.Publish(app.ModelsDirectory, "noted");
        const string Season = "The history is too short for a validation period in the test period's calendar window a year earlier";
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName),
            (bundle.Card with { Version = "noted", Notes = [bundle.Card.Evaluation.Description, Season] }).ToJson());
        app.WritePointer("noted");
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        await using var plainApp = await StartAsync();
        var plainClient = await ConsoleSite.SignedInAsync(plainApp, ConsoleSite.Viewer);

        var html = await client.GetStringAsync("/model");
        var plain = await plainClient.GetStringAsync("/model");

        // The evaluation's own description is the page's hint above the baselines, not a warning.
        var notes = html[html.IndexOf("id=\"notes\"", StringComparison.Ordinal)..];
        notes = notes[..notes.IndexOf("</ul>", StringComparison.Ordinal)];
        Assert.Equal([Season], System.Text.RegularExpressions.Regex.Matches(notes, "<li>(.*?)</li>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
        Assert.DoesNotContain("id=\"notes\"", plain);
    }

    /// <summary>A churn table's bundle with a recurring charge: the model page gives the charges of the next horizon and what churn means for it.</summary>
    [Fact]
    public async Task TheModelPageOfAValuedChurnTableShowsItsRecurringChargesAhead()
    {
        await using var app = new ApiApplication(bundle, version: null, settings: ConsoleSite.Settings(_sample));
        var card = Predictions.RecurringValueApiTests.TrainSubscribers(app.ModelsDirectory, "subscribers");
        app.WritePointer("subscribers");
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/model"));

        Assert.Equal(card.Forecast!.PredictedValue.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture), ConsoleSite.Marked(html, "data-figure", "forecast"));
        Assert.Contains("recurring charges ('fee') of 400 customers", html);
        Assert.Contains("churn = the table's own label", html);
    }

    /// <summary>
    /// A dated churn table's bundle, read forward: churn means leaving within the window, the charges ahead say how far off
    /// their back-test was, and a page without value baselines shows none.
    /// </summary>
    [Fact]
    public async Task TheModelPageOfAChurnTableReadForwardSaysWhatChurnMeansAndHowItsChargesBackTested()
    {
        await using var app = new ApiApplication(bundle, version: null, settings: ConsoleSite.Settings(_sample));
        var card = Predictions.RecurringValueApiTests.TrainSubscribers(app.ModelsDirectory, "subscribers");
        var forward = card with { Version = "forward", ChurnReadForward = true, Recurring = card.Recurring! with { TestPredicted = 1_050, TestPaid = 1_000 } };
        var folder = Path.Combine(app.ModelsDirectory, "forward");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(app.ModelsDirectory, "subscribers")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(folder, ModelCard.FileName), forward.ToJson());
        app.WritePointer("forward");
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/model"));

        Assert.Contains($"churn = left within {card.ChurnWindowDays} days (the table's churn dates)", html);
        Assert.Contains($"back-tested on the customers there on {card.Cutoff:yyyy-MM-dd}: +5.0 % off what they paid", html);
        Assert.DoesNotContain("Predicted value against the baselines", html);
        Assert.Contains("Held-out customers, " + card.Evaluation.Description.TrimEnd('.'), html);
    }

    [Fact]
    public async Task TheModelPageShowsTheCardAndItsCharts()
    {
        await using var app = await StartAsync();
        var charts = bundle.PublishCharts(app.ModelsDirectory, FixtureBundle.Version);
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        var html = await client.GetStringAsync("/model");
        var chart = await client.GetAsync("/model/charts/decile-lift.png");
        var outside = await client.GetAsync("/model/charts/..%2Fmodel-card.json");

        Assert.Equal(bundle.Card.Grade, ConsoleSite.Marked(html, "data-figure", "grade"));
        Assert.Equal(Display.Money(bundle.Card.Forecast!.PredictedValue), ConsoleSite.Marked(html, "data-figure", "forecast"));
        Assert.Contains("<table id=\"baselines\"", html);
        // The forecast by calendar month, each month's value as the card has it.
        var months = bundle.Card.Forecast.ByMonth!;
        Assert.Contains("<table id=\"forecast-by-month\"", html);
        Assert.All(months, m => Assert.Contains($"<td class=\"n\">{Display.Money(m.PredictedValue)}</td>", html));
        Assert.Contains("decile-lift.png", charts);
        Assert.All(charts, name => Assert.Contains($"src=\"/model/charts/{name}\"", html));
        Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(app.ModelsDirectory, FixtureBundle.Version, "charts", "decile-lift.png")),
            await chart.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        await using var app = await StartAsync();
        var client = await ConsoleSite.SignedInAsync(app, ConsoleSite.Viewer);

        var page = await client.GetStringAsync("/");
        var signedOut = await client.PostAsync("/signout", Form(ConsoleSite.Token(page)));
        var after = await client.GetAsync("/");

        Assert.Equal("/signin", Local(signedOut));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    /// <summary>Where a redirect points, as a path and query on this site.</summary>
    static string Local(HttpResponseMessage response) => new Uri(new Uri("http://localhost/"), response.Headers.Location!).PathAndQuery;

    static FormUrlEncodedContent Form(string token) => new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    public void Dispose() => Directory.Delete(_sample, recursive: true);
}
