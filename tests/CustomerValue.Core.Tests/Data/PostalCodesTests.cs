using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>Postal codes whose leading zeros a spreadsheet dropped: seen in a customers file, and read back with the spec's digits.</summary>
public sealed class PostalCodesTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("2134", 5, "02134")]
    [InlineData("501", 5, "00501")]
    [InlineData("02134", 5, "02134")]
    [InlineData("SW1A 1AA", 5, "SW1A 1AA")]
    [InlineData("2134-567", 5, "2134-567")]
    [InlineData("123456", 5, "123456")]
    public void OnlyACodeOfDigitsShorterThanTheSpecsIsPadded(string code, int digits, string expected)
    {
        Span<char> buffer = stackalloc char[16];
        Assert.Equal(expected, PostalCodes.Padded(code, digits, buffer).ToString());
    }

    [Fact]
    public void CodesAFewDigitsShortBesideMostOfOneLengthAreNamedAndOthersAreNot()
    {
        // US ZIP codes through a spreadsheet: New England's 0xxxx lose their zero.
        string[] us = [.. Enumerable.Range(0, 900).Select(i => (10000 + i * 97).ToString()), .. Enumerable.Range(0, 100).Select(i => (1000 + i * 89).ToString())];
        string[] brazil = [.. Enumerable.Range(0, 1000).Select(i => (i * 97).ToString("00000"))];
        string[] uk = [.. Enumerable.Range(0, 1000).Select(i => $"SW{i % 20} {i % 9}AA")];
        string[] mixed = [.. Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? (1000 + i).ToString() : (10000 + i).ToString())];
        string[] fewShort = [.. Enumerable.Range(0, 995).Select(i => (10000 + i).ToString()), .. Enumerable.Range(0, 5).Select(i => (1000 + i).ToString())];

        var note = PostalCodes.StrippedZerosNote(us);

        Assert.Equal("100 of the 1,000 postal codes are digits one or two short of the 5 most have ('1000' beside '01000'), as a spreadsheet drops the leading zeros of codes it took for numbers: their postal region would name another region; give the source spec \"postalCodeDigits\": 5, which reads them with their zeros, or export the column again as text", note);
        Assert.Null(PostalCodes.StrippedZerosNote(brazil));
        Assert.Null(PostalCodes.StrippedZerosNote(uk));
        Assert.Null(PostalCodes.StrippedZerosNote(mixed));
        Assert.Null(PostalCodes.StrippedZerosNote(fewShort));
    }

    [Fact]
    public void TheFirstOrdersPostalCodesAreCheckedWhenTheyDescribeTheCustomers()
    {
        var rows = Enumerable.Range(0, 200).Select(i => $"c{i},2024-01-{i % 28 + 1:00},10,{(i % 10 == 0 ? 1000 + i : 10000 + i * 37)}");
        var transactions = _temp.File("orders.csv", "customer_id,timestamp,amount,postal_code\n" + string.Join("\n", rows) + "\n");

        var described = new TransactionLoader(options: new LoadOptions { DescribeCustomers = true }).Load(transactions).Report;
        var padded = new TransactionLoader(SourceSpec.Parse("""{ "postalCodeDigits": 5 }""", "t.json"), new LoadOptions { DescribeCustomers = true }).Load(transactions).Report;

        Assert.StartsWith("20 of the 200 postal codes are digits one or two short of the 5 most have", described.PostalCodesNote);
        Assert.Contains(described.PostalCodesNote!, described.Hint);
        Assert.Null(padded.PostalCodesNote);
        Assert.Null(new TransactionLoader().Load(transactions).Report.PostalCodesNote);
    }

    [Fact]
    public void TheSpecsDigitsReadTheCodesOfBothFilesWithTheirZeros()
    {
        var customers = _temp.File("c.csv", "customer_id,postal_code\nc1,2134\nc2,90210\nc3,\n");
        var transactions = _temp.File("t.csv", "customer_id,timestamp,amount,postal_code\nc1,2024-01-05,10,2134\nc2,2024-01-06,10,90210\n");

        var table = new CustomerLoader(SourceSpec.Parse("""{ "kind": "customers", "postalCodeDigits": 5 }""", "c.json")).Load(customers);
        var asWritten = new CustomerLoader().Load(customers);
        var orders = new TransactionLoader(SourceSpec.Parse("""{ "postalCodeDigits": 5 }""", "t.json"), new LoadOptions { DescribeCustomers = true }).Load(transactions);
        var refused = Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "kind": "customers", "postalCodeDigits": 1 }""", "bad.json"));

        Assert.Equal(["02134", "90210", null], table.Customers.Select(c => c.PostalCode));
        Assert.Equal(["2134", "90210", null], asWritten.Customers.Select(c => c.PostalCode));
        Assert.Equal(["02134", "90210"], orders.Report.ProfilesFromOrders!.Values.OrderBy(p => p.CustomerId).Select(p => p.PostalCode));
        Assert.Contains("postalCodeDigits is the digits of a postal code, from 3 to 12 (5 for a US ZIP code), was 1", refused.Message);
    }
}
