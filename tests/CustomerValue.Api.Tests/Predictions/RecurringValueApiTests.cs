using System.Globalization;
using System.Net;
using System.Text;
using CustomerValue.Api.Tests.Fixtures;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Api.Tests.Predictions;

/// <summary>
/// A churn table's bundle with a recurring charge answers a customer's value from the charge the request gives, says
/// how it values customers in GET /v1/model, and warns a request without the charge that its value is 0.
/// </summary>
[Collection(FixtureBundleCollection.Name)]
public sealed class RecurringValueApiTests(FixtureBundle bundle)
{
    [Fact]
    public async Task AChurnTablesBundleAnswersWithTheValueOfTheCustomersRecurringCharge()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var card = TrainSubscribers(app.ModelsDirectory, "subscribers");
        app.WritePointer("subscribers");
        var client = app.CreateClient();
        static string Request(string attributes) =>
            $$"""{ "customerId": "c1", "asOf": "2026-01-01", "profile": { "attributes": { {{attributes}} } } }""";

        var charged = await (await client.PostJsonAsync("/v1/predictions", Request("\"plan\": \"monthly\", \"fee\": 50, \"months\": 3"))).ReadJsonAsync();
        var uncharged = await client.PostJsonAsync("/v1/predictions", Request("\"plan\": \"monthly\", \"months\": 3"));
        var model = await (await client.GetAsync(new Uri("/v1/model", UriKind.Relative))).ReadJsonAsync();

