using System.Globalization;
using System.Text;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>
/// A point-of-sale export (Vend's, Lightspeed's) writes each sale's total on a row of its own before its lines and a
/// payment row after them, all under the receipt's number: read with the spec the messages lead to ("blankValues" zero,
/// "uniqueOrderIds": false), every sale counted twice, silently.
/// </summary>
public sealed class OrderTotalRowsTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    const string Spec = """{ "mapping": { "customer_id": "Customer Code", "timestamp": "Date", "amount": "Total", "order_id": "Receipt Number" }, "blankValues": { "Total": "zero" }, "uniqueOrderIds": false""";

    string Export(bool totalRows)
    {
        var random = new Random(5);
        var csv = new StringBuilder("Date,Receipt Number,Line Type,Customer Code,Total,Status\n");
        for (var receipt = 1; receipt <= 60; receipt++)
        {
            var lines = Enumerable.Range(0, 1 + receipt % 4).Select(_ => Math.Round(5 + random.NextDouble() * 35, 2)).ToList();
            var day = new DateOnly(2024, 1, 1).AddDays(receipt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (totalRows)
                csv.Append(CultureInfo.InvariantCulture, $"{day},{receipt},Sale,C{receipt % 20},{lines.Sum():0.00},CLOSED\n");
            foreach (var line in lines)
                csv.Append(CultureInfo.InvariantCulture, $"{day},{receipt},Sale Line,C{receipt % 20},{line:0.00},CLOSED\n");
            csv.Append(CultureInfo.InvariantCulture, $"{day},{receipt},Payment,C{receipt % 20},,CLOSED\n");
        }
        return _temp.File(totalRows ? "sales.csv" : "lines.csv", csv.ToString());
    }

    static TransactionLoader Loader(string spec) =>
        new(SourceSpec.Parse(spec + " }", "spec.json"), new LoadOptions { TallyUnusedColumns = true });

    [Fact]
    public void OrdersWhoseTotalStandsOnARowBesideTheirLinesAreNamedWithTheExcludeThatLeavesTheTotalsOut()
    {
        var path = Export(totalRows: true);

        var loaded = Loader(Spec).Load(path);
        var fixedSpec = Loader(Spec + """, "exclude": { "Line Type": ["Sale"] }""").Load(path);

        var found = loaded.Report.OrderTotals!;
        // Receipts of two lines or more have three rows with amounts; those of one line cannot tell.
        Assert.Equal((45, 45), (found.OrdersChecked, found.OrdersWithTotalRow));
        Assert.Equal(("Line Type", "Sale"), found.Exclude);
        var total = loaded.Transactions.Sum(t => t.Amount);
        Assert.Equal(total / 2, fixedSpec.Transactions.Sum(t => t.Amount), 6);
        Assert.StartsWith("in 45 of the 45 orders of three rows with amounts or more, one row's amount is the sum of the others'", found.Explain());
        Assert.EndsWith("leave the total rows out with a source spec's \"exclude\": { \"Line Type\": [\"Sale\"] }, which every one of them carries", found.Explain());
        Assert.Null(fixedSpec.Report.OrderTotals);
    }

    /// <summary>An export grouped by line type puts each sale's total row apart from its lines: still found.</summary>
    [Fact]
    public void TotalRowsApartFromTheirLinesAreFoundToo()
    {
        var lines = File.ReadAllLines(Export(totalRows: true));
        var grouped = _temp.File("grouped.csv", string.Join('\n', [lines[0], .. lines.Skip(1).OrderBy(l => l.Split(',')[2], StringComparer.Ordinal)]) + "\n");

        var found = Loader(Spec).Load(grouped).Report.OrderTotals!;

        Assert.Equal((45, 45), (found.OrdersChecked, found.OrdersWithTotalRow));
        Assert.Equal(("Line Type", "Sale"), found.Exclude);
    }

    [Fact]
    public void AFileOfOrderLinesAloneIsNotTakenForOne()
    {
        Assert.Null(Loader(Spec).Load(Export(totalRows: false)).Report.OrderTotals);
    }
}
