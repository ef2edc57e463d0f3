using System.Globalization;
using CustomerValue.Core.Data;
using AttributeSchema = CustomerValue.Core.Features.AttributeSchema;
using CustomerValue.Core.Domain;
using CustomerValue.Core.Features;
using CustomerValue.Core.Tests.TestData;
using CustomerValue.Modeling.Training;

namespace CustomerValue.Modeling.Tests.Training;

public sealed class AttributeScreenTests
{
    static readonly DateOnly Start = new(2024, 1, 1);
    static readonly DateOnly End = new(2024, 12, 31);

    /// <summary>
    /// 200 customers who buy in 2023 and, at their own pace, in 2024; the profile carries what a CRM export made at the data's end
    /// would: totals of the whole history, the last order's date, and columns fixed before the cutoff.
    /// </summary>
    static (List<CustomerProfile> Profiles, FeatureSet AtEnd, FeatureSet AtStart) Base(Func<int, IReadOnlyDictionary<string, string>> extra)
    {
        var random = new Random(5);
        var transactions = new List<Transaction>();
        var profiles = new List<CustomerProfile>();
        for (var c = 0; c < 200; c++)
        {
            var id = $"c{c:000}";
            var before = 1 + random.Next(6);
            var after = random.Next(8);
            var ticket = 20 + random.Next(200);
            var days = new List<DateOnly>();
            for (var i = 0; i < before; i++)
                days.Add(new DateOnly(2023, 1, 1).AddDays(random.Next(360)));
            for (var i = 0; i < after; i++)
                days.Add(Start.AddDays(1 + random.Next(360)));
            foreach (var day in days)
                transactions.Add(new Transaction(id, day.ToDateTime(new TimeOnly(12, 0)), ticket + random.Next(30)));
            var spent = transactions.Where(t => t.CustomerId == id).Sum(t => t.Amount);
            var attributes = new Dictionary<string, string>(extra(c))
            {
                ["total_spent"] = spent.ToString("0.00", CultureInfo.InvariantCulture),
                ["last_order_date"] = days.Max().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["first_order_date"] = days.Min().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["seats"] = (1 + random.Next(50)).ToString(CultureInfo.InvariantCulture),
                ["plan"] = c % 3 == 0 ? "gold" : "silver",
            };
            profiles.Add(new CustomerProfile(id) { Attributes = attributes });
        }
        var options = new FeatureOptions { HorizonDays = 90 };
        return (profiles, FeatureBuilder.Build(transactions, profiles, End, options), FeatureBuilder.Build(transactions, profiles, Start, options));
    }

    [Fact]
    public void TotalsOfTheWholeHistoryAreLeftOutAsLikelyLeaksAndColumnsFixedBeforeTheCutoffStay()
    {
        var (profiles, atEnd, atStart) = Base(_ => new Dictionary<string, string>());
        var schema = AttributeSchema.Infer(profiles);

        var screen = AttributeScreen.Check(profiles, schema, atEnd, atStart);

        Assert.Equal(["seats"], screen.Kept.NumericNames);
        Assert.Equal(["plan"], screen.Kept.CategoricalNames);
        Assert.Equal(3, screen.Notes.Count);
        // The first order's date is known at the cutoff: no leak, but a date read as a category describes no kind of customer.
        Assert.Contains(screen.Notes, n => n.StartsWith("profile attribute 'first_order_date' left out: its values are dates", StringComparison.Ordinal));
        Assert.Contains(screen.Notes, n => n.StartsWith("profile attribute 'total_spent' left out as a likely leak", StringComparison.Ordinal) && n.Contains("net spend up to the data's end (2024-12-31)", StringComparison.Ordinal));
        Assert.Contains(screen.Notes, n => n.StartsWith("profile attribute 'last_order_date' left out as a likely leak", StringComparison.Ordinal) && n.Contains("days since the last purchase", StringComparison.Ordinal));
    }

    [Fact]
    public void AColumnTheUserKeepsIsReadWithWhatTheScreenFoundInItsNote()
    {
        var (profiles, atEnd, atStart) = Base(_ => new Dictionary<string, string>());
        var schema = AttributeSchema.Infer(profiles);

        var screen = AttributeScreen.Check(profiles, schema, atEnd, atStart, keep: ["total_spent"]);

        Assert.Equal(["seats", "total_spent"], screen.Kept.NumericNames);
        Assert.Contains(screen.Notes, n => n.StartsWith("profile attribute 'total_spent' is read, as --keep-attribute asks, though training would have passed over it: profile attribute 'total_spent' left out as a likely leak", StringComparison.Ordinal));
        // The others are still left out, each saying how to keep it.
        Assert.Contains(screen.Notes, n => n.StartsWith("profile attribute 'last_order_date' left out as a likely leak", StringComparison.Ordinal) && n.EndsWith("(--keep-attribute last_order_date reads it anyway.)", StringComparison.Ordinal));
    }

