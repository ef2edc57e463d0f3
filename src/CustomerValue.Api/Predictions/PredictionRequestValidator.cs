using System.Globalization;
using System.Text.Json;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Security;
using CustomerValue.Core.Data;
using CustomerValue.Core.Features;
using CustomerValue.Core.Models.Bundles;
using Microsoft.Extensions.Options;

namespace CustomerValue.Api.Predictions;

/// <summary>
/// Checks a request against the rules of docs/api.md#validation and the loaded model's vocabulary.
/// Every problem is reported under the JSON path of the field it concerns
/// (e.g. <c>history.orders[2].amount</c>), all at once.
/// </summary>
public sealed class PredictionRequestValidator(IOptions<ApiOptions> options, IOptions<LimitOptions> limits, TimeProvider time)
{
    /// <summary>Days asOf may lie beyond today (UTC), for callers in time zones ahead of UTC.</summary>
    public const int AsOfToleranceDays = 1;

    public const int MaxCustomerIdLength = 200;

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    readonly HashSet<string> _knownDevices = new(options.Value.KnownDevices, StringComparer.OrdinalIgnoreCase);

    readonly int _maxOrders = limits.Value.MaxOrdersPerCustomer;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The asOf the request is scored at once valid: its own, or today (UTC).</summary>
    public DateOnly AsOf(PredictionRequest request) => request.AsOf ?? Today;

    /// <summary>Field errors by JSON path; null when the request can be scored (nothing is allocated then).</summary>
    public Dictionary<string, string[]>? Validate(PredictionRequest request, ModelVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var asOf = AsOf(request);
        var latest = Today.AddDays(AsOfToleranceDays);
        if (request.AsOf is { } given && given > latest)
            errors.Add("asOf", $"is {Show(given)}, in the future; it may be at most {Show(latest)} (today UTC plus {AsOfToleranceDays} day).");
        else if (request.AsOf is { } early && ValueBounds.DateProblem(early) is { } tooEarly)
            errors.Add("asOf", tooEarly);
        if (request.CustomerId is { Length: > MaxCustomerIdLength })
            errors.Add("customerId", $"is longer than {MaxCustomerIdLength} characters.");
        if (request.Profile is null && request.History is null)
            errors.Add("profile", "give a profile, a history, or both.");

        if (request.Profile is { } profile)
            ValidateProfile(profile, asOf, vocabulary, ref errors);
        if (request.History?.Orders is { Count: var count } && count > _maxOrders)
            errors.Add("history.orders", $"holds {count} orders; Api:Limits:MaxOrdersPerCustomer allows at most {_maxOrders}.");
        else if (request.History is { } history)
            ValidateHistory(history, asOf, ref errors);
        return errors.ToDictionary();
    }

    void ValidateProfile(ProfileRequest profile, DateOnly asOf, ModelVocabulary vocabulary, ref Errors errors)
    {
        if (profile.SignupDate is { } signup && signup > asOf)
            errors.Add("profile.signupDate", $"is {Show(signup)}, after asOf ({Show(asOf)}).");
        else if (profile.SignupDate is { } early && ValueBounds.DateProblem(early) is { } tooEarly)
            errors.Add("profile.signupDate", tooEarly);
        // A device the model does not read cannot be a typo that changes the answer: it draws ignoredField instead.
        if (!string.IsNullOrWhiteSpace(profile.Device) && !vocabulary.ProfileColumnsLeftOut.Contains(FeatureColumns.Device))
        {
            var device = profile.Device.Trim();
            if (!vocabulary.ModelDevices.ContainsKey(device) && !_knownDevices.Contains(device))
            {
                var allowed = vocabulary.ModelDevices.Values.Concat(_knownDevices)
                    .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
                errors.Add("profile.device", $"'{device}' is not a known device; use one of {string.Join(", ", allowed)}.");
            }
        }
        if (profile.Attributes is not { } attributes)
            return;
        foreach (var (name, value) in attributes)
        {
            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
                errors.Add("profile.attributes." + name, "must be a string or a number.");
            else if (vocabulary.Attributes.NumericNames.Contains(name) && value.ValueKind == JsonValueKind.String
                     && !string.IsNullOrWhiteSpace(value.GetString())
                     && !double.TryParse(value.GetString(), NumberStyles.Float, Inv, out _))
                errors.Add("profile.attributes." + name, $"must be a number: the model reads '{name}' as numeric.");
        }
    }

