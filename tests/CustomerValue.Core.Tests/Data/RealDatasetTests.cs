using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

public sealed class RealDatasetTests
{
    [Fact]
    public void CdnowSampleLoadsThroughItsSpecWithThePublishedTotals()
    {
        var spec = SourceSpec.Load(TestData.Spec("cdnow.json"));

        var set = new TransactionLoader(spec).Load(TestData.Dataset("CDNOW_sample.txt"));

        Assert.Equal(6919, set.Transactions.Count);
        Assert.Equal(6919, set.Report.RowsRead);
        Assert.Equal(0, set.Report.RowsRejected);
        Assert.Equal(2357, set.Report.Customers);
        Assert.Equal(2357, set.Transactions.Select(t => t.CustomerId).Distinct().Count());
        Assert.Equal(244_091.94m, Math.Round(set.Transactions.Sum(t => (decimal)t.Amount), 2));
        Assert.Equal(new DateTime(1997, 1, 1), set.Transactions.Min(t => t.Timestamp));
        Assert.Equal(new DateTime(1998, 6, 30), set.Transactions.Max(t => t.Timestamp));
    }

    [Fact]
    public void CdnowSampleMapsSecondColumnToCustomerFourthToQuantityFifthToAmount()
    {
        var spec = SourceSpec.Load(TestData.Spec("cdnow.json"));

        var first = new TransactionLoader(spec).Stream(TestData.Dataset("CDNOW_sample.txt")).First();

        // Line 1: "00004 0001 19970101  2   29.33" after its leading spaces; ids are kept as written.
        Assert.Equal("0001", first.CustomerId);
        Assert.Equal(new DateTime(1997, 1, 1), first.Timestamp);
        Assert.Equal(2, first.Quantity);
        Assert.Equal(29.33, first.Amount);
    }

    [Fact]
    public void CdnowSampleSummaryCountsSameDayRepeatsAndCoversSeventyEightWeeks()
    {
        var spec = SourceSpec.Load(TestData.Spec("cdnow.json"));

        var summary = TransactionSummary.Of(new TransactionLoader(spec).Stream(TestData.Dataset("CDNOW_sample.txt")));

        // Published: 4,960 + 1,959 rows collapse to 4,814 + 1,882 customer-days.
        Assert.Equal(6919 - (4814 + 1882), summary.SameDayRepeats);
        Assert.Equal(546, summary.SpanDays);
        Assert.Equal(78, summary.SpanWeeks);
        Assert.Equal(244_091.94m, summary.TotalAmount);
    }

    [Fact]
    public void CdnowMasterLoadsThroughItsSpec()
    {
        var spec = SourceSpec.Load(TestData.Spec("cdnow-master.json"));

        var set = new TransactionLoader(spec).Load(TestData.Dataset("CDNOW_master.txt"));

        Assert.Equal(69_659, set.Transactions.Count);
        Assert.Equal(23_570, set.Report.Customers);
        Assert.Equal(2_500_315.63m, Math.Round(set.Transactions.Sum(t => (decimal)t.Amount), 2));
    }

    [Fact]
    public void SpecPathResolvesAgainstTheSpecFolderNotTheWorkingDirectory()
    {
        var spec = SourceSpec.Load(TestData.Spec("cdnow.json"));

        Assert.Equal(TestData.Dataset("CDNOW_sample.txt"), spec.ResolvePath());
    }

    [Fact]
    public void TelcoLoadsAsCustomersWithChurnLabelsAndBlankTotalChargesReadAsZero()
    {
        var spec = SourceSpec.Load(TestData.Spec("telco.json"));

        var table = new CustomerLoader(spec).Load(TestData.Dataset("Telco-Customer-Churn.csv"));

        Assert.Equal(7043, table.Customers.Count);
        Assert.Equal(1869, table.Churned);
        Assert.Equal(7043 - 1869, table.NotChurned);
        var blank = Assert.Single(table.Report.BlankValues);
        Assert.Equal(new BlankValueCount("TotalCharges", 11, BlankValueRule.Zero), blank);
        var zeroTotal = table.Customers.Where(c => c.Attributes["TotalCharges"] == "0").ToList();
        Assert.Equal(11, zeroTotal.Count);
        Assert.All(zeroTotal, c => Assert.Equal("0", c.Attributes["tenure"]));
    }

    [Fact]
    public void TelcoAttributeSchemaHasFourNumericColumnsAndTheRestCategorical()
    {
        var spec = SourceSpec.Load(TestData.Spec("telco.json"));

        var schema = new CustomerLoader(spec).Load(TestData.Dataset("Telco-Customer-Churn.csv")).Schema;

        Assert.Equal(["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"], schema.Numeric.Select(a => a.Name));
        Assert.Equal(15, schema.Categorical.Count());
        Assert.DoesNotContain(schema.Attributes, a => a.Name is "customerID" or "Churn");
        Assert.All(schema.Attributes, a => Assert.Equal(0, a.Missing));
    }

    [Fact]
    public void TelcoBlankTotalChargesCanBeReadAsMissingInstead()
    {
        var spec = SourceSpec.Load(TestData.Spec("telco.json")) with
        {
            BlankValues = new Dictionary<string, BlankValueRule> { ["TotalCharges"] = BlankValueRule.Missing },
        };

        var table = new CustomerLoader(spec).Load(TestData.Dataset("Telco-Customer-Churn.csv"));

        var totalCharges = table.Schema.Find("TotalCharges")!;
        Assert.Equal(new AttributeInfo("TotalCharges", AttributeType.Numeric, 7032, 11), totalCharges);
        Assert.Equal(11, table.Customers.Count(c => !c.Attributes.ContainsKey("TotalCharges")));
    }
}
