using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Monitoring;
using CustomerValue.Core.Store;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CustomerValue.Api.Tests.Monitoring;

[Collection(FixtureBundleCollection.Name)]
public sealed class MonitoringApiTests(FixtureBundle bundle)
{
    const string Customer = """
        { "asOf": "2025-01-31", "profile": { "channel": "email", "device": "ios" }, "history": { "orders": [ { "date": "2025-01-03", "amount": 40 } ] } }
        """;

    static async Task PredictAsync(HttpClient client, int times)
    {
        for (var i = 0; i < times; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/v1/predictions", Customer)).StatusCode);
    }

    /// <summary>The sum of a Prometheus sample over every label set whose labels contain <paramref name="labels"/>.</summary>
    static double Sample(string scrape, string name, string labels = "") =>
        Regex.Matches(scrape, $@"^{Regex.Escape(name)}\{{([^}}]*)\}} (\S+)", RegexOptions.Multiline)
            .Where(m => m.Groups[1].Value.Contains(labels, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [Fact]
    public async Task TheLiveWindowHoldsThePredictionsMadeSinceTheModelLoaded()
    {
        await using var app = new ApiApplication(bundle);
        await PredictAsync(app.CreateClient(ApiApplication.PredictKey), 3);

        var drift = await (await app.CreateClient(ApiApplication.ReadKey).GetAsync("/v1/model/drift")).ReadJsonAsync();
        var live = drift["live"]!["drift"]!;

        Assert.Equal(FixtureBundle.Version, (string?)drift["modelVersion"]);
        Assert.True((bool)drift["hasBaseline"]!);
        Assert.Null(drift["run"]);
        Assert.Equal(3, (long)live["rows"]!);
        var device = live["inputs"]!.AsArray().Single(c => (string?)c!["name"] == "device")!;
        Assert.Equal(3, device["bins"]!.AsArray().Where(b => (string?)b!["bin"] == "ios").Sum(b => (long)b!["count"]!));
        Assert.Equal(0, (double)device["unseenShare"]!);
    }

    [Fact]
    public async Task TheLatestRunsStoredDriftIsServedBesideTheLiveWindow()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient(ApiApplication.ReadKey);
        await client.GetAsync("/health/live");
        string runId;
        await using (var store = CustomerStoreFactory.Create(StoreConnection.Parse(app.StorePath)))
        {
            await store.EnsureSchemaAsync();
            var run = await store.WriteRunAsync(new ScoringRunStart("fixture-1", FixtureBundle.Cutoff), One());
            await store.SaveDriftAsync(run.RunId, new DriftReport(FixtureBundle.Cutoff, 10, 1, DriftThresholds.Default, DriftLevel.Act,
                [new ColumnDrift("device", DriftColumnKind.Categorical, 0.4, 0.3, DriftLevel.Act, [new BinDrift("(unseen)", 0, 0.3, 1)])], []));
            runId = run.RunId;
        }

        var drift = await (await client.GetAsync("/v1/model/drift")).ReadJsonAsync();

        Assert.Equal(runId, (string?)drift["run"]!["runId"]);
        Assert.Equal("act", (string?)drift["run"]!["drift"]!["level"]);
        Assert.Equal(0.4, (double)drift["run"]!["drift"]!["inputs"]![0]!["psi"]!);
        Assert.Null(drift["live"]);
    }

    [Fact]
    public async Task ARunsRealisedComparisonIsServedAndAnUnknownRunIsNotFound()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient(ApiApplication.ReadKey);
        await client.GetAsync("/health/live");
        string runId;
        await using (var store = CustomerStoreFactory.Create(StoreConnection.Parse(app.StorePath)))
        {
            await store.EnsureSchemaAsync();
            var run = await store.WriteRunAsync(new ScoringRunStart("fixture-1", FixtureBundle.Cutoff), One());
            await store.SaveRealisedAsync(run.RunId, new RealisedReport(run.RunId, run.ModelVersion, run.AsOf, 365, run.AsOf.AddDays(73), 73, 0.2,
                "73 of the 365 horizon days have passed", 1, 1, 500, 100, 90, 0.111, null, [], null, 0, 0.3, 1, 0, DateTime.UtcNow));
            runId = run.RunId;
        }

        var realised = await client.GetAsync($"/v1/runs/{runId}/realised");
        var body = await realised.ReadJsonAsync();
        var unknown = await client.GetAsync("/v1/runs/nope/realised");

        Assert.Equal(HttpStatusCode.OK, realised.StatusCode);
        Assert.Equal(0.2, (double)body["elapsedShare"]!);
        Assert.Equal(100, (double)body["predictedTotalElapsed"]!);
        Assert.StartsWith("73 of the 365", (string?)body["scaling"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TheMetricsEndpointCountsPredictionsByStage()
    {
        await using var app = new ApiApplication(bundle);
        var client = app.CreateClient(ApiApplication.PredictKey);
        await PredictAsync(client, 4);

        var scrape = await client.GetStringAsync("/metrics");

        Assert.Equal(4, Sample(scrape, "cvml_predictions_total", $"model_version=\"{FixtureBundle.Version}\""));
        Assert.Equal(4, Sample(scrape, "cvml_prediction_duration_seconds_count"));
        Assert.Equal(4, Sample(scrape, "http_server_request_duration_seconds_count", "http_route=\"/v1/predictions/\""));
        Assert.Equal(4, Sample(scrape, "cvml_drift_window_rows"));
        Assert.Contains("cvml_drift_psi{", scrape);
    }

    [Fact]
    public async Task TheModelGenerationGaugeMovesToTheNewVersionAfterAReload()
    {
        await using var app = new ApiApplication(bundle, version: "v1");
        var client = app.CreateClient();
        var before = await client.GetStringAsync("/metrics");

        app.Publish("v2");
        await app.WaitForAsync(client, "/v1/model", b => (string?)b["version"] == "v2");
        var after = await client.GetStringAsync("/metrics");

        Assert.Equal(1, Sample(before, "cvml_model_generation", "model_version=\"v1\""));
        Assert.Equal(2, Sample(after, "cvml_model_generation", "model_version=\"v2\""));
        Assert.Equal(0, Sample(after, "cvml_model_generation", "model_version=\"v1\""));
    }

    [Fact]
    public async Task DriftAndRealisedNeedAKeyWithTheReadScope()
    {
        await using var app = new ApiApplication(bundle);

        var anonymous = await app.CreateClient().GetAsync("/v1/model/drift");
        var predictOnly = await app.CreateClient(ApiApplication.PredictKey).GetAsync("/v1/runs/any/realised");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, predictOnly.StatusCode);
    }

    [Fact]
    public async Task WithTheExporterSetToNoneNothingIsServedOnMetrics()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Telemetry:Exporter"] = "none" });
        var client = app.CreateClient(ApiApplication.PredictKey);
        await PredictAsync(client, 1);

        var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
    }

    [Theory]
    [InlineData("prometheus", false)]
    [InlineData("none", false)]
    [InlineData("otlp", true)]
    public async Task RequestsAreTracedOnlyWhenTheExporterSendsTraces(string exporter, bool traced)
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string>
        {
            ["Telemetry:Exporter"] = exporter,
            // Nothing listens there: the exporter's failed pushes stay in the background.
            ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9",
        });
        await PredictAsync(app.CreateClient(ApiApplication.PredictKey), 1);

        var tracer = app.Services.GetService<TracerProvider>();

        Assert.Equal(traced, tracer is not null);
    }

    [Fact]
    public async Task AnUnknownExporterStopsTheStartNamingTheKey()
    {
        await using var app = new ApiApplication(bundle, settings: new Dictionary<string, string> { ["Telemetry:Exporter"] = "statsd" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.CreateClient().GetAsync("/health/live"));

        Assert.Contains("Telemetry:Exporter", error.ToString());
    }

    static async IAsyncEnumerable<ScoredCustomer> One()
    {
        await Task.CompletedTask;
        yield return new ScoredCustomer
        {
            CustomerId = "c1", AsOf = FixtureBundle.Cutoff, PredictedValue = 500, ChurnProbability = 0.3, Stage = LifecycleStage.Retention,
        };
    }
}
