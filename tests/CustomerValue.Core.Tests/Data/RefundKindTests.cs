using System.Globalization;
using System.Text;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>
/// A shop's transactions export (Shopify's) writes a refund as it writes a sale: under the order's id, its amount
/// positive, its Kind 'refund'. Read as it is, each refund is rejected as a repeated order id, and with
/// "uniqueOrderIds": false it counts as a second purchase.
/// </summary>
public sealed class RefundKindTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    const string Spec = """{ "mapping": { "customer_id": "Email", "timestamp": "Created At", "order_id": "Order" }""";

    string Export()
    {
        var csv = new StringBuilder("Order,Email,Kind,Payment Type,Created At,Amount\n");
        for (var order = 1; order <= 40; order++)
        {
            var day = new DateOnly(2024, 1, 1).AddDays(order);
            csv.Append(CultureInfo.InvariantCulture, $"#{order},c{order % 15}@mail.com,sale,Credit,{day:yyyy-MM-dd},{10 + order}.00\n");
            if (order % 4 == 0)
                csv.Append(CultureInfo.InvariantCulture, $"#{order},c{order % 15}@mail.com,refund,Credit,{day.AddDays(3):yyyy-MM-dd},{10 + order}.00\n");
        }
        return _temp.File("transactions_export.csv", csv.ToString());
    }

    static TransactionLoader Loader(string spec) =>
        new(SourceSpec.Parse(spec + " }", "spec.json"), new LoadOptions { TallyUnusedColumns = true });

    [Fact]
    public void RefundsWrittenAsSalesAreNamedWithTheNegateThatReadsThemAsReturns()
    {
        var path = Export();

        var repeated = Assert.Throws<DataLoadException>(() => Loader(Spec).Load(path));
        var asLines = Loader(Spec + """, "uniqueOrderIds": false""").Load(path);
        var negated = Loader(Spec + """, "negate": { "Kind": ["refund"] }""").Load(path);

        Assert.EndsWith("""10 of the 10 rows that repeat an order id say 'refund' in 'Kind' and have a positive amount: refunds written under their order's id as sales are; a source spec with "negate": { "Kind": ["refund"] } reads them as returns, which may repeat their order's id ("uniqueOrderIds": false would count them as purchases)""", repeated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("if an order spans several rows", repeated.Message, StringComparison.Ordinal);
        var kind = Assert.Single(asLines.Report.RefundKinds);
        Assert.Equal(("Kind", "refund", 10L, 0L), (kind.Column, kind.Value, kind.PositiveRows, kind.NegativeRows));
        Assert.EndsWith("""a source spec's "negate": { "Kind": ["refund"] } reads them as returns""", kind.Explain(), StringComparison.Ordinal);
        // Negated: every sale once, each refund taken off (sales 1,220, refunds 4 × (14 + 18 + … + 50) / 4 = 320).
        Assert.Equal(1_220.0 - 320.0, negated.Transactions.Sum(t => t.Amount), 6);
        Assert.Equal(10, negated.Transactions.Count(t => t.Amount < 0));
        Assert.Empty(negated.Report.RefundKinds);
        // 'Credit' (a card) names no refund.
        Assert.DoesNotContain(asLines.Report.RefundKinds, k => k.Column == "Payment Type");
        Assert.Contains("negate applies to transactions files only", Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "kind": "customers", "negate": { "Kind": ["refund"] } }""", "c.json")).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A store that captures payments by hand writes each order's authorization, then its capture, under the order's id:
    /// the repeated ids' hint names the exclude that leaves the authorizations out, not "uniqueOrderIds": false.
    /// </summary>
    [Fact]
    public void ACaptureAfterItsAuthorizationGetsTheExcludeThatLeavesTheAuthorizationOut()
    {
        var csv = new StringBuilder("Order,Email,Kind,Created At,Amount\n");
        for (var order = 1; order <= 20; order++)
        {
            var day = new DateOnly(2024, 1, 1).AddDays(order);
            csv.Append(CultureInfo.InvariantCulture, $"#{order},c{order % 7}@mail.com,authorization,{day:yyyy-MM-dd},{10 + order}.00\n");
            csv.Append(CultureInfo.InvariantCulture, $"#{order},c{order % 7}@mail.com,capture,{day.AddDays(1):yyyy-MM-dd},{10 + order}.00\n");
        }
        var path = _temp.File("captures.csv", csv.ToString());

        var repeated = Assert.Throws<DataLoadException>(() => Loader(Spec).Load(path));
        var excluded = Loader(Spec + """, "exclude": { "Kind": ["authorization"] }""").Load(path);

        Assert.EndsWith("""20 rows repeat an order id, and every one follows a row of its order whose 'Kind' says 'authorization' while its own does not: the order's first row did not go through (a payment held, then captured under the same order); a source spec with "exclude": { "Kind": ["authorization"] } leaves those rows out and loads the others once""", repeated.Message, StringComparison.Ordinal);
        Assert.Equal(20, excluded.Transactions.Count);
        Assert.Equal(Enumerable.Range(11, 20).Sum(), excluded.Transactions.Sum(t => t.Amount), 6);
    }
}
