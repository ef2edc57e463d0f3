using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class SourceSpecTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void BadSpecJsonNamesTheFileAndTheLine()
    {
        var path = _temp.File("broken.json", "{\n  \"delimiter\": \"whitespace\",\n  \"header\": fals\n}\n");

        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Load(path));

        Assert.StartsWith($"source spec {path}: invalid JSON at line 3 ($.header): ", error.Message);
    }

    /// <summary>A customers file may hold a row per subscription; a transactions file holds a row per purchase whatever its spec says.</summary>
    [Fact]
    public void OneRowPerSubscriptionAppliesToCustomersFiles()
    {
        var transactions = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "oneRowPer": "subscription" }""", "tx.json"));
        var unknown = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "kind": "customers", "oneRowPer": "order" }""", "order.json"));

        Assert.Equal(RowUnit.Subscription, SourceSpec.Parse("""{ "kind": "customers", "oneRowPer": "subscription" }""", "ok.json").OneRowPer);
        Assert.Equal(RowUnit.Customer, SourceSpec.Parse("""{ "kind": "customers" }""", "default.json").OneRowPer);
        Assert.Equal("source spec tx.json: oneRowPer applies to customers files only (a transactions file holds a row per purchase)", transactions.Message);
        Assert.StartsWith("source spec order.json: invalid JSON at line 1 ($.oneRowPer)", unknown.Message, StringComparison.Ordinal);
    }

    /// <summary>A recurring charge values a churn table's customers: it needs both columns, and a transactions file has none.</summary>
    [Fact]
    public void ARecurringChargeNeedsItsTwoColumnsAndACustomersFile()
    {
        var spec = SourceSpec.Parse("""{ "kind": "customers", "recurring": { "charge": "fee", "tenure": "weeks", "period": "week" } }""", "ok.json");
        Assert.Equal(7, spec.Recurring!.PeriodDays);
        Assert.Equal(BillingPeriod.Month, SourceSpec.Parse("""{ "kind": "customers", "recurring": { "charge": "fee", "tenure": "t" } }""", "month.json").Recurring!.Period);

        var transactions = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "recurring": { "charge": "fee", "tenure": "t" } }""", "tx.json"));
        var half = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "kind": "customers", "recurring": { "tenure": "t" } }""", "half.json"));
        // Without a tenure column the periods are counted from the signup dates.
        Assert.Null(SourceSpec.Parse("""{ "kind": "customers", "recurring": { "charge": "fee" } }""", "dated.json").Recurring!.Tenure);
        var period = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "kind": "customers", "recurring": { "charge": "fee", "tenure": "t", "period": "fortnight" } }""", "period.json"));

        Assert.Equal("source spec tx.json: recurring applies to customers files only", transactions.Message);
        Assert.StartsWith("source spec half.json: recurring needs \"charge\", the column with the charge per billing period", half.Message, StringComparison.Ordinal);
        Assert.StartsWith("source spec period.json: invalid JSON at line 1 ($.recurring.period)", period.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Before, the serializer's sentences: "The JSON value could not be converted to System.Boolean.", "… to
    // System.Nullable`1[CustomerValue.Core.Data.SourceFormat].", "The JSON property 'delimter' could not be mapped to any
    // .NET member contained in type 'CustomerValue.Core.Data.SourceSpec'."
    [InlineData("""{ "header": "yes" }""", "($.header): expected true or false, found \"yes\"")]
    [InlineData("""{ "maxAmount": "100" }""", "($.maxAmount): expected a number, found \"100\"")]
    [InlineData("""{ "postalCodeDigits": 2.5 }""", "($.postalCodeDigits): expected a whole number, found 2.5")]
    [InlineData("""{ "delimiter": 5 }""", "($.delimiter): expected a text in quotes, found 5")]
    [InlineData("""{ "dateFormats": "yyyy-MM-dd" }""", "($.dateFormats): expected a list, such as [\"…\", \"…\"], found \"yyyy-MM-dd\"")]
    [InlineData("""{ "mapping": ["a"] }""", "($.mapping): expected an object of names and values, such as { \"…\": … }, found [\"a\"]")]
    [InlineData("""{ "format": "xlsx" }""", "($.format): expected one of \"csv\", \"parquet\", found \"xlsx\"")]
    [InlineData("""{ "labelValues": { "yes": "true" } }""", "($.labelValues.yes): expected true or false, found \"true\"")]
    [InlineData("""{ "delimter": ";" }""", "($.delimter): 'delimter' is not a field here; did you mean 'delimiter'?")]
    [InlineData("""{ "computed": { "amount": { "multiplyy": ["a", "b"] } } }""", "($.computed.amount.multiplyy): 'multiplyy' is not a field here; did you mean 'multiply'?")]
    public void AFieldOfTheWrongFormIsNamedWithWhatItTakesAndWhatItHeld(string json, string message)
    {
        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse(json, "spec.json"));

        Assert.Equal("source spec spec.json: invalid JSON at line 1 " + message, error.Message);
    }

    [Fact]
    public void AnUnknownFieldFarFromEveryNameListsTheFieldsButNotTheOnesSetInCode()
    {
        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "foo": 1 }""", "spec.json"));

        Assert.StartsWith("source spec spec.json: invalid JSON at line 1 ($.foo): 'foo' is not a field here (the fields: kind, path, format, query, delimiter, header, columns, dateFormats,", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("baseDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSpecFieldIsRejectedRatherThanIgnored()
    {
        var path = _temp.File("typo.json", "{ \"delimeter\": \";\" }");

        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Load(path));

        Assert.Contains("delimeter", error.Message);
    }

    [Fact]
    public void AColumnPositionBelowOneIsAJsonError()
    {
        var json = """
            { "delimiter": "::", "culture": "xx-NOPE", "mapping": { "customer": 1, "amount": 0 } }
            """;

        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse(json, "spec.json"));

        Assert.StartsWith("source spec spec.json: invalid JSON at line 1 ($.mapping.amount): a column is a header name", error.Message);
    }

    [Fact]
    public void SpecWithAnUnknownFieldDelimiterAndCultureReportsEachProblem()
    {
        var json = """
            { "delimiter": "::", "culture": "xx-NOPE", "mapping": { "customer": 1 } }
            """;

        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse(json, "spec.json"));

        Assert.Equal("source spec spec.json: delimiter '::' is not one character, \"tab\" or \"whitespace\"; "
            + "culture 'xx-NOPE' is not a known culture name (e.g. \"en-US\", \"de-DE\"); "
            + "'customer' is not a field of a transactions file (expected one of customer_id, timestamp, amount, order_id, quantity, channel, device, postal_code)",
            error.Message);
    }

    [Fact]
    public void NamedColumnsNeedAHeaderOrAColumnList()
    {
        var json = """{ "header": false, "mapping": { "customer_id": "id", "timestamp": 2, "amount": 3 } }""";

        var error = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse(json, "spec.json"));

        Assert.Contains("column 'id' is named, but the file has no header and the spec gives no \"columns\"", error.Message);
    }

    [Fact]
    public void ARelativeDataPathResolvesAgainstTheSpecFolder()
    {
        var path = _temp.File("spec.json", """{ "path": "data/orders.csv" }""");

        var spec = SourceSpec.Load(path);

        Assert.Equal(Path.Combine(_temp.Path, "data", "orders.csv"), spec.ResolvePath());
    }

    [Fact]
    public void ASpecRoundTripsThroughJson()
    {
        var spec = SourceSpec.Load(TestData.Spec("cdnow.json"));

        var again = SourceSpec.Parse(spec.ToJson(), "round trip");

        Assert.Equal(spec.ToJson(), again.ToJson());
        Assert.Equal(ColumnRef.ByPosition(2), again.Mapping!["customer_id"]);
    }
}
