using System.ComponentModel;
using System.Text.Json;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// One customer to score. Every field is optional at the JSON level so that a missing one is
/// reported by <see cref="PredictionRequestValidator"/> with its path, not as an opaque parse error.
/// </summary>
public sealed record PredictionRequest
{
    [Description("Your id for the customer; echoed back. Optional.")]
    public string? CustomerId { get; init; }

    [Description("The date (YYYY-MM-DD) the features are computed as of: the end of that day. Default: today (UTC).")]
    public DateOnly? AsOf { get; init; }

    [Description("What is known about the customer apart from purchases.")]
    public ProfileRequest? Profile { get; init; }

    [Description("Purchase history: either a list of orders or a summary, not both. Absent: a prospect with no purchase yet.")]
    public HistoryRequest? History { get; init; }
}

public sealed record ProfileRequest
{
    public string? PostalCode { get; init; }

    [Description("Device the customer uses; one the model knows or one of Api:KnownDevices (case-insensitive).")]
    public string? Device { get; init; }

    [Description("Acquisition channel, e.g. organic, email, paid_search.")]
    public string? Channel { get; init; }

    public bool? Newsletter { get; init; }

    [Description("Signup date, YYYY-MM-DD; not after asOf.")]
    public DateOnly? SignupDate { get; init; }

    [Description("Extra attributes the model was trained with, name → string or number. Unknown names are ignored with a warning.")]
    public Dictionary<string, JsonElement>? Attributes { get; init; }
}

public sealed record HistoryRequest
{
    [Description("Every order, any order of dates. Amounts are net of returns and not negative.")]
    public List<OrderRequest?>? Orders { get; init; }

    [Description("A summary instead of the orders; frequency-shape features are then approximations.")]
    public HistorySummaryRequest? Summary { get; init; }
}

public sealed record OrderRequest
{
    [Description("Order date, YYYY-MM-DD, not after asOf.")]
    public DateOnly? Date { get; init; }

    [Description("Net amount in currency units, at least 0.")]
    public double? Amount { get; init; }
}

public sealed record HistorySummaryRequest
{
    [Description("Number of purchase days (orders on the same day count once), at least 1.")]
    public int? Orders { get; init; }

    [Description("Net spend over all orders, at least 0.")]
    public double? TotalSpend { get; init; }

    public DateOnly? FirstOrderDate { get; init; }

    [Description("Not before firstOrderDate; equal to it when orders is 1.")]
    public DateOnly? LastOrderDate { get; init; }

    [Description("Amount of the first order; default totalSpend / orders. At most totalSpend.")]
    public double? FirstOrderValue { get; init; }
}

/// <summary>Up to <c>Api:MaxBatchSize</c> prediction requests.</summary>
/// <remarks>
/// Items stay raw JSON until each is read on its own, so an item with a wrongly typed field fails
/// alone, with its index, instead of failing the whole batch.
/// </remarks>
public sealed record BatchPredictionRequest
{
    [Description("Prediction requests, each shaped like the body of POST /v1/predictions.")]
    public List<JsonElement>? Items { get; init; }
}
