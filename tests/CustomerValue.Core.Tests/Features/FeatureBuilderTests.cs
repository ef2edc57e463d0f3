using System.Globalization;
using CustomerValue.Core.Btyd;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;

namespace CustomerValue.Core.Tests.Features;

public sealed class FeatureBuilderTests
{
    static readonly DateOnly Cutoff = new(2024, 6, 30);

    static Transaction Buy(string customerId, string timestamp, double amount) =>
        new(customerId, DateTime.Parse(timestamp, CultureInfo.InvariantCulture), amount);

    // Customer A, as of 2024-06-30. Purchase days (net): 01-10 = 80 (two orders), 03-01 = 40,
    // 05-20 = 20 (25 less a 5 return), 06-30 = 60 (the cutoff day itself). 03-05 = -25 is a return
    // day, not a purchase day. After the cutoff: 07-01 = 100, 09-15 nets to 0, 12-01 = 15, and
    // 2025-07-01 = 500 falls after the 365-day horizon (2025-06-30).
    static readonly Transaction[] CustomerA =
    [
        Buy("A", "2024-01-10T10:00:00", 50),
        Buy("A", "2024-01-10T15:30:00", 30),
        Buy("A", "2024-03-01", 40),
        Buy("A", "2024-03-05", -25),
        Buy("A", "2024-05-20T09:00:00", 25),
        Buy("A", "2024-05-20T18:00:00", -5),
        Buy("A", "2024-06-30T23:59:59", 60),
        Buy("A", "2024-07-01T00:00:00", 100),
        Buy("A", "2024-09-15", 70),
        Buy("A", "2024-09-15", -70),
        Buy("A", "2024-12-01", 15),
        Buy("A", "2025-07-01", 500),
    ];

    static CustomerExample Row(FeatureSet set, string customerId) =>
        set.Rows.Single(r => r.Features.CustomerId == customerId);

    [Fact]
    public void AHorizonsFirstOrLastFewDaysOfAMonthJoinTheMonthNextToItInTheLabelsByMonth()
    {
        // A cutoff on 30 December with a 365-day horizon: 31 December alone and then the months to 30 December.
        var cutoff = new DateOnly(2021, 12, 30);
        Transaction[] history =
        [
            Buy("c", "2021-06-01T10:00:00", 10), Buy("c", "2021-12-31T10:00:00", 7), Buy("c", "2022-01-20T10:00:00", 5),
            Buy("c", "2022-12-01T10:00:00", 3), Buy("c", "2022-12-30T10:00:00", 2),
        ];

        var months = FeatureBuilder.HorizonMonths(cutoff, 365);
        var row = Assert.Single(FeatureBuilder.Build(history, profiles: null, cutoff, new FeatureOptions { HorizonDays = 365, LabelsByMonth = true }).Rows);

        Assert.Equal(12, months.Count);
        Assert.Equal((new DateOnly(2021, 12, 31), new DateOnly(2022, 1, 31)), months[0]);
        Assert.Equal((new DateOnly(2022, 12, 1), new DateOnly(2022, 12, 30)), months[^1]);
        Assert.Equal([12.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5], row.Labels.SpendByMonth!);
        // A horizon ending three days into a month gives those days to the month before; whole months stay as they are.
        Assert.Equal((new DateOnly(2018, 8, 1), new DateOnly(2018, 9, 3)), FeatureBuilder.HorizonMonths(new DateOnly(2018, 3, 7), 180)[^1]);
        Assert.Equal(9, FeatureBuilder.HorizonMonths(new DateOnly(1997, 9, 30), 273).Count);
        Assert.Equal([(new DateOnly(2024, 7, 1), new DateOnly(2024, 7, 3))], FeatureBuilder.HorizonMonths(new DateOnly(2024, 6, 30), 3));
    }