    [Fact]
    public void KeepingAnAttributeTheFileDoesNotHaveIsAnErrorNamingTheOnesItHas()
    {
        var (profiles, atEnd, atStart) = Base(_ => new Dictionary<string, string>());

        var error = Assert.Throws<ArgumentException>(() => AttributeScreen.Check(profiles, AttributeSchema.Infer(profiles), atEnd, atStart, keep: ["total_spend"]));

        Assert.StartsWith("--keep-attribute 'total_spend': the customers file has no attribute of that name (its attributes: ", error.Message, StringComparison.Ordinal);
        Assert.All(new[] { "seats", "total_spent", "first_order_date", "last_order_date", "plan" }, name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ColumnsUniqueToACustomerAreLeftOutAsIdentifiersAndSharedCategoriesStay()
    {
        var (profiles, _, _) = Base(c => new Dictionary<string, string>
        {
            ["email"] = $"user{c}@example.com",
            ["street"] = $"{c / 2} High Street",
            ["region"] = $"r{c % 5}",
        });
        var schema = AttributeSchema.Infer(profiles);

        // A customers file alone: only the identifier rule applies, so the history's totals stay.
        var screen = AttributeScreen.Check(profiles, schema, null, null);

        Assert.Equal(["plan", "region"], screen.Kept.CategoricalNames);
        Assert.Equal(["seats", "total_spent"], screen.Kept.NumericNames);
        Assert.Equal(
        [
            "profile attribute 'email' left out as an identifier (an e-mail, a name, a phone number, an address): every one of the 200 customers with a value has their own (200 values), so no value describes a kind of customer the models could learn from. (--keep-attribute email reads it anyway.)",
            "profile attribute 'street' left out as an identifier (an e-mail, a name, a phone number, an address): 100 % of the 200 customers with a value hold one that fewer than 10 customers hold (100 values), so no value describes a kind of customer the models could learn from. (--keep-attribute street reads it anyway.)",
        ], screen.Notes.Where(n => !n.Contains("_order_date", StringComparison.Ordinal)));
    }

    /// <summary>
    /// An export's row number (gaps where rows were left out) is left out; a sorted column of whole numbers spread wider
    /// than the rows, and one that does not rise down the file, stay.
    /// </summary>
    [Fact]
    public void AColumnThatCountsTheRowsDownTheFileIsLeftOutAsRowNumbers()
    {
        var (profiles, _, _) = Base(c => new Dictionary<string, string>
        {
            ["RowNumber"] = (1 + c + c / 10).ToString(CultureInfo.InvariantCulture),
            ["account_opened_cents"] = (1000 + 7 * c).ToString(CultureInfo.InvariantCulture),
            ["score"] = ((c * 37) % 200).ToString(CultureInfo.InvariantCulture),
        });

        var screen = AttributeScreen.Check(profiles, AttributeSchema.Infer(profiles), null, null);

        Assert.Equal(["account_opened_cents", "score", "seats", "total_spent"], screen.Kept.NumericNames);
        Assert.Contains("profile attribute 'RowNumber' left out as the file's row numbers: its values count the rows down the file (1 to 219), which says where a customer stands in the export, not what kind of customer they are, and a customer scored later has none. (--keep-attribute RowNumber reads it anyway.)",
            screen.Notes);
    }

    /// <summary>
    /// A churn table (no transactions): a reason and a cancellation's age, recorded only for customers who left, are left
    /// out as leaks of the label; the plan, which churn depends on but does not decide, stays.
    /// </summary>
    [Fact]
    public void AChurnTablesColumnsRecordedOnceACustomerLeftAreLeftOutAsLeaksOfTheLabel()
    {
        var random = new Random(3);
        var profiles = Enumerable.Range(0, 200).Select(c =>
        {
            var plan = c % 2 == 0 ? "monthly" : "yearly";
            var churned = random.NextDouble() < (plan == "monthly" ? 0.5 : 0.15);
            return new CustomerProfile($"c{c:000}")
            {
                Churned = churned,
                Attributes = new Dictionary<string, string>
                {
                    ["plan"] = plan,
                    ["churn_reason"] = churned ? (c % 3 == 0 ? "price" : "moved") : "",
                    ["days_since_cancel"] = churned ? random.Next(400).ToString(CultureInfo.InvariantCulture) : "",
                    ["monthly_charge"] = (20 + random.Next(80)).ToString(CultureInfo.InvariantCulture),
                },
            };
        }).ToList();

        var screen = AttributeScreen.Check(profiles, AttributeSchema.Infer(profiles), null, null);

        Assert.Equal(["plan"], screen.Kept.CategoricalNames);
        Assert.Equal(["monthly_charge"], screen.Kept.NumericNames);
        Assert.Equal(2, screen.Notes.Count(n => n.Contains("left out as a likely leak of the churn label: by itself it tells the churned customers from the others almost perfectly (AUC 1.000 on the 200 labelled customers)", StringComparison.Ordinal)));
    }

    [Fact]
    public void OnABaseWhereMostCustomersBuyOnceAWholeHistoryTotalIsCaughtByThoseWhoBoughtAgain()
    {
        // 4,000 customers with one order in 2023; 1 % of them buy again in 2024. Their whole-history spend ranks everyone
        // else as the spend as of the cutoff does, so only the few who bought again tell the copy from a value known then.
        var random = new Random(9);
        var transactions = new List<Transaction>();
        var profiles = new List<CustomerProfile>();
        for (var c = 0; c < 4000; c++)
        {
            var id = $"m{c:0000}";
            transactions.Add(new Transaction(id, new DateTime(2023, 1, 1).AddDays(random.Next(360)), 10 + random.Next(500)));
            var firstOrder = transactions[^1].Amount;
            if (c % 100 == 0)
                transactions.Add(new Transaction(id, new DateTime(2024, 1, 2).AddDays(random.Next(360)), 10 + random.Next(500)));
            var spent = transactions.Where(t => t.CustomerId == id).Sum(t => t.Amount);
            profiles.Add(new CustomerProfile(id)
            {
                Attributes = new Dictionary<string, string>
                {
                    ["total_spent"] = spent.ToString("0.00", CultureInfo.InvariantCulture),
                    ["first_order_value"] = firstOrder.ToString("0.00", CultureInfo.InvariantCulture),
                },
            });
        }
        var options = new FeatureOptions { HorizonDays = 90 };

        var screen = AttributeScreen.Check(profiles, AttributeSchema.Infer(profiles),
            FeatureBuilder.Build(transactions, profiles, End, options), FeatureBuilder.Build(transactions, profiles, Start, options));

        Assert.Equal(["first_order_value"], screen.Kept.NumericNames);
        var note = Assert.Single(screen.Notes);
        Assert.StartsWith("profile attribute 'total_spent' left out as a likely leak: of the 4,000 customers with a value who had bought by 2024-01-01, it ranks the 40 who bought after that date as their net spend up to the data's end (2024-12-31) does (rank correlation 1.000), not as their net spend as of 2024-01-01 (", note, StringComparison.Ordinal);
    }

    [Fact]
    public void OlistsCityAndStateStayAndAWholeHistorySpendAndOrderCountAddedToItsCustomersAreLeftOut()
    {
        // Olist: 94,696 customers, 3 % of whom buy again. Its customers file with the whole history's spend added, as a
        // CRM export would carry it; 2017-03-12 is the earliest fitted cutoff of a 180-day run.
        var transactions = new TransactionLoader().Load(SharedDatasets.PathOf(Path.Combine("olist", "transactions.csv"))).Transactions;
        var spent = transactions.GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Sum(t => t.Amount), StringComparer.Ordinal);
        // Orders, not purchase days: 47 of the customers who had bought by 2017-03-12 placed two orders on one day.
        var orders = transactions.GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Select(t => t.OrderId).Distinct().Count(), StringComparer.Ordinal);
        var profiles = new CustomerLoader().Load(SharedDatasets.PathOf(Path.Combine("olist", "customers.csv"))).Customers
            .Select(p => p with
            {
                Attributes = new Dictionary<string, string>(p.Attributes)
                {
                    ["total_spent"] = spent.GetValueOrDefault(p.CustomerId).ToString("0.00", CultureInfo.InvariantCulture),
                    ["orders_count"] = orders.GetValueOrDefault(p.CustomerId).ToString(CultureInfo.InvariantCulture),
                },
            })
            .ToList();
        var options = new FeatureOptions { HorizonDays = 180 };
        var end = DateOnly.FromDateTime(transactions.Max(t => t.Timestamp));

        var screen = AttributeScreen.Check(profiles, AttributeSchema.Infer(profiles),
            FeatureBuilder.Build(transactions, profiles, end, options), FeatureBuilder.Build(transactions, profiles, new DateOnly(2017, 3, 12), options));

        Assert.Equal(["city", "state"], screen.Kept.CategoricalNames);
        Assert.Empty(screen.Kept.NumericNames);
        Assert.Equal(["orders_count", "total_spent"], screen.Notes.Select(n => n.Split('\'')[1]));
        Assert.All(screen.Notes, n => Assert.Contains("left out as a likely leak", n, StringComparison.Ordinal));
    }
}
