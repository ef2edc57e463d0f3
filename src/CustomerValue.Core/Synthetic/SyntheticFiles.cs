using System.Globalization;
using System.Text;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Synthetic;

/// <summary>
/// File names, headers and line formats of a generated data set. Lines are written by hand rather
/// than through CsvHelper: no value can contain a delimiter or quote, and at ten million lines the
/// formatting is the cost of generation. Invariant culture, "\n" line ends, UTF-8 without BOM.
/// </summary>
public static class SyntheticFiles
{
    public const string CustomersFile = "customers.csv";
    public const string TransactionsFile = "transactions.csv";
    public const string TruthFile = "truth.csv";

    public const string CustomersHeader =
        "customer_id,signup_date,postal_code,device,channel,newsletter," + CustomerSimulator.AgeBandColumn + "," + CustomerSimulator.LoyaltyPointsColumn;

    public const string TransactionsHeader = "customer_id,timestamp,amount,order_id,quantity,channel,device";

    public const string TruthHeader =
        "customer_id,expected_future_spend,expected_future_orders,probability_alive,expected_future_net_amount,lambda,mu,mean_spend,conversion_probability,conversion_rate,truth_date,horizon_days";

    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void AppendCustomer(StringBuilder line, CustomerProfile profile)
    {
        line.Append(Invariant, $"{profile.CustomerId},{profile.SignupDate:yyyy-MM-dd},{profile.PostalCode},{profile.Device},{profile.Channel},");
        line.Append(profile.Newsletter switch { true => "true", false => "false", null => "" });
        line.Append(',').Append(profile.Attributes.GetValueOrDefault(CustomerSimulator.AgeBandColumn));
        line.Append(',').Append(profile.Attributes.GetValueOrDefault(CustomerSimulator.LoyaltyPointsColumn));
        line.Append('\n');
    }

    public static void AppendTransaction(StringBuilder line, Transaction transaction) =>
        line.Append(Invariant,
            $"{transaction.CustomerId},{transaction.Timestamp:yyyy-MM-ddTHH:mm:ss},{transaction.Amount:0.00},{transaction.OrderId},{transaction.Quantity:0},{transaction.Channel},{transaction.Device}\n");

    /// <summary>
    /// Expectations with fixed decimals and rates with ten: enough to check against, and short
    /// enough that the last bits of a transcendental function do not show.
    /// </summary>
    public static void AppendTruth(StringBuilder line, SimulatedCustomer customer, DateOnly truthDate, int horizonDays)
    {
        var truth = customer.Truth;
        var p = customer.Parameters;
        line.Append(Invariant,
            $"{truth.CustomerId},{truth.ExpectedFutureSpend:0.0000},{truth.ExpectedFutureOrders:0.000000},{truth.ProbabilityAlive:0.000000},{truth.ExpectedFutureNetAmount:0.0000},");
        line.Append(Invariant,
            $"{p.PurchaseRate:0.##########},{p.DropoutRate:0.##########},{p.MeanSpend:0.0000},{p.ConversionProbability:0.######},{p.ConversionRate:0.######},{truthDate:yyyy-MM-dd},{horizonDays}\n");
    }
}
