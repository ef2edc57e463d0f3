using System.Globalization;
using System.Text;
using CustomerValue.Core.Data;

namespace CustomerValue.Core.Tests.Data;

/// <summary>
/// A payment ledger (PayPal's activity download) writes the payer in From on the money it takes in and the account's
/// own address in From on what it sends: refunds to buyers, payouts to its bank. Read with From as the customer, the
/// refunds come off the account as one customer's returns rather than off the buyers.
/// </summary>
public sealed class ReturnsHolderTests : IDisposable
{
    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    const string Spec = """{ "mapping": { "customer_id": "From Email Address", "timestamp": "Date", "amount": "Gross", "order_id": "Transaction ID" }""";

    string Ledger()
    {
        var csv = new StringBuilder("Date,Type,Gross,From Email Address,To Email Address,Transaction ID\n");
        var tx = 0;
        for (var buyer = 0; buyer < 30; buyer++)
        {
            var day = new DateOnly(2024, 1, 1).AddDays(buyer * 3);
            csv.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},Payment,{20 + buyer}.00,b{buyer}@mail.com,shop@store.com,T{++tx}\n");
            if (buyer % 2 == 0)
                csv.Append(CultureInfo.InvariantCulture, $"{day.AddDays(2):yyyy-MM-dd},Refund,-{20 + buyer}.00,shop@store.com,b{buyer}@mail.com,T{++tx}\n");
        }
        for (var month = 1; month <= 3; month++)
            csv.Append(CultureInfo.InvariantCulture, $"2024-{month:00}-28,Withdrawal,-500.00,shop@store.com,,T{++tx}\n");
        return _temp.File("ledger.csv", csv.ToString());
    }

    static TransactionLoader Loader(string spec, BadRowPolicy onBadRow = BadRowPolicy.Fail) =>
        new(SourceSpec.Parse(spec + " }", "spec.json"), new LoadOptions { TallyUnusedColumns = true, OnBadRow = onBadRow });

    [Fact]
    public void TheAccountsOwnAddressHoldingTheReturnsIsNamedWithTheColumnThatCreditsThemToTheirBuyers()
    {
        var path = Ledger();

        var loaded = Loader(Spec).Load(path);
        var credited = Loader(Spec + """, "customerIdOnReturns": "To Email Address" """, BadRowPolicy.Skip).Load(path);
        var failed = Assert.Throws<DataLoadException>(() => Loader(Spec + """, "customerIdOnReturns": "To Email Address" """).Load(path));

        var holder = loaded.Report.ReturnsHolder!;
        Assert.Equal(("shop@store.com", "From Email Address", 18L, 18L, -2_010.0), (holder.CustomerId, holder.CustomerColumn, holder.Returns, holder.AllReturns, holder.ReturnedAmount + 0.0));
        Assert.Equal(("To Email Address", 15, 18), holder.OtherParty);
        Assert.EndsWith("""'To Email Address' names another customer of the file on 15 of 18 of those rows: a source spec with "customerIdOnReturns": "To Email Address" credits each negative amount to the customer in it (rows with none there, payouts, are then rejected as without a customer id: --on-bad-row skip leaves them out)""", holder.Explain(), StringComparison.Ordinal);
        // Credited: each refund comes off its buyer, the account is no customer, and the payouts are rejected as such.
        Assert.DoesNotContain(credited.Transactions, t => t.CustomerId == "shop@store.com");
        Assert.Equal(0.0, credited.Transactions.Where(t => t.CustomerId == "b4@mail.com").Sum(t => t.Amount));
        Assert.Equal(3, credited.Report.RowsRejected);
        Assert.Null(credited.Report.ReturnsHolder);
        Assert.Equal("missing customer id on a negative amount (the source spec's customerIdOnReturns column)", failed.Errors[0].Reason);
        Assert.Equal("To Email Address", failed.Errors[0].Column);
        Assert.EndsWith("3 rows with a negative amount have no customer in the customerIdOnReturns column: money the account sent to no customer (a payout to its bank, a fee); --on-bad-row skip leaves them out", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnsSpreadOverTheirCustomersOrHeldByABuyerAreNotTakenForALedger()
    {
        var csv = new StringBuilder("customer_id,timestamp,amount\n");
        for (var c = 0; c < 30; c++)
            csv.Append(CultureInfo.InvariantCulture, $"c{c},2024-01-{1 + c % 28:00},25.00\nc{c},2024-02-{1 + c % 28:00},-25.00\n");
        // A distributor's credit notes: most of the file's returns, but far less than what it buys.
        for (var day = 1; day <= 28; day++)
            csv.Append(CultureInfo.InvariantCulture, $"big,2024-03-{day:00},1000.00\nbig,2024-03-{day:00},-50.00\nbig,2024-03-{day:00},-40.00\n");

        var loaded = new TransactionLoader(new SourceSpec(), new LoadOptions { TallyUnusedColumns = true }).Load(_temp.File("spread.csv", csv.ToString()));

        Assert.Null(loaded.Report.ReturnsHolder);
        Assert.Contains("customerIdOnReturns applies to transactions files only", Assert.Throws<SourceSpecException>(() => SourceSpec.Parse("""{ "kind": "customers", "customerIdOnReturns": "To" }""", "c.json")).Message, StringComparison.Ordinal);
    }
}
