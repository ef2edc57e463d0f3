using System.Globalization;
using System.Text;
using CustomerValue.Core.Data;
using CustomerValue.Core.Tests.TestData;

namespace CustomerValue.Core.Tests.Data;

/// <summary>Rows whose amount lies far beyond every other: a typo with extra zeros among ordinary tickets, and real files without one.</summary>
public sealed class AmountProfileTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>One row a day for <paramref name="rows"/> days, amounts cycling 20.00 to 59.00, then the extra amounts, in file order.</summary>
    AmountProfile Load(int rows, params string[] extra)
    {
        var text = new StringBuilder("customer_id,timestamp,amount\n");
        var day = new DateOnly(2024, 1, 1);
        for (var i = 0; i < rows; i++)
            text.Append(CultureInfo.InvariantCulture, $"c{i % 40},{day.AddDays(i):yyyy-MM-dd},{20 + (i % 40)}.00\n");
        foreach (var amount in extra)
            text.Append(CultureInfo.InvariantCulture, $"c7,2024-06-01,{amount}\n");
        var path = _temp.File("transactions.csv", text.ToString());
        return new TransactionLoader().Load(path).Report.Amounts!;
    }

    [Fact]
    public void ATypoWithExtraZerosIsNamedByLineCustomerDateAndAmount()
    {
        var amounts = Load(300, "4900000.00");

        var far = Assert.Single(amounts.FarBeyondTheRest());
        Assert.Equal(new LargeAmount(amounts.File, 302, "c7", new DateOnly(2024, 6, 1), 4_900_000), far);
        var text = amounts.Explain(netTotal: 4_911_800m)!;
        Assert.Contains("1 row has an amount in column 'amount' more than 100 times the file's 20th largest (57.00), 99.8% of the net total", text, StringComparison.Ordinal);
        Assert.Contains("line 302: customer c7, 2024-06-01, 4900000.00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeButOrdinaryAmountsAndFilesTooSmallToTellAreNotCalledOut()
    {
        // Fifty times the 20th largest: a big order, not a typo.
        Assert.Null(Load(300, "2950.00").Explain());
        // Fewer than 20 positive amounts: nothing to measure against.
        Assert.Empty(Load(10, "4900000.00").FarBeyondTheRest());
        // A return is not an order to call out; an ordinary one is no return to call out either.
        Assert.Empty(Load(300, "-4900000.00").FarBeyondTheRest());
        Assert.Null(Load(300, "-2950.00").Explain());
    }

    [Fact]
    public void AReturnFarBeyondTheRestIsNamedAndTheSpecsMinAmountRejectsIt()
    {
        var amounts = Load(300, "-4900000.00", "-40.00");

        var far = Assert.Single(amounts.FarBeyondTheRestAsReturns());
        Assert.Equal(new LargeAmount(amounts.File, 302, "c7", new DateOnly(2024, 6, 1), -4_900_000), far);
        var text = amounts.Explain()!;
        Assert.Contains("1 return has an amount in column 'amount' more than 100 times the file's 20th largest amount (57.00) in size: line 302: customer c7, 2024-06-01, -4900000.00", text, StringComparison.Ordinal);
        Assert.Contains("give a source spec with \"minAmount\": -1000 to reject such rows", text, StringComparison.Ordinal);

        var set = new TransactionLoader(SourceSpec.Parse("""{ "minAmount": -1000 }""", "min.json"), new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") }).Load(amounts.File);

        var error = Assert.Single(set.Report.Errors);
        Assert.Equal((302L, "amount", "-4900000.00 is below the source spec's minAmount, -1000.00"), (error.Line, error.Column, error.Reason));
        Assert.Equal(301, set.Transactions.Count);
        Assert.Equal("source spec m.json: minAmount must be a number below 0 (the largest return a row may have), was 10",
            Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "minAmount": 10 }""", "m.json")).Message);
    }

    [Fact]
    public void RealBasesHaveNoAmountFarBeyondTheRest()
    {
        var master = new TransactionLoader(SourceSpec.Load(TestData.Spec("cdnow-master.json"))).Load(TestData.Dataset("CDNOW_master.txt"));
        var olist = new TransactionLoader().Load(TestData.Dataset(Path.Combine("olist", "transactions.csv")));

        Assert.Empty(master.Report.Amounts!.FarBeyondTheRest());
        Assert.Empty(master.Report.Amounts.FarBeyondTheRestAsReturns());
        Assert.Empty(olist.Report.Amounts!.FarBeyondTheRestAsReturns());
        Assert.Equal(1286.01, master.Report.Amounts.LargestRows[0].Amount);
        Assert.Empty(olist.Report.Amounts!.FarBeyondTheRest());
        Assert.Equal(AmountProfile.KeptRows, olist.Report.Amounts.LargestRows.Count);
    }
    [Fact]
    public void TheWarningsMaxAmountRejectsTheRowByLineAndColumnAndSkipSetsItAside()
    {
        var amounts = Load(300, "4900000.00");
        Assert.Contains("give a source spec with \"maxAmount\": 1000 to reject such rows", amounts.Explain(), StringComparison.Ordinal);
        var spec = SourceSpec.Parse("""{ "maxAmount": 1000 }""", "max.json");
        var skip = new LoadOptions { OnBadRow = BadRowPolicy.Skip, QuarantinePath = _temp.Combine("q.csv") };

        var set = new TransactionLoader(spec, skip).Load(amounts.File);

        var error = Assert.Single(set.Report.Errors);
        Assert.Equal((302L, "amount", "4900000.00 is above the source spec's maxAmount, 1000.00"), (error.Line, error.Column, error.Reason));
        Assert.Equal(300, set.Transactions.Count);
        Assert.Empty(set.Report.Amounts!.FarBeyondTheRest());
        Assert.Equal("source spec c.json: maxAmount applies to transactions files only",
            Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "kind": "customers", "maxAmount": 10 }""", "c.json")).Message);
        Assert.Equal("source spec n.json: maxAmount must be a number above 0, was 0",
            Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "maxAmount": 0 }""", "n.json")).Message);
    }
}
