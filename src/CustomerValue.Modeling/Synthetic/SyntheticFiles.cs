using System.Text;
using CustomerValue.Core.Domain;

namespace CustomerValue.Modeling.Synthetic;

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

    // Generated values are short (ids, dates, categories, numbers); a line never gets near this.
    const int MaxLine = 512;

    public static void AppendCustomer(StringBuilder text, CustomerProfile profile)
    {
        var line = new CsvLine(stackalloc char[MaxLine]);
        line.Field(profile.CustomerId);
        line.Comma();
        if (profile.SignupDate is { } signup)
        {
            line.Date(signup);
        }

        line.Comma();
        line.Field(profile.PostalCode);
        line.Comma();
        line.Field(profile.Device);
        line.Comma();
        line.Field(profile.Channel);
        line.Comma();
        line.Field(profile.Newsletter switch { true => "true", false => "false", null => "" });
        line.Comma();
        line.Field(profile.Attributes.GetValueOrDefault(CustomerSimulator.AgeBandColumn));
        line.Comma();
        line.Field(profile.Attributes.GetValueOrDefault(CustomerSimulator.LoyaltyPointsColumn));
        line.EndLine();
        text.Append(line.Text);
    }

    /// <summary>Amount with two decimals, quantity as a whole number.</summary>
    public static void AppendTransaction(StringBuilder text, Transaction transaction)
    {
        var line = new CsvLine(stackalloc char[MaxLine]);
        line.Field(transaction.CustomerId);
        line.Comma();
        line.DateTime(transaction.Timestamp);
        line.Comma();
        line.Fixed(transaction.Amount, 2);
        line.Comma();
        line.Field(transaction.OrderId);
        line.Comma();
        if (transaction.Quantity is { } quantity)
        {
            line.Fixed(quantity, 0);
        }

        line.Comma();
        line.Field(transaction.Channel);
        line.Comma();
        line.Field(transaction.Device);
        line.EndLine();
        text.Append(line.Text);
    }

    /// <summary>
    /// Expectations with fixed decimals and rates with up to ten: enough to check against, and
    /// short enough that the last bits of a transcendental function do not show.
    /// </summary>
    public static void AppendTruth(StringBuilder text, SimulatedCustomer customer, DateOnly truthDate, int horizonDays)
    {
        var truth = customer.Truth;
        var p = customer.Parameters;
        var line = new CsvLine(stackalloc char[MaxLine]);
        line.Field(truth.CustomerId);
        line.Comma();
        line.Fixed(truth.ExpectedFutureSpend, 4);
        line.Comma();
        line.Fixed(truth.ExpectedFutureOrders, 6);
        line.Comma();
        line.Fixed(truth.ProbabilityAlive, 6);
        line.Comma();
        line.Fixed(truth.ExpectedFutureNetAmount, 4);
        line.Comma();
        line.Fixed(p.PurchaseRate, 10, trimZeros: true);
        line.Comma();
        line.Fixed(p.DropoutRate, 10, trimZeros: true);
        line.Comma();
        line.Fixed(p.MeanSpend, 4);
        line.Comma();
        line.Fixed(p.ConversionProbability, 6, trimZeros: true);
        line.Comma();
        line.Fixed(p.ConversionRate, 6, trimZeros: true);
        line.Comma();
        line.Date(truthDate);
        line.Comma();
        line.Integer(horizonDays);
        line.EndLine();
        text.Append(line.Text);
    }
}