    /// <summary>
    /// The months of a horizon sum to its label: a customer whose returns outweigh their purchases over it (or an
    /// account's own payouts read as a customer's) is 0 in every month, as their floored label is, while a return in a
    /// later month of a customer who still spent stays in its month.
    /// </summary>
    [Fact]
    public void TheLabelsByMonthSumToTheHorizonsFlooredSpend()
    {
        var cutoff = new DateOnly(2022, 1, 31);
        Transaction[] history =
        [
            Buy("out", "2022-01-10T10:00:00", 10), Buy("out", "2022-02-10T10:00:00", 5), Buy("out", "2022-03-10T10:00:00", -40),
            Buy("kept", "2022-01-10T10:00:00", 10), Buy("kept", "2022-02-10T10:00:00", 30), Buy("kept", "2022-03-10T10:00:00", -10),
        ];

        var set = FeatureBuilder.Build(history, profiles: null, cutoff, new FeatureOptions { HorizonDays = 90, LabelsByMonth = true });

        Assert.Equal(0.0, Row(set, "out").Labels.FutureSpend);
        Assert.Equal([0.0, 0, 0], Row(set, "out").Labels.SpendByMonth!);
        Assert.Equal(20.0, Row(set, "kept").Labels.FutureSpend);
        Assert.Equal([30.0, -10, 0], Row(set, "kept").Labels.SpendByMonth!);
    }

    [Fact]
    public void RepeatBuyerRowMatchesTheHandComputedValues()
    {
        var set = FeatureBuilder.Build(CustomerA, profiles: null, Cutoff);

        var a = Row(set, "A").Features;
        Assert.False(a.IsProspect);
        Assert.Equal(0, a.RecencyDays);
        Assert.Equal(3, a.Frequency);
        Assert.Equal(172, a.TenureDays);
        Assert.Equal(40, a.Monetary, 1e-12);
        Assert.Equal(80, a.FirstTicket, 1e-12);
        Assert.Equal(175, a.TotalSpend, 1e-12);
        Assert.Equal(1, a.PurchaseDays30);
        Assert.Equal(2, a.PurchaseDays90);
        Assert.Equal(4, a.PurchaseDays365);
        Assert.Equal(172.0 / 3, a.MeanDaysBetweenPurchases, 1e-12);
        Assert.Equal(16.539514973407037, a.StdDaysBetweenPurchases, 1e-12);
        Assert.Equal(-15.0 / 175, a.SpendTrend90, 1e-12);
        Assert.Equal(FeatureRow.NotDefined, a.DaysSinceSignup);
        Assert.Equal("", a.PostalCode);
        Assert.Equal("", a.Newsletter);
    }

    [Fact]
    public void LabelsCountOnlyTheHorizonAfterTheCutoffDay()
    {
        var set = FeatureBuilder.Build(CustomerA, profiles: null, Cutoff);

        var labels = Row(set, "A").Labels;
        Assert.Equal(115, labels.FutureSpend, 1e-12);
        Assert.Equal(2, labels.FuturePurchaseDays);
        Assert.False(labels.Churned);
        Assert.Equal(ChurnLabelSource.Observed, labels.ChurnSource);
    }

    [Fact]
    public void ShorterChurnWindowSeesOnlyItsOwnDays()
    {
        Transaction[] history = [Buy("B", "2024-06-01", 20), Buy("B", "2024-08-15", 35)];

        var set = FeatureBuilder.Build(history, profiles: null, Cutoff, new FeatureOptions { HorizonDays = 90, ChurnWindowDays = 30 });

        var labels = Row(set, "B").Labels;
        Assert.Equal(35, labels.FutureSpend, 1e-12);
        Assert.Equal(1, labels.FuturePurchaseDays);
        Assert.True(labels.Churned);
    }

    [Fact]
    public void FutureSpendOfANetReturnIsFlooredAtZero()
    {
        Transaction[] history = [Buy("R", "2024-06-10", 80), Buy("R", "2024-07-02", -80), Buy("R", "2024-07-20", 30)];

        var set = FeatureBuilder.Build(history, profiles: null, Cutoff);

        var labels = Row(set, "R").Labels;
        Assert.Equal(0, labels.FutureSpend);
        Assert.Equal(1, labels.FuturePurchaseDays);
        Assert.False(labels.Churned);
    }

