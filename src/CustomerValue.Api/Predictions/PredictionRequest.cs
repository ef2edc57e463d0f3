using System.ComponentModel;
using System.Text.Json;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// One customer to score. Every field is optional at the JSON level so that a missing one is
/// reported by <see cref="PredictionRequestValidator"/> with its path, not as an opaque parse error.
/// Settable properties, not init-only: System.Text.Json reads init-only properties through its constructor-argument
/// converter, the slower of its two object readers (dotnet-trace under wrk showed it; explain=false ÷ ping went 0.54 → 0.58).
/// </summary>
public sealed record PredictionRequest
{
    [Description("Your id for the customer; echoed back. Optional.")]
    public string? CustomerId { get; set; }

    [Description("The date (YYYY-MM-DD) the features are computed as of: the end of that day. Default: today (UTC).")]
    public DateOnly? AsOf { get; set; }

    [Description("What is known about the customer apart from purchases.")]
    public ProfileRequest? Profile { get; set; }

    [Description("Purchase history: either a list of orders or a summary, not both. Absent: a prospect with no purchase yet.")]
    public HistoryRequest? History { get; set; }
}

public sealed record ProfileRequest
{
    public string? PostalCode { get; set; }

    [Description("Device the customer uses; one the model knows or one of Api:KnownDevices (case-insensitive).")]
    public string? Device { get; set; }

    [Description("Acquisition channel, e.g. organic, email, paid_search.")]
    public string? Channel { get; set; }

    public bool? Newsletter { get; set; }

    [Description("Signup date, YYYY-MM-DD; not after asOf.")]
    public DateOnly? SignupDate { get; set; }

    [Description("Extra attributes the model was trained with, name → string or number. Unknown names are ignored with a warning.")]
    public Dictionary<string, JsonElement>? Attributes { get; set; }
}

public sealed record HistoryRequest
{
    [Description("Every order, any order of dates. Amounts are net of returns and not negative.")]
    public List<OrderRequest?>? Orders { get; set; }

    [Description("A summary instead of the orders; frequency-shape features are then approximations.")]
    public HistorySummaryRequest? Summary { get; set; }
}

public sealed record OrderRequest
{
    [Description("Order date, YYYY-MM-DD, not after asOf.")]
    public DateOnly? Date { get; set; }

    [Description("Net amount in currency units, at least 0.")]
    public double? Amount { get; set; }
}

public sealed record HistorySummaryRequest
{
    [Description("Number of purchase days (orders on the same day count once), at least 1.")]
    public int? Orders { get; set; }

    [Description("Net spend over all orders, at least 0.")]
    public double? TotalSpend { get; set; }

    public DateOnly? FirstOrderDate { get; set; }

    [Description("Not before firstOrderDate; equal to it when orders is 1.")]
    public DateOnly? LastOrderDate { get; set; }

    [Description("Amount of the first order; default totalSpend / orders. At most totalSpend.")]
    public double? FirstOrderValue { get; set; }
}

/// <summary>Up to <c>Api:MaxBatchSize</c> prediction requests.</summary>
/// <remarks>
/// Items stay raw JSON until each is read on its own, so an item with a wrongly typed field fails
/// alone, with its index, instead of failing the whole batch.
/// </remarks>
public sealed record BatchPredictionRequest
{
    [Description("Prediction requests, each shaped like the body of POST /v1/predictions.")]
    public List<JsonElement>? Items { get; set; }
}