    static void ValidateHistory(HistoryRequest history, DateOnly asOf, ref Errors errors)
    {
        if (history.Orders is not null && history.Summary is not null)
        {
            errors.Add("history", "give either orders or summary, not both.");
            return;
        }
        if (history.Orders is { } orders)
        {
            // Field names are built only for an order in error: a valid history costs no strings.
            for (var i = 0; i < orders.Count; i++)
            {
                if (orders[i] is not { } order)
                {
                    errors.Add(OrderField(i, ""), "must be an object with date and amount.");
                    continue;
                }
                if (order.Date is not { } date)
                    errors.Add(OrderField(i, ".date"), "is required.");
                else if (date > asOf)
                    errors.Add(OrderField(i, ".date"), $"is {Show(date)}, after asOf ({Show(asOf)}).");
                else if (ValueBounds.DateProblem(date) is { } tooEarly)
                    errors.Add(OrderField(i, ".date"), tooEarly);
                if (order.Amount is not { } amount)
                    errors.Add(OrderField(i, ".amount"), "is required.");
                else if (!double.IsFinite(amount) || amount < 0)
                    errors.Add(OrderField(i, ".amount"), $"is {amount.ToString(Inv)}; it must be at least 0 (net a return into the order it refunds).");
                else if (ValueBounds.AmountProblem(amount) is { } tooLarge)
                    errors.Add(OrderField(i, ".amount"), tooLarge);
            }
        }
        else if (history.Summary is { } summary)
        {
            ValidateSummary(summary, asOf, ref errors);
        }
        else
        {
            errors.Add("history", "give orders or summary (or leave history out for a prospect).");
        }
    }

    static void ValidateSummary(HistorySummaryRequest summary, DateOnly asOf, ref Errors errors)
    {
        const string prefix = "history.summary.";
        if (summary.Orders is not { } orders)
            errors.Add(prefix + "orders", "is required.");
        else if (orders < 1)
            errors.Add(prefix + "orders", $"is {orders}; it must be at least 1 (leave history out for a prospect).");
        if (summary.TotalSpend is not { } total)
            errors.Add(prefix + "totalSpend", "is required.");
        else if (!double.IsFinite(total) || total < 0)
            errors.Add(prefix + "totalSpend", $"is {total.ToString(Inv)}; it must be at least 0.");
        else if (ValueBounds.AmountProblem(total) is { } tooLarge)
            errors.Add(prefix + "totalSpend", tooLarge);
        if (summary.FirstOrderDate is not { } first)
            errors.Add(prefix + "firstOrderDate", "is required.");
        else if (first > asOf)
            errors.Add(prefix + "firstOrderDate", $"is {Show(first)}, after asOf ({Show(asOf)}).");
        else if (ValueBounds.DateProblem(first) is { } tooEarly)
            errors.Add(prefix + "firstOrderDate", tooEarly);
        if (summary.LastOrderDate is not { } last)
            errors.Add(prefix + "lastOrderDate", "is required.");
        else if (last > asOf)
            errors.Add(prefix + "lastOrderDate", $"is {Show(last)}, after asOf ({Show(asOf)}).");
        else if (summary.FirstOrderDate is { } f && last < f)
            errors.Add(prefix + "lastOrderDate", $"is {Show(last)}, before firstOrderDate ({Show(f)}).");
        if (summary.FirstOrderValue is { } firstValue)
        {
            if (!double.IsFinite(firstValue) || firstValue < 0)
                errors.Add(prefix + "firstOrderValue", $"is {firstValue.ToString(Inv)}; it must be at least 0.");
            else if (summary.TotalSpend is { } t && firstValue > t + SummaryHistory.CentTolerance)
                errors.Add(prefix + "firstOrderValue", $"is {firstValue.ToString(Inv)}, more than totalSpend ({t.ToString(Inv)}).");
            else if (summary is { Orders: 1, TotalSpend: { } only } && Math.Abs(firstValue - only) > SummaryHistory.CentTolerance)
                errors.Add(prefix + "firstOrderValue", $"is {firstValue.ToString(Inv)}; with one order it must equal totalSpend ({only.ToString(Inv)}).");
        }
        if (summary is { Orders: >= 1 and var n, FirstOrderDate: { } from, LastOrderDate: { } to } && to >= from)
        {
            var days = to.DayNumber - from.DayNumber + 1;
            if (n == 1 && to != from)
                errors.Add(prefix + "lastOrderDate", "must equal firstOrderDate when orders is 1.");
            else if (n > 1 && to == from)
                errors.Add(prefix + "lastOrderDate", $"equals firstOrderDate, but orders is {n}: orders counts purchase days, so several need several days.");
            else if (n > days)
                errors.Add(prefix + "orders", $"is {n}, more than the {days} days from firstOrderDate to lastOrderDate; orders counts purchase days.");
        }
    }

    static string OrderField(int index, string member) => string.Create(Inv, $"history.orders[{index}]{member}");

    static string Show(DateOnly date) => date.ToString("yyyy-MM-dd", Inv);

    /// <remarks>The map is made on the first error: a valid request, the common case, needs none.</remarks>
    struct Errors
    {
        Dictionary<string, List<string>>? _byField;

        public void Add(string field, string message)
        {
            _byField ??= new(StringComparer.Ordinal);
            if (!_byField.TryGetValue(field, out var messages))
                _byField[field] = messages = [];
            messages.Add(message);
        }

        public Dictionary<string, string[]>? ToDictionary()
        {
            if (_byField is null)
                return null;
            var errors = new Dictionary<string, string[]>(_byField.Count, StringComparer.Ordinal);
            foreach (var (field, messages) in _byField)
                errors[field] = [.. messages];
            return errors;
        }
    }
}