    [Fact]
    public void SinglePurchaseCustomerWithProfileHasProfileFeaturesAndUndefinedGaps()
    {
        Transaction[] history = [Buy("B", "2024-06-01", 19.99)];
        CustomerProfile[] profiles =
        [
            new("B") { SignupDate = new(2024, 5, 15), PostalCode = " sw1a 1aa ", Device = " ios ", Channel = "email", Newsletter = true },
        ];

        var set = FeatureBuilder.Build(history, profiles, Cutoff);

        var (b, labels) = Row(set, "B");
        Assert.Equal(29, b.RecencyDays);
        Assert.Equal(0, b.Frequency);
        Assert.Equal(29, b.TenureDays);
        Assert.Equal(0, b.Monetary);
        Assert.Equal(19.99, b.FirstTicket);
        Assert.Equal(1, b.PurchaseDays30);
        Assert.Equal(FeatureRow.NotDefined, b.MeanDaysBetweenPurchases);
        Assert.Equal(FeatureRow.NotDefined, b.StdDaysBetweenPurchases);
        Assert.Equal(1, b.SpendTrend90);
        Assert.Equal(46, b.DaysSinceSignup);
        Assert.Equal("sw1a 1aa", b.PostalCode);
        Assert.Equal("SW", b.PostalRegion);
        Assert.Equal("ios", b.Device);
        Assert.Equal("email", b.Channel);
        Assert.Equal("yes", b.Newsletter);
        Assert.Equal(new CustomerLabels(0, 0, true, ChurnLabelSource.Observed), labels);
    }

    [Fact]
    public void ProspectGetsSentinelFeaturesAndConversionLabels()
    {
        Transaction[] history = [Buy("P", "2024-08-01", 30)];
        CustomerProfile[] profiles = [new("P") { SignupDate = new(2024, 6, 20), Newsletter = false }];

        var set = FeatureBuilder.Build(history, profiles, Cutoff);

        var (p, labels) = Row(set, "P");
        Assert.True(p.IsProspect);
        Assert.Equal(FeatureRow.NotDefined, p.RecencyDays);
        Assert.Equal(FeatureRow.NotDefined, p.TenureDays);
        Assert.Equal(0, p.Frequency);
        Assert.Equal(0, p.FirstTicket);
        Assert.Equal(0, p.TotalSpend);
        Assert.Equal(0, p.PurchaseDays365);
        Assert.Equal(FeatureRow.NotDefined, p.MeanDaysBetweenPurchases);
        Assert.Equal(0, p.SpendTrend90);
        Assert.Equal(10, p.DaysSinceSignup);
        Assert.Equal("no", p.Newsletter);
        // The first purchase, 2024-08-01, is 32 days after the cutoff.
        Assert.Equal(new CustomerLabels(30, 1, false, ChurnLabelSource.Observed, DaysToNextPurchase: 32), labels);
    }

    [Fact]
    public void ZeroValueOrderIsAPurchaseButAPurchaseCancelledTheSameDayIsNot()
    {
        Transaction[] history =
        [
            Buy("Z", "2024-03-01", 0),
            Buy("Z", "2024-04-01", 10),
            Buy("Z", "2024-04-01", 19.99),
            Buy("Z", "2024-04-01", -29.99),
            Buy("Z", "2024-05-01", 12.5),
        ];

        var row = FeatureBuilder.Snapshot(null, history, Cutoff);

        Assert.Equal(121, row.TenureDays);
        Assert.Equal(60, row.RecencyDays);
        Assert.Equal(1, row.Frequency);
        Assert.Equal(0, row.FirstTicket);
        Assert.Equal(12.5, row.Monetary);
        Assert.Equal(61, row.MeanDaysBetweenPurchases);
        Assert.Equal(0, row.StdDaysBetweenPurchases);
    }

    [Fact]
    public void SnapshotHoldsExactlyTheCustomersKnownAtTheCutoff()
    {
        Transaction[] history =
        [
            Buy("returns-only", "2024-03-01", -20),
            Buy("first-after-cutoff", "2024-07-05", 10),
            Buy("unknown-signup-buys-later", "2024-07-05", 10),
            Buy("signed-up-buys-later", "2024-07-05", 10),
        ];
        CustomerProfile[] profiles =
        [
            new("unknown-signup-buys-later"),
            new("signed-up-buys-later") { SignupDate = new(2024, 6, 1) },
            new("profile-only"),
            new("signs-up-after-cutoff") { SignupDate = new(2024, 7, 10) },
        ];

        var set = FeatureBuilder.Build(history, profiles, Cutoff);

        Assert.Equal(["profile-only", "returns-only", "signed-up-buys-later"], set.Rows.Select(r => r.Features.CustomerId));
        var returnsOnly = Row(set, "returns-only").Features;
        Assert.True(returnsOnly.IsProspect);
        Assert.Equal(-20, returnsOnly.TotalSpend);
    }