        var churn = (double)charged["churnProbability"]!;
        var expected = card.Recurring!.ValueOf(50, churn, card.HorizonDays);
        // The answer's churn probability is rounded to four places: the value recomputed from it is within cents.
        Assert.Equal(expected.Value, (double)charged["predictedValue"]!, 0.1);
        Assert.True((double)charged["predictedValue"]! > 0);
        Assert.Equal(expected.P90, (double)charged["valueInterval"]!["p90"]!, 0.01);
        Assert.Equal(card.Recurring.Reading, (string?)model["valuation"]);
        Assert.Equal(HttpStatusCode.OK, uncharged.StatusCode);
        var body = await uncharged.ReadJsonAsync();
        Assert.Equal(0, (double)body["predictedValue"]!);
        var warning = body["warnings"]!.AsArray().Single(w => (string?)w!["code"] == "noRecurringCharge")!;
        Assert.Equal("profile.attributes.fee", (string?)warning["field"]);
    }

    /// <summary>
    /// A subscriptions export billed at each customer's own interval, for seats: the API reads the request's charge per
    /// month from its interval and quantity (a yearly 600 for 2 seats is 100 a month), and a request without the interval
    /// is warned, naming that attribute.
    /// </summary>
    [Fact]
    public async Task AChargeAtTheCustomersOwnIntervalIsValuedPerMonth()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var card = TrainSubscribers(app.ModelsDirectory, "intervals", intervals: true);
        app.WritePointer("intervals");
        var client = app.CreateClient();
        static string Request(string attributes) =>
            $$"""{ "customerId": "c1", "asOf": "2026-01-01", "profile": { "attributes": { {{attributes}} } } }""";

        var yearly = await (await client.PostJsonAsync("/v1/predictions", Request("\"plan\": \"yearly\", \"interval\": \"year\", \"fee\": 600, \"seats\": 2, \"months\": 3"))).ReadJsonAsync();
        var noInterval = await (await client.PostJsonAsync("/v1/predictions", Request("\"plan\": \"yearly\", \"fee\": 600, \"seats\": 2, \"months\": 3"))).ReadJsonAsync();

        var expected = card.Recurring!.ValueOf(100, (double)yearly["churnProbability"]!, card.HorizonDays);
        Assert.Equal(("interval", "seats"), (card.Recurring.IntervalColumn, card.Recurring.QuantityColumn));
        Assert.Equal(expected.Value, (double)yearly["predictedValue"]!, 0.1);
        Assert.Equal(0, (double)noInterval["predictedValue"]!);
        Assert.Equal("profile.attributes.interval", (string?)noInterval["warnings"]!.AsArray().Single(w => (string?)w!["code"] == "noRecurringCharge")!["field"]);
    }

    /// <summary>
    /// A customer whose status says their subscription is set to end at the period's end (the table's non_renewing) has
    /// cancelled: the API values them as leaving, with what keeping them would bring at stake and a retention offer.
    /// </summary>
    [Fact]
    public async Task ASubscriptionSetToEndAtThePeriodsEndIsValuedAsLeaving()
    {
        await using var app = new ApiApplication(bundle, version: null);
        var card = TrainSubscribers(app.ModelsDirectory, "statuses", statuses: true);
        app.WritePointer("statuses");
        var client = app.CreateClient();
        static string Request(string status) =>
            $$"""{ "customerId": "c1", "asOf": "2026-01-01", "profile": { "attributes": { "plan": "monthly", "fee": 50, "months": 3, "status": "{{status}}" } } }""";

        var leaving = await (await client.PostJsonAsync("/v1/predictions", Request("non_renewing"))).ReadJsonAsync();
        var staying = await (await client.PostJsonAsync("/v1/predictions", Request("active"))).ReadJsonAsync();
        var failing = await (await client.PostJsonAsync("/v1/predictions", Request("past_due"))).ReadJsonAsync();

        Assert.Equal("status", card.Recurring!.EndingColumn);
        Assert.Equal((0.0, 1.0), ((double)leaving["predictedValue"]!, (double)leaving["churnProbability"]!));
        Assert.Equal(("retention", "retention-offer"), ((string?)leaving["lifecycleStage"], (string?)leaving["recommendations"]![0]!["action"]));
        Assert.Equal((double)staying["predictedValue"]!, (double)leaving["valueAtStake"]!, 0.01);
        Assert.True((double)staying["predictedValue"]! > 0);
        Assert.Equal(("retention", "payment-recovery"), ((string?)failing["lifecycleStage"], (string?)failing["recommendations"]![0]!["action"]));
        Assert.Equal((double)staying["predictedValue"]!, (double)failing["predictedValue"]!, 0.001);
        // The status is read, not passed over as an attribute the model does not know.
        Assert.DoesNotContain(leaving["warnings"]!.AsArray(), w => (string?)w!["field"] == "profile.attributes.status");
    }

    /// <summary>400 subscribers on two plans, the monthly one leaving faster; trained with the spec's recurring charge.</summary>
    /// <param name="statuses">A status column: cancelled for the leavers, non_renewing and past_due for one stayer in ten each, active for the rest.</param>
    internal static Core.Models.Bundles.ModelCard TrainSubscribers(string modelsDirectory, string version, bool intervals = false, bool statuses = false)
    {
        var folder = Directory.CreateTempSubdirectory("cvml-subscribers-").FullName;
        try
        {
            var random = new Random(3);
            var csv = new StringBuilder(intervals ? "customer_id,plan,interval,fee,seats,months,churned\n" : statuses ? "customer_id,plan,fee,months,churned,status\n" : "customer_id,plan,fee,months,churned\n");
            for (var i = 0; i < 400; i++)
            {
                var monthly = i % 2 == 0;
                var joined = random.Next(1, 37);
                var paid = 1;
                while (random.NextDouble() > (monthly ? 0.08 : 0.02))
                    paid++;
                var plan = monthly ? "monthly" : "yearly";
                if (intervals)
                    csv.Append(CultureInfo.InvariantCulture, $"c{i},{plan},{(monthly ? "month" : "year")},{(monthly ? 20 + random.Next(60) : 200 + random.Next(600))},{1 + i % 3},{Math.Min(paid, joined)},{(paid < joined ? "yes" : "no")}\n");
                else if (statuses)
                    csv.Append(CultureInfo.InvariantCulture, $"c{i},{plan},{20 + random.Next(60)},{Math.Min(paid, joined)},{(paid < joined ? "yes,cancelled" : i % 10 == 1 ? "no,non_renewing" : i % 10 == 2 ? "no,past_due" : "no,active")}\n");
                else
                    csv.Append(CultureInfo.InvariantCulture, $"c{i},{plan},{20 + random.Next(60)},{Math.Min(paid, joined)},{(paid < joined ? "yes" : "no")}\n");
            }
            File.WriteAllText(Path.Combine(folder, "subscribers.csv"), csv.ToString());
            File.WriteAllText(Path.Combine(folder, "subscribers.json"), intervals
                ? """{ "kind": "customers", "recurring": { "charge": "fee", "quantity": "seats", "interval": "interval", "tenure": "months" } }"""
                : """{ "kind": "customers", "recurring": { "charge": "fee", "tenure": "months" } }""");
            return new ModelTrainer(new TrainingOptions
            {
                CustomersPath = Path.Combine(folder, "subscribers.csv"), CustomersSourceSpecPath = Path.Combine(folder, "subscribers.json"),
                ModelsDirectory = modelsDirectory, MaximumTrials = 1, Version = version,
            }).Run().Card;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
