using CustomerValue.Core.Data;
using Microsoft.Extensions.Time.Testing;

namespace CustomerValue.Core.Tests.Data;

public sealed class CustomerLoaderTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AContractCustomersFileFillsProfilesAndKeepsExtraColumnsAsAttributes()
    {
        var path = _temp.File("c.csv",
            "customer_id,signup_date,postal_code,device,channel,newsletter,churned,churn_date,plan,seats\n"
            + "c1,2023-05-01,01234,mobile,web,yes,false,,gold,3\n"
            + "c2,2023-06-01,,desktop,store,no,true,2024-01-31,silver,\n");

        var table = new CustomerLoader().Load(path);

        var c1 = table.Customers[0];
        Assert.Equal(("c1", new DateOnly(2023, 5, 1), "01234", "mobile", "web", true, false, (DateOnly?)null),
            (c1.CustomerId, c1.SignupDate, c1.PostalCode, c1.Device, c1.Channel, c1.Newsletter, c1.Churned, c1.ChurnDate));
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "gold", ["seats"] = "3" }, c1.Attributes);
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "silver" }, table.Customers[1].Attributes);
        Assert.Equal(new DateOnly(2024, 1, 31), table.Customers[1].ChurnDate);
        Assert.Equal(
            [new AttributeInfo("plan", AttributeType.Categorical, 2, 0), new AttributeInfo("seats", AttributeType.Numeric, 1, 1)],
            table.Schema.Attributes);
        Assert.Equal((1, 1, 0), (table.Churned, table.NotChurned, table.Unlabeled));
    }

    [Fact]
    public void WholeNumberIdsReadAFloatIdAsTheNumberTheTransactionsWrite()
    {
        var spec = new SourceSpec { Kind = FileKind.Customers, WholeNumberIds = true };
        var path = _temp.File("c.csv", "customer_id,region\n13085.0,north\n13086.00,south\n0042,east\n");

        var ids = new CustomerLoader(spec).Load(path).Customers.Select(c => c.CustomerId);

        Assert.Equal(["13085", "13086", "0042"], ids);
    }

    [Fact]
    public void ASpecCanDeclareAnAttributeCategoricalWhenItsValuesLookNumeric()
    {
        var spec = new SourceSpec { Kind = FileKind.Customers, AttributeTypes = new Dictionary<string, AttributeType> { ["region"] = AttributeType.Categorical } };
        var path = _temp.File("c.csv", "customer_id,region\nc1,10\nc2,20\n");

        var schema = new CustomerLoader(spec).Load(path).Schema;

        Assert.Equal([new AttributeInfo("region", AttributeType.Categorical, 2, 0, Inferred: false)], schema.Attributes);
    }

    [Fact]
    public void NullValuesAreMissingAttributesDatesAndLabelsAndAPlaceholderIdIsRejected()
    {
        var spec = SourceSpec.Parse("""{ "kind": "customers", "nullValues": ["N/A", "NULL"] }""", "nulls.json");
        var path = _temp.File("c.csv", "customer_id,signup_date,channel,churned,plan\nc1,N/A,null,N/A,gold\nNULL,2024-01-01,web,no,silver\nc2,2024-01-02,web,no,n/a\n");

        var table = new CustomerLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path);

        var (c1, c2) = (table.Customers[0], table.Customers[1]);
        Assert.Equal(("c1", (DateOnly?)null, (string?)null, (bool?)null), (c1.CustomerId, c1.SignupDate, c1.Channel, c1.Churned));
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "gold" }, c1.Attributes);
        Assert.Empty(c2.Attributes);
        Assert.Equal((3, "customer_id", "missing customer id"), Assert.Single(table.Report.Errors) is var e ? (e.Line, e.Column, e.Reason) : default);
    }

    [Fact]
    public void ADuplicateCustomerIdIsRejectedWithTheLineOfTheFirst()
    {
        var path = _temp.File("c.csv", "customer_id,plan\nc1,gold\nc2,gold\nc1,silver\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));

        Assert.Equal(new RowError(path, 4, "customer_id", "duplicate customer id 'c1' (first seen on line 2)", "c1,silver"), Assert.Single(error.Errors));
    }

    /// <summary>
    /// A file of one row per subscription repeats a customer's id on each of theirs: the hint says so, what skipping
    /// loses, and names the column that tells the rows apart; rows held twice whole are named as such instead.
    /// </summary>
    [Fact]
    public void RepeatedCustomerIdsAreExplainedAndTheColumnNamingEachRowIsGiven()
    {
        var subscriptions = _temp.File("subs.csv", "Subscription Id,customer_id,plan,Created\ns1,c1,pro,2024-01-01\ns2,c2,pro,2024-01-02\ns3,c1,team,2024-03-01\ns4,c1,pro,2024-05-01\n");
        var twice = _temp.File("twice.csv", "customer_id,plan\nc1,gold\nc2,gold\nc1,gold\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(subscriptions));
        var repeated = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(twice));

        Assert.Equal("Subscription Id", error.Report.RowIdColumn);
        Assert.EndsWith("""2 rows repeat a customer id with other values in other columns: a customers file has one row per customer, and this one looks like several rows for some customers (one per subscription, account or contract); a source spec with "oneRowPer": "subscription" combines each customer's rows into one (their charges summed, their first signup, gone when every row has ended), while --on-bad-row skip keeps each customer's first row and leaves out what their other rows hold (their charges, their dates). To read each row as its own instead (each subscription valued and its churn learnt by itself), map customer_id to 'Subscription Id', which differs on every repeat: a source spec with "mapping": { "customer_id": "Subscription Id" }""",
            error.Message, StringComparison.Ordinal);
        Assert.EndsWith("1 row repeats a customer id, and it repeats the row that first held it in every column: the file holds those rows twice (an export run twice, or two that overlap); --on-bad-row skip loads each once and quarantines the repeats", repeated.Message, StringComparison.Ordinal);
        Assert.True(HeaderGuess.NamesAnId("SubscriptionID") && HeaderGuess.NamesAnId("id") && !HeaderGuess.NamesAnId("Paid"));
    }

    /// <summary>
    /// Read with <c>"oneRowPer": "subscription"</c>, a subscriptions export becomes one profile per customer: signed up on
    /// their first row, gone only when every row has ended (on the last churn date), and paying what their running
    /// subscriptions charge together, written into their largest one's charge so that the spec reads the sum from it.
    /// </summary>
    [Fact]
    public void RowsPerSubscriptionAreCombinedIntoOneCustomerEach()
    {
        var path = _temp.File("subs.csv", "id,customer,plan,Interval,Amount,Quantity,months,Created,Ended\n"
            + "s1,c1,basic,month,20,1,10,2024-03-01,\n"
            + "s2,c2,basic,month,20,1,2,2024-01-01,2024-03-01\n"
            + "s3,c1,team,year,600,2,20,2023-05-01,\n"
            + "s4,c1,basic,month,99,1,3,2022-01-01,2022-04-01\n"
            + "s5,c2,pro,month,30,1,4,2024-02-01,2024-06-01\n"
            + "s6,c3,pro,month,30,1,1,2025-01-01,\n");
        var spec = SourceSpec.Parse("""
            { "kind": "customers", "oneRowPer": "subscription", "mapping": { "customer_id": "customer", "signup_date": "Created", "churn_date": "Ended" },
              "recurring": { "charge": "Amount", "quantity": "Quantity", "interval": "Interval", "tenure": "months" } }
            """, "spec.json");

        var table = new CustomerLoader(spec).Load(path);
        var (c1, c2, c3) = (table.Customers[0], table.Customers[1], table.Customers[2]);

        Assert.Equal(["c1", "c2", "c3"], table.Customers.Select(c => c.CustomerId));
        // c1: the yearly team plan (100 a month for 2 seats) is the larger of the two running; the ended basic is left out.
        Assert.Equal((new DateOnly(2022, 1, 1), (bool?)null, (DateOnly?)null, "team", "year", "20"),
            (c1.SignupDate, c1.Churned, c1.ChurnDate, c1.Attributes["plan"], c1.Attributes["Interval"], c1.Attributes["months"]));
        Assert.Equal(120, spec.Recurring!.ChargeOf(c1.Attributes), 9);
        // c2: both ended, gone on the later date, paying what the subscription that ended last charged.
        Assert.Equal((new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 1), true, "pro"), (c2.SignupDate, c2.ChurnDate, c2.ChurnLabel, c2.Attributes["plan"]));
        Assert.Equal(30, spec.Recurring.ChargeOf(c2.Attributes), 9);
        Assert.Equal("30", c3.Attributes["Amount"]);
        Assert.Equal((6L, 3, 3L, 2), (table.Report.RowsLoaded, table.Report.Customers, table.Report.CombinedRows, table.Report.CombinedCustomers));
        Assert.Equal(0, table.Schema.Find("plan")!.Missing);
    }

    /// <summary>
    /// Combining a customer's rows, a row held twice whole (an export run twice) would count as another subscription:
    /// it is rejected with the line it repeats, while rows that differ in any column are combined.
    /// </summary>
    [Fact]
    public void ARowHeldTwiceIsRejectedWhenACustomersRowsAreCombined()
    {
        var path = _temp.File("subs.csv", "id,customer,Amount\ns1,c1,20\ns2,c1,20\ns1,c1,20\n");
        var spec = SourceSpec.Parse("""{ "kind": "customers", "oneRowPer": "subscription", "mapping": { "customer_id": "customer" }, "recurring": { "charge": "Amount" } }""", "spec.json");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader(spec).Load(path));
        var skipped = new CustomerLoader(spec, new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(path);

        Assert.Equal(new RowError(path, 4, "customer", "repeats line 2 in every column: a customer's rows are combined (\"oneRowPer\": \"subscription\"), and a row held twice would count twice", "s1,c1,20"), Assert.Single(error.Errors));
        Assert.EndsWith("1 row repeats an earlier row of its customer in every column: the file holds it twice (an export run twice, or two that overlap); --on-bad-row skip combines each once and quarantines the repeats", error.Message, StringComparison.Ordinal);
        Assert.Equal("40", Assert.Single(skipped.Customers).Attributes["Amount"]);
    }

    /// <summary>
    /// A subscriptions export holds subscriptions that never started (Stripe's incomplete_expired: the first payment
    /// failed), which read as customers who left at once: the table names them with the spec that leaves them out, and
    /// a customers file's "exclude" does, counting the rows it left out.
    /// </summary>
    [Fact]
    public void SubscriptionsThatNeverStartedAreNamedAndACustomersSpecsExcludeLeavesThemOut()
    {
        var path = _temp.File("subs.csv", "customer,Status,Amount,Created,Ended\n"
            + "c1,active,20,2024-01-01,\n"
            + "c2,incomplete_expired,20,2024-02-01,2024-02-02\n"
            + "c3,canceled,20,2024-01-01,2024-05-01\n"
            + "c4,Incomplete,30,2024-06-01,\n");
        const string Mapping = """ "mapping": { "customer_id": "customer", "signup_date": "Created", "churn_date": "Ended" } """;

        var all = new CustomerLoader(SourceSpec.Parse($$"""{ "kind": "customers", {{Mapping}} }""", "all.json")).Load(path);
        var started = new CustomerLoader(SourceSpec.Parse($$"""{ "kind": "customers", {{Mapping}}, "exclude": { "Status": ["incomplete_expired", "incomplete"] } }""", "started.json")).Load(path);

        Assert.Equal("""column 'Status' says 'Incomplete' of 1 and 'incomplete_expired' of 1 of the 4 customers: subscriptions that never started (the first payment failed, or is still awaited); read as customers, they count as customers who left at once, or who pay, and raise the churn rate the models learn (lowering the value of those who stay); a source spec with "exclude": { "Status": ["Incomplete", "incomplete_expired"] } leaves them out""",
            all.NeverStartedNote());
        Assert.Equal(["c1", "c3"], started.Customers.Select(c => c.CustomerId));
        Assert.Equal((4L, 2L, 2L), (started.Report.RowsRead, started.Report.RowsLoaded, started.Report.RowsExcluded));
        Assert.Null(started.NeverStartedNote());
        Assert.Equal(["Amount"], started.Schema.Attributes.Select(a => a.Name));
    }

    /// <summary>
    /// Customers still there whose status says they are on their way out (set to end at the period's end, payments
    /// failing), by a status column or a Cancel At Period End flag, are counted with what they pay of the recurring
    /// charges; customers who left are not, whatever their status says. Valued by their charges, the column saying so of
    /// the most (the first on a tie) is the one serving reads.
    /// </summary>
    [Fact]
    public void CustomersStillThereWhoseStatusSaysTheyAreLeavingAreCountedWithWhatTheyPay()
    {
        var path = _temp.File("subs.csv", "customer,Status,Cancel At Period End,Amount,Created,Ended\n"
            + "c1,active,false,20,2024-01-01,\n"
            + "c2,non_renewing,false,30,2024-02-01,\n"
            + "c3,past_due,false,10,2024-01-01,\n"
            + "c4,active,true,40,2024-06-01,\n"
            + "c5,canceled,false,20,2024-01-01,2024-05-01\n"
            + "c6,Past Due,false,15,2024-01-01,2024-03-01\n");
        var spec = SourceSpec.Parse("""{ "kind": "customers", "mapping": { "customer_id": "customer", "signup_date": "Created", "churn_date": "Ended" }, "recurring": { "charge": "Amount", "period": "month" } }""", "subs.json");
        var plain = _temp.File("plain.csv", "customer,Status,Amount\nc1,active,20\nc2,canceled,20\n");

        var table = new CustomerLoader(spec).Load(path);

        Assert.Equal("column 'Status' says 'non_renewing' of 1 (set to end at the period's end), 'past_due' of 1 (payments failing); "
            + "column 'Cancel At Period End' says 'true' of 1 (set to end at the period's end), of the 4 customers still there, paying 80.00 of the 100.00 a month they all pay (80.0%): "
            + "those set to end at the period's end by 'Status' are valued as customers who have left, with what keeping them would bring at stake (Retention, a retention offer); "
            + "those whose payments are failing by 'Status' are valued as others are, and offered a payment recovery first (Retention); "
            + "an export records a status for its own day only, which no model can learn from (at every earlier cutoff it is unknown), so the others are valued as customers who stay, "
            + "and the forecast counts them in full; they are the customers to reach first (a retention offer, a payment reminder)", table.AtRiskStatusNote(spec.Recurring));
        Assert.Equal(("Status", "non_renewing"), (table.EndingStatus()!.Value.Column, Assert.Single(table.EndingStatus()!.Value.Values)));
        Assert.Equal(("Status", "past_due"), (table.FailingStatus()!.Value.Column, Assert.Single(table.FailingStatus()!.Value.Values)));
        Assert.StartsWith("column 'Status' says 'non_renewing' of 1 (set to end at the period's end), 'past_due' of 1 (payments failing); column 'Cancel At Period End' says 'true' of 1 (set to end at the period's end), of the 4 customers still there: an export records a status for its own day only, which no model can learn from (at every earlier cutoff it is unknown), so they are valued", table.AtRiskStatusNote(), StringComparison.Ordinal);
        Assert.Null(new CustomerLoader(SourceSpec.Parse("""{ "kind": "customers", "mapping": { "customer_id": "customer" } }""", "plain.json")).Load(plain).AtRiskStatusNote());
    }

    /// <summary>
    /// An e-mail platform's consent column (Klaviyo's SUBSCRIBED, UNSUBSCRIBED, NEVER_SUBSCRIBED) reads as the newsletter
    /// flag without a spec's labelValues, and the header guess maps it; a churn column is not read with those words.
    /// </summary>
    [Fact]
    public void AnEmailConsentColumnReadsAsTheNewsletterFlag()
    {
        var path = _temp.File("profiles.csv", "Email,Email Marketing Consent,Created\na@x.com,SUBSCRIBED,2025-01-02\nb@x.com,NEVER_SUBSCRIBED,2025-01-03\nc@x.com,unsubscribed,2025-01-04\nd@x.com,opted in,2025-01-05\n");
        var churn = _temp.File("churn.csv", "customer_id,churned\nc1,subscribed\n");

        var guessed = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(path));
        var table = new CustomerLoader(new SourceSpec { Kind = FileKind.Customers, Mapping = new Dictionary<string, ColumnRef> { ["customer_id"] = ColumnRef.ByName("Email"), ["newsletter"] = ColumnRef.ByName("Email Marketing Consent") } }).Load(path);
        var churnError = Assert.Throws<DataLoadException>(() => new CustomerLoader().Load(churn));

        Assert.Contains("\"newsletter\": \"Email Marketing Consent\"", guessed.Message, StringComparison.Ordinal);
        Assert.Equal([true, false, false, true], table.Customers.Select(c => c.Newsletter));
        Assert.Equal("unrecognized churned value 'subscribed' (expected true/false, yes/no, 1/0)", Assert.Single(churnError.Errors).Reason);
    }

    [Fact]
    public void AnUnrecognizedChurnLabelIsRejected()
    {
        var spec = new SourceSpec { Kind = FileKind.Customers, LabelValues = new Dictionary<string, bool> { ["Churned"] = true, ["Active"] = false } };
        var path = _temp.File("c.csv", "customer_id,churned\nc1,Churned\nc2,Active\nc3,maybe\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader(spec).Load(path));

        Assert.Equal((4L, "churned", "unrecognized churned value 'maybe' (expected Churned (true), Active (false), true/false, yes/no, 1/0)"),
            (error.Errors[0].Line, error.Errors[0].Column, error.Errors[0].Reason));
    }

    /// <summary>A database export's t/f and a dataframe's 1.0/0.0 (a flag column with a blank in it) read as labels.</summary>
    [Fact]
    public void ChurnLabelsReadInTheSpellingsOfDatabasesAndDataframes()
    {
        var path = _temp.File("c.csv", "customer_id,churned\nc1,t\nc2,f\nc3,1.0\nc4,0.0\nc5,\n");

        var table = new CustomerLoader().Load(path);

        Assert.Equal([true, false, true, false, null], table.Customers.Select(c => c.Churned));
    }

    [Fact]
    public void ASignupAfterTheAsOfDateIsCountedNotRejected()
    {
        var path = _temp.File("c.csv", "customer_id,signup_date,churn_date\nc1,2024-01-01,\nc2,2024-03-01,2024-04-01\nc3,2024-01-05,2024-02-05\n");
        var options = new LoadOptions { AsOf = new DateOnly(2024, 2, 1) };

        var table = new CustomerLoader(options: options).Load(path);

        Assert.Equal(["c1", "c2", "c3"], table.Customers.Select(c => c.CustomerId));
        Assert.Equal((0L, 2L), (table.Report.RowsRejected, table.Report.RowsAfterAsOf));
    }

    [Fact]
    public void AFutureSignupDateIsRejectedWithLineAndColumn()
    {
        var path = _temp.File("c.csv", "customer_id,signup_date\nc1,2024-01-01\nc2,2099-03-01\n");
        var options = new LoadOptions
        {
            OnBadRow = BadRowPolicy.Skip,
            QuarantinePath = _temp.Combine("q.csv"),
            Clock = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero)),
        };

        var table = new CustomerLoader(options: options).Load(path);

        Assert.Equal(["c1"], table.Customers.Select(c => c.CustomerId));
        Assert.Equal((3L, "signup_date", "date 2099-03-01 is in the future (today is 2025-12-31 UTC)"),
            (table.Report.Errors[0].Line, table.Report.Errors[0].Column, table.Report.Errors[0].Reason));
    }

    [Fact]
    public void AnAttributeTypeForAColumnTheFileLacksIsAnError()
    {
        var spec = new SourceSpec { Kind = FileKind.Customers, AttributeTypes = new Dictionary<string, AttributeType> { ["regoin"] = AttributeType.Categorical } };
        var path = _temp.File("c.csv", "customer_id,region\nc1,10\n");

        var error = Assert.Throws<DataLoadException>(() => new CustomerLoader(spec).Load(path));

        Assert.Equal($"{path}:1: column 'regoin': attributeTypes names regoin, which is not an attribute; the attributes are region", error.Message);
    }
}