    [Fact]
    public void ContractLabelComesFromTheProfile()
    {
        Transaction[] history = [Buy("K", "2024-02-01", 70), Buy("K", "2024-07-01", 70), Buy("L", "2024-02-01", 70)];
        CustomerProfile[] profiles =
        [
            new("K") { Churned = true },
            new("L") { Churned = true, ChurnDate = new(2025, 8, 1) },
        ];

        var set = FeatureBuilder.Build(history, profiles, Cutoff);

        Assert.Equal(new CustomerLabels(70, 1, true, ChurnLabelSource.Given, DaysToNextPurchase: 1), Row(set, "K").Labels);
        Assert.Equal(new CustomerLabels(0, 0, false, ChurnLabelSource.Given), Row(set, "L").Labels);
    }

    [Fact]
    public void AnUndatedChurnFlagLabelsOnlyTheSnapshotWhoseWindowReachesTheDataEnd()
    {
        // A subscriber flagged churned when the data was exported (2025-09-01), who paid through an earlier snapshot's
        // window: when in the data they left is not known, so that window's label is what they did in it.
        Transaction[] history = [Buy("K", "2024-02-01", 70), Buy("K", "2024-12-01", 70), Buy("K", "2025-09-01", 70)];
        CustomerProfile[] profiles = [new("K") { Churned = true }];
        var histories = new CustomerHistories(profiles);
        foreach (var transaction in history)
            histories.Add(transaction);

        var early = FeatureBuilder.Build(history, profiles, Cutoff);
        var earlyFromEveryDay = histories.Snapshot(Cutoff);
        var last = FeatureBuilder.Build(history, profiles, new DateOnly(2025, 6, 30));

        Assert.Equal((false, ChurnLabelSource.Observed), (Row(early, "K").Labels.Churned, Row(early, "K").Labels.ChurnSource));
        Assert.Equal(Row(early, "K").Labels, Row(earlyFromEveryDay, "K").Labels);
        Assert.Equal((true, ChurnLabelSource.Given), (Row(last, "K").Labels.Churned, Row(last, "K").Labels.ChurnSource));
    }

    [Fact]
    public void BrandNewCustomerSnapshotHasTheFirstOrderOnly()
    {
        var profile = new CustomerProfile("N") { SignupDate = Cutoff, Channel = "web" };
        Transaction[] history = [Buy("N", "2024-06-30T12:00:00", 45.5)];

        var row = FeatureBuilder.Snapshot(profile, history, Cutoff);

        Assert.False(row.IsProspect);
        Assert.Equal(0, row.RecencyDays);
        Assert.Equal(0, row.TenureDays);
        Assert.Equal(0, row.Frequency);
        Assert.Equal(0, row.Monetary);
        Assert.Equal(45.5, row.FirstTicket);
        Assert.Equal(45.5, row.TotalSpend);
        Assert.Equal(1, row.PurchaseDays30);
        Assert.Equal(1, row.PurchaseDays365);
        Assert.Equal(FeatureRow.NotDefined, row.MeanDaysBetweenPurchases);
        Assert.Equal(1, row.SpendTrend90);
        Assert.Equal(0, row.DaysSinceSignup);
        Assert.Equal("web", row.Channel);
    }

    [Fact]
    public void SnapshotEqualsTheCustomersRowFromTheBatchPass()
    {
        var profile = new CustomerProfile("A") { PostalCode = "75001", Device = "android" };

        var single = FeatureBuilder.Snapshot(profile, CustomerA, Cutoff);
        var batch = FeatureBuilder.Build(CustomerA, [profile], Cutoff);

        Assert.Equal(Row(batch, "A").Features, single);
    }

    [Fact]
    public void UnsortedInputGivesTheSameRowsAsSortedInput()
    {
        var shuffled = CustomerA.Concat(CustomerA.Select(t => t with { CustomerId = "A2" })).ToArray();
        new Random(7).Shuffle(shuffled);

        var set = FeatureBuilder.Build(shuffled, profiles: null, Cutoff);

        var sorted = FeatureBuilder.Build(CustomerA, profiles: null, Cutoff);
        Assert.Equal(Row(sorted, "A"), Row(set, "A"));
        Assert.Equal(Row(sorted, "A") with { Features = Row(sorted, "A").Features with { CustomerId = "A2" } }, Row(set, "A2"));
    }

    [Theory]
    [InlineData("B,D,F", "A,C,G,E")]
    [InlineData("F,B,D", "A,C,E,G")]
    [InlineData("B,D,F", "")]
    public void RowsComeOrderedByIdWhateverOrderTheCustomersWithAndWithoutTransactionsArriveIn(string buyers, string prospects)
    {
        var transactions = buyers.Split(',').Select(id => Buy(id, "2024-03-01", 10));
        var profiles = prospects.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => new CustomerProfile(id) { SignupDate = new DateOnly(2024, 1, 1) });

        var set = FeatureBuilder.Build(transactions, profiles, Cutoff);

        Assert.Equal(buyers.Split(',').Concat(prospects.Split(',', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal),
            set.Rows.Select(r => r.Features.CustomerId));
    }

    [Fact]
    public void LabelWindowIsUncoveredWhenTheDataStopsBeforeItsEnd()
    {
        var set = FeatureBuilder.Build(CustomerA.Take(8), profiles: null, Cutoff);

        Assert.Equal(new DateOnly(2024, 7, 1), set.LastTransactionDate);
        Assert.Equal(new DateOnly(2025, 6, 30), set.LabelWindowEnd);
        Assert.False(set.LabelWindowCovered);
    }

    [Fact]
    public void ExtraAttributesAreInferredAsNumbersOrCategories()
    {
        Transaction[] history = [Buy("X", "2024-06-01", 10), Buy("Y", "2024-06-02", 10)];
        CustomerProfile[] profiles =
        [
            new("X") { Attributes = new Dictionary<string, string> { ["tenure_months"] = "12", ["plan"] = " gold " } },
            new("Y") { Attributes = new Dictionary<string, string> { ["tenure_months"] = " ", ["plan"] = "42" } },
        ];

        var set = FeatureBuilder.Build(history, profiles, Cutoff);

        Assert.Equal(["tenure_months"], set.Attributes.NumericNames);
        Assert.Equal(["plan"], set.Attributes.CategoricalNames);
        var x = Row(set, "X").Features;
        var y = Row(set, "Y").Features;
        Assert.Equal(12, x.GetNumeric(FeatureColumns.Attribute("tenure_months")));
        Assert.Equal("gold", x.GetCategorical(FeatureColumns.Attribute("plan")));
        Assert.True(double.IsNaN(y.GetNumeric(FeatureColumns.Attribute("tenure_months"))));
        Assert.Equal("42", y.GetCategorical(FeatureColumns.Attribute("plan")));
    }

    [Fact]
    public void SnapshotRejectsAnotherCustomersTransaction()
    {
        Transaction[] history = [Buy("A", "2024-06-01", 10), Buy("B", "2024-06-02", 10)];

        var error = Assert.Throws<ArgumentException>(() => FeatureBuilder.Snapshot(null, history, Cutoff));

        Assert.Contains("'B'", error.Message);
    }

    [Fact]
    public void RepeatSummaryOfARowUsesTheBtydDefinitions()
    {
        var row = FeatureBuilder.Snapshot(null, CustomerA, Cutoff);

        var summary = row.ToRepeatSummary(TimeUnit.Weeks);

        Assert.Equal(new(3, 172.0 / 7, 172.0 / 7, 40), summary);
    }

    [Fact]
    public void BuildingAsOfTheLastDateGivesTheFeaturesOfBuildingAtThatCutoff()
    {
        Transaction[] history = [.. CustomerA, Buy("B", "2024-02-01", 10), Buy("C", "2025-03-01", 30)];
        CustomerProfile[] profiles =
        [
            new("P") { SignupDate = new DateOnly(2025, 1, 1) },
            new("Later") { SignupDate = new DateOnly(2025, 8, 1) },
        ];
        var lastDate = new DateOnly(2025, 7, 1);

        var scoring = FeatureBuilder.BuildAsOfLastDate(history, profiles);
        var reference = FeatureBuilder.Build(history, profiles, lastDate);

        Assert.Equal(lastDate, scoring.Cutoff);
        Assert.Equal(["A", "B", "C", "P"], scoring.Rows.Select(r => r.Features.CustomerId));
        Assert.Equal(reference.Rows.Select(r => r.Features with { Attributes = AttributeSchema.Empty, NumericAttributes = [], CategoricalAttributes = [] }),
            scoring.Rows.Select(r => r.Features with { Attributes = AttributeSchema.Empty, NumericAttributes = [], CategoricalAttributes = [] }));
    }

    [Fact]
    public void BuildingAsOfTheLastDateNeedsATransaction()
    {
        Assert.Throws<InvalidDataException>(() => FeatureBuilder.BuildAsOfLastDate([], [new CustomerProfile("P")]));
    }
}
