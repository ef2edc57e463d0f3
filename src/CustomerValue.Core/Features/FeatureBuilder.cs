using System.Buffers;
using CustomerValue.Core.Data;
using CustomerValue.Core.Domain;

namespace CustomerValue.Core.Features;

/// <summary>
/// Features as of a cutoff and labels after it. <see cref="Build"/> makes the training table in one
/// streaming pass; <see cref="Snapshot"/> scores one customer through the same per-customer code.
/// The cutoff day belongs to the history: a purchase on the cutoff date is seen, one the day after is not.
/// </summary>
public static class FeatureBuilder
{
    /// <summary>Snapshot histories up to this many transactions are collapsed on the stack.</summary>
    const int SnapshotStackDays = 64;

    /// <summary>
    /// One pass over <paramref name="transactions"/> (any order, any size) giving a row per customer
    /// known at the cutoff: anyone with a transaction on or before it (even only a return), anyone
    /// whose profile signed up on or before it, and anyone with a profile but neither a signup date nor
    /// any transaction after the cutoff. A customer whose first transaction is after the cutoff is
    /// left out unless their profile says they had signed up by then.
    /// </summary>
    public static FeatureSet Build(
        IEnumerable<Transaction> transactions,
        IEnumerable<CustomerProfile>? profiles,
        DateOnly cutoff,
        FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return Build(book => book.AddAll(transactions), profiles, cutoff, options);
    }

    /// <summary>
    /// The customer base to score as of <paramref name="cutoff"/> from ledger entries: the customers
    /// <see cref="Build(IEnumerable{Transaction}, IEnumerable{CustomerProfile}?, DateOnly, FeatureOptions?)"/> gives a row,
    /// each built only when asked for.
    /// </summary>
    /// <remarks><paramref name="profiles"/> is asked for only once the ledgers are filled, so it may still be loading meanwhile.</remarks>
    internal static CustomerBase BuildBaseFromEntries(
        IEnumerable<LedgerEntry> entries,
        Func<IEnumerable<CustomerProfile>?> profiles,
        DateOnly cutoff,
        FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(profiles);
        options ??= FeatureOptions.Default;
        options.Validate();
        var book = new LedgerBook(cutoff, Math.Max(options.HorizonDays, options.EffectiveChurnWindowDays));
        book.AddAll(entries);
        return CollectBase(book, IndexProfiles(profiles()), cutoff, options);
    }

    static FeatureSet Build(Action<LedgerBook> fill, IEnumerable<CustomerProfile>? profiles, DateOnly cutoff, FeatureOptions? options)
    {
        var profileById = IndexProfiles(profiles);
        return Build(fill, () => profileById, cutoff, options);
    }

    static FeatureSet Build(Action<LedgerBook> fill, Func<Dictionary<string, CustomerProfile>> profileById, DateOnly cutoff, FeatureOptions? options)
    {
        options ??= FeatureOptions.Default;
        options.Validate();

        var book = new LedgerBook(cutoff, Math.Max(options.HorizonDays, options.EffectiveChurnWindowDays));
        fill(book);
        return Collect(book, profileById(), cutoff, options);
    }

    /// <summary>
    /// Features for scoring, as of the last date in <paramref name="transactions"/>, in the same single pass:
    /// every customer with a transaction, plus profiles signed up by that date (or with no signup date), as
    /// <see cref="Build"/> would include them at that cutoff. The labels are empty (there is no future to look at).
    /// </summary>
    /// <exception cref="InvalidDataException">There are no transactions, so there is no last date.</exception>
    public static FeatureSet BuildAsOfLastDate(
        IEnumerable<Transaction> transactions,
        IEnumerable<CustomerProfile>? profiles,
        FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return BuildAsOfLastDate(book => book.AddAll(transactions), profiles, options);
    }

    /// <summary><see cref="BuildAsOfLastDate(IEnumerable{Transaction}, IEnumerable{CustomerProfile}?, FeatureOptions?)"/> from ledger entries, as a <see cref="CustomerBase"/>.</summary>
    /// <remarks><paramref name="profiles"/> is asked for only once the ledgers are filled, so it may still be loading meanwhile.</remarks>
    /// <param name="lastDate">
    /// The last date of the whole input when <paramref name="entries"/> are only part of it (one shard's customers),
    /// asked for once they are exhausted; null takes the last date of the entries.
    /// </param>
    internal static CustomerBase BuildBaseAsOfLastDateFromEntries(
        IEnumerable<LedgerEntry> entries,
        Func<IEnumerable<CustomerProfile>?> profiles,
        FeatureOptions? options = null,
        Func<DateOnly?>? lastDate = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(profiles);
        options ??= FeatureOptions.Default;
        options.Validate();
        // Every day is history until the last one is known; nothing lies after it.
        var book = new LedgerBook(DateOnly.MaxValue, daysKeptAfterCutoff: 0);
        book.AddAll(entries);
        var cutoff = lastDate?.Invoke() ?? book.LastTransactionDate ?? throw new InvalidDataException("No transactions were read, so there is no last date to score as of.");
        return CollectBase(book, IndexProfiles(profiles()), cutoff, options);
    }

    static FeatureSet BuildAsOfLastDate(Action<LedgerBook> fill, IEnumerable<CustomerProfile>? profiles, FeatureOptions? options)
    {
        var profileById = IndexProfiles(profiles);
        return BuildAsOfLastDate(fill, () => profileById, options);
    }

    static FeatureSet BuildAsOfLastDate(Action<LedgerBook> fill, Func<Dictionary<string, CustomerProfile>> profileById, FeatureOptions? options)
    {
        options ??= FeatureOptions.Default;
        options.Validate();

        // Every day is history until the last one is known; nothing lies after it.
        var book = new LedgerBook(DateOnly.MaxValue, daysKeptAfterCutoff: 0);
        fill(book);
        var cutoff = book.LastTransactionDate ?? throw new InvalidDataException("No transactions were read, so there is no last date to score as of.");
        return Collect(book, profileById(), cutoff, options);
    }

    /// <summary>
    /// The snapshot at <paramref name="cutoff"/> from a book that holds every day of every customer (<see cref="CustomerHistories"/>):
    /// who was seen by the cutoff follows from their first day, which a pass that stops at the cutoff records as it reads.
    /// </summary>
    internal static FeatureSet CollectEveryDay(LedgerBook everyDay, Dictionary<string, CustomerProfile> profileById, DateOnly cutoff, FeatureOptions options)
    {
        options.Validate();
        return Collect(everyDay, profileById, cutoff, options, seenFromDays: true);
    }

    /// <param name="seenFromDays">The book keeps days past the cutoff: a customer was seen by it when their first day is on or before it.</param>
    static FeatureSet Collect(
        LedgerBook book, Dictionary<string, CustomerProfile> profileById, DateOnly cutoff, FeatureOptions options, bool seenFromDays = false)
    {
        var attributes = options.Attributes ?? AttributeSchema.Infer(profileById.Values);
        var rows = new List<CustomerExample>(book.CustomerCount + profileById.Count);
        // A handful of regions repeat across the whole base; one string each instead of one per customer.
        var regions = new Interner();
        book.ForEach((customerId, seenOnOrBefore, days) =>
        {
            var profile = profileById.GetValueOrDefault(customerId);
            var seen = seenFromDays ? days.Length > 0 && days[0].Day <= cutoff.DayNumber : seenOnOrBefore;
            if (!seen && !SignedUpBy(profile, cutoff))
                return;
            rows.Add(Example(customerId, profile, days, cutoff, options, attributes, regions, book.LastTransactionDate));
        });
        foreach (var (customerId, profile) in profileById)
        {
            // A customer known from the customers file alone is a prospect; one described by their orders has bought, later.
            if (!profile.FromOrders && !book.Contains(customerId) && (profile.SignupDate is null || SignedUpBy(profile, cutoff))
                && !(options.OnlyCustomersStillThere && profile.GoneBy(cutoff)))
                rows.Add(Example(customerId, profile, [], cutoff, options, attributes, regions, book.LastTransactionDate));
        }

        SortById(rows, static (a, b) => string.CompareOrdinal(a.Features.CustomerId, b.Features.CustomerId));
        return new FeatureSet(cutoff, options, attributes, rows, book.TransactionsRead, book.LastTransactionDate);
    }

    /// <summary>
    /// Who <see cref="Collect"/> gives a row, in the same order, without building the rows: <see cref="CustomerBase"/>
    /// builds each when it is scored. Reading every ledger here also sorts the days of customers whose rows came out of
    /// order, so the book is only read from now on.
    /// </summary>
    static CustomerBase CollectBase(LedgerBook book, Dictionary<string, CustomerProfile> profileById, DateOnly cutoff, FeatureOptions options)
    {
        var attributes = options.Attributes ?? AttributeSchema.Infer(profileById.Values);
        var entries = new List<CustomerBase.Entry>(book.CustomerCount + profileById.Count);
        book.ForEach((customerId, index, seenOnOrBefore, days) =>
        {
            var profile = profileById.GetValueOrDefault(customerId);
            if (seenOnOrBefore || SignedUpBy(profile, cutoff))
                entries.Add(new CustomerBase.Entry(customerId, days.IsEmpty ? -1 : index, profile));
        });
        foreach (var (customerId, profile) in profileById)
        {
            // A customer known from the customers file alone is a prospect; one described by their orders has bought, later.
            if (!profile.FromOrders && !book.Contains(customerId) && (profile.SignupDate is null || SignedUpBy(profile, cutoff)))
                entries.Add(new CustomerBase.Entry(customerId, -1, profile));
        }
        SortById(entries, static (a, b) => string.CompareOrdinal(a.CustomerId, b.CustomerId));
        return new CustomerBase(book, [.. entries], cutoff, options, attributes);
    }

    /// <summary>A scored customer's row: the features and labels <see cref="Collect"/> gives, with the order history the store keeps.</summary>
    internal static CustomerExample ScoringExample(
        string customerId, CustomerProfile? profile, ReadOnlySpan<DayAmount> days, DateOnly cutoff, FeatureOptions options, AttributeSchema attributes) =>
        Example(customerId, profile, days, cutoff, options, attributes, regions: null) with { OrderHistory = OrderHistory.Of(days, cutoff) };

    /// <summary>
    /// One customer's features as of the end of <paramref name="asOf"/> from their own history (any
    /// order; later transactions are ignored), e.g. a brand-new customer with only a first order.
    /// Pass the training <see cref="FeatureOptions.Attributes"/> so the extra attributes match the model.
    /// </summary>
    public static FeatureRow Snapshot(
        CustomerProfile? profile,
        IReadOnlyList<Transaction> history,
        DateOnly asOf,
        FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var customerId = profile?.CustomerId
            ?? (history.Count > 0 ? history[0].CustomerId : throw new ArgumentException("A snapshot needs a profile or at least one transaction.", nameof(history)));
        DatedAmount[]? rented = null;
        var amounts = history.Count <= SnapshotStackDays
            ? stackalloc DatedAmount[history.Count]
            : rented = ArrayPool<DatedAmount>.Shared.Rent(history.Count);
        try
        {
            for (var i = 0; i < history.Count; i++)
            {
                var transaction = history[i];
                if (!string.Equals(transaction.CustomerId, customerId, StringComparison.Ordinal))
                    throw new ArgumentException($"The history of customer '{customerId}' holds a transaction of '{transaction.CustomerId}'.", nameof(history));
                amounts[i] = new DatedAmount(DateOnly.FromDateTime(transaction.Timestamp), transaction.Amount);
            }
            return Snapshot(customerId, profile, amounts[..history.Count], asOf, options);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<DatedAmount>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <see cref="Snapshot(CustomerProfile?, IReadOnlyList{Transaction}, DateOnly, FeatureOptions?)"/> for a history of
    /// days and amounts alone, the customer being the profile's: the same features, without a transaction object per entry.
    /// </summary>
    public static FeatureRow SnapshotOfAmounts(
        CustomerProfile profile,
        ReadOnlySpan<DatedAmount> history,
        DateOnly asOf,
        FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Snapshot(profile.CustomerId, profile, history, asOf, options);
    }

    static FeatureRow Snapshot(string customerId, CustomerProfile? profile, ReadOnlySpan<DatedAmount> history, DateOnly asOf, FeatureOptions? options)
    {
        options ??= FeatureOptions.Default;
        options.Validate();
        // One customer's days fit on the stack: no arena, no ledger, nothing for the collector on the API's request path.
        // Sized to the history: the runtime zeroes a stack buffer, and a fixed 64 days would be 1 KB per request.
        DayAmount[]? rented = null;
        var days = history.Length <= SnapshotStackDays
            ? stackalloc DayAmount[history.Length]
            : rented = ArrayPool<DayAmount>.Shared.Rent(history.Length);
        try
        {
            var count = 0;
            var sorted = true;
            foreach (var (date, amount) in history)
            {
                if (!double.IsFinite(amount))
                    throw new ArgumentException($"Customer '{customerId}' has a transaction on {date:yyyy-MM-dd} with a non-finite amount.", nameof(history));
                if (date > asOf)
                    continue;
                var entry = DayAmount.Of(date.DayNumber, amount);
                if (count > 0 && days[count - 1].Day == entry.Day)
                {
                    days[count - 1] = days[count - 1].Plus(entry);
                    continue;
                }
                sorted &= count == 0 || entry.Day > days[count - 1].Day;
                days[count++] = entry;
            }
            if (!sorted)
                count = DailyLedger.SortAndMerge(days[..count]);
            return Features(customerId, profile, days[..count], asOf, options, options.Attributes ?? AttributeSchema.Empty, regions: null);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<DayAmount>.Shared.Return(rented);
        }
    }

    /// <param name="dataEnd">The last day of the data, as of which an undated churn flag is known; null takes the flag as it is.</param>
    static CustomerExample Example(
        string customerId, CustomerProfile? profile, ReadOnlySpan<DayAmount> days,
        DateOnly cutoff, FeatureOptions options, AttributeSchema attributes, Interner? regions, DateOnly? dataEnd = null) =>
        new(Features(customerId, profile, days, cutoff, options, attributes, regions), Labels(profile, days, cutoff, options, dataEnd));

    static FeatureRow Features(
        string customerId, CustomerProfile? profile, ReadOnlySpan<DayAmount> days,
        DateOnly asOf, FeatureOptions options, AttributeSchema attributes, Interner? regions)
    {
        var cutoffDay = asOf.DayNumber;
        var stats = HistoryStats.Of(days, cutoffDay, options.HorizonDays);
        var bought = stats.PurchaseDays > 0;
        var postalCode = profile?.PostalCode?.Trim() ?? "";

        return new FeatureRow
        {
            CustomerId = customerId,
            AsOf = asOf,
            IsProspect = !bought,
            RecencyDays = bought ? cutoffDay - stats.LastPurchaseDay : FeatureRow.NotDefined,
            Frequency = stats.RepeatPurchaseDays,
            TenureDays = bought ? cutoffDay - stats.FirstPurchaseDay : FeatureRow.NotDefined,
            Monetary = stats.MeanRepeatSpend,
            FirstTicket = stats.FirstTicket,
            TotalSpend = stats.TotalSpend,
            PurchaseDays30 = stats.PurchaseDays30,
            PurchaseDays90 = stats.PurchaseDays90,
            PurchaseDays365 = stats.PurchaseDays365,
            MeanDaysBetweenPurchases = double.IsNaN(stats.MeanGap) ? FeatureRow.NotDefined : stats.MeanGap,
            StdDaysBetweenPurchases = double.IsNaN(stats.StdGap) ? FeatureRow.NotDefined : stats.StdGap,
            SpendTrend90 = Trend(stats.Spend90, stats.SpendPrior90),
            DaysSinceSignup = profile?.SignupDate is { } signup ? Math.Max(0, TenureEnd(profile, cutoffDay, options) - signup.DayNumber) : FeatureRow.NotDefined,
            Spend365 = stats.Spend365,
            SpendLastHorizon = stats.SpendLastHorizon,
            PurchaseDaysLastHorizon = stats.PurchaseDaysLastHorizon,
            RecencyOverMeanGap = bought && stats.MeanGap > 0 ? (cutoffDay - stats.LastPurchaseDay) / stats.MeanGap : FeatureRow.NotDefined,
            PostalCode = postalCode,
            PostalRegion = PostalRegion(postalCode, options.PostalRegionLength, regions),
            Device = profile?.Device?.Trim() ?? "",
            Channel = profile?.Channel?.Trim() ?? "",
            Newsletter = profile?.Newsletter switch { true => "yes", false => "no", null => "" },
            GivenChurn = profile?.Churned ?? (profile?.ChurnDate is { } churnDate && churnDate <= asOf ? true : null),
            Attributes = attributes,
            NumericAttributes = attributes.ReadNumbers(profile),
            CategoricalAttributes = attributes.ReadCategories(profile),
        };
    }

    /// <summary>The day a customer's days since signup run to: the as-of day, or a churn table's leaver's churn date before it.</summary>
    static int TenureEnd(CustomerProfile profile, int cutoffDay, FeatureOptions options) =>
        options.TenureEndsAtChurn && profile.ChurnDate is { } left && left.DayNumber < cutoffDay ? left.DayNumber : cutoffDay;

    /// <summary>
    /// A given churn label wins over behaviour; with a churn date it counts only if that date falls
    /// within the churn window (a later churn means the customer was still there at its end). A flag without a date
    /// is known as of the data's end only: it labels a snapshot whose churn window reaches that end, and an earlier
    /// snapshot's label is the observed one. Taken as it is, a "churned" flag exported at the end would label a
    /// subscriber who kept paying for a year after an earlier window as churned in it, and carry the test period's
    /// cancellations into the validation period's labels.
    /// </summary>
    static CustomerLabels Labels(CustomerProfile? profile, ReadOnlySpan<DayAmount> days, DateOnly cutoff, FeatureOptions options, DateOnly? dataEnd)
    {
        var horizon = Window.Of(days, cutoff.DayNumber, options.HorizonDays);
        var churnWindowDays = options.EffectiveChurnWindowDays;
        var churnWindow = churnWindowDays == options.HorizonDays ? horizon : Window.Of(days, cutoff.DayNumber, churnWindowDays);

        var given = profile?.ChurnLabel;
        if (given is true && profile!.ChurnDate is null && cutoff.AddDays(churnWindowDays) < dataEnd)
            given = null;
        if (given is { } churned)
        {
            if (churned && profile!.ChurnDate is { } churnDate)
                churned = churnDate <= cutoff.AddDays(churnWindowDays);
            return new CustomerLabels(horizon.Spend, horizon.PurchaseDays, churned, ChurnLabelSource.Given, horizon.FirstPurchaseDay) { SpendByMonth = ByMonth(days, cutoff, options, horizon.Spend) };
        }
        return new CustomerLabels(horizon.Spend, horizon.PurchaseDays, churnWindow.PurchaseDays == 0, ChurnLabelSource.Observed, horizon.FirstPurchaseDay) { SpendByMonth = ByMonth(days, cutoff, options, horizon.Spend) };
    }

    /// <summary>A calendar month's part of the horizon shorter than this joins its neighbour (see <see cref="HorizonMonths"/>).</summary>
    public const int ShortestMonthPart = 7;

    /// <summary>
    /// The calendar months the horizon (cutoff, cutoff + horizon] touches: first day and last day of each part. A first or
    /// last part of fewer than <see cref="ShortestMonthPart"/> days (a cutoff on 30 December leaves one day of December)
    /// joins the month next to it: a total over a day or two is noise, not a month's error.
    /// </summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> HorizonMonths(DateOnly cutoff, int horizonDays)
    {
        var months = new List<(DateOnly From, DateOnly To)>();
        var end = cutoff.AddDays(horizonDays);
        for (var from = cutoff.AddDays(1); from <= end;)
        {
            var monthEnd = new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1);
            var to = monthEnd < end ? monthEnd : end;
            months.Add((from, to));
            from = to.AddDays(1);
        }
        static int Days((DateOnly From, DateOnly To) part) => part.To.DayNumber - part.From.DayNumber + 1;
        if (months.Count > 1 && Days(months[0]) < ShortestMonthPart)
        {
            months[1] = (months[0].From, months[1].To);
            months.RemoveAt(0);
        }
        if (months.Count > 1 && Days(months[^1]) < ShortestMonthPart)
        {
            months[^2] = (months[^2].From, months[^1].To);
            months.RemoveAt(months.Count - 1);
        }
        return months;
    }

    /// <param name="horizonSpend">
    /// The horizon's net spend, floored at 0: a customer whose returns outweigh their purchases over the horizon (or an
    /// account's own payouts, read as a customer's) counts 0 in every month, so the months sum to the horizon's label.
    /// </param>
    static double[]? ByMonth(ReadOnlySpan<DayAmount> days, DateOnly cutoff, FeatureOptions options, double horizonSpend)
    {
        if (!options.LabelsByMonth)
            return null;
        var end = cutoff.DayNumber + options.HorizonDays;
        var months = HorizonMonths(cutoff, options.HorizonDays);
        var spend = new double[months.Count];
        if (horizonSpend <= 0)
            return spend;
        var m = 0;
        foreach (var (day, amount) in days)
        {
            if (day <= cutoff.DayNumber)
                continue;
            if (day > end)
                break;
            while (day > months[m].To.DayNumber)
                m++;
            spend[m] += amount;
        }
        return spend;
    }

    static string PostalRegion(string postalCode, int length, Interner? regions)
    {
        var prefix = postalCode.AsSpan(0, Math.Min(length, postalCode.Length));
        if (regions is null)
            return prefix.ToString().ToUpperInvariant();
        Span<char> upper = stackalloc char[Math.Min(prefix.Length, 256)];
        return prefix.Length <= upper.Length && prefix.ToUpperInvariant(upper) == prefix.Length
            ? regions.Intern(upper[..prefix.Length])
            : prefix.ToString().ToUpperInvariant();
    }

    static double Trend(double recent, double prior)
    {
        var a = Math.Max(recent, 0);
        var b = Math.Max(prior, 0);
        return a + b <= DayAmount.NetZeroTolerance ? 0 : (a - b) / (a + b);
    }

    /// <summary>
    /// Orders the rows by customer id. A file sorted by customer gives the ledger's rows in order already, and the
    /// customers without transactions come after them, sorted as the customers file is: two sorted runs, merged in one
    /// pass, where sorting a million ids costs about twenty comparisons each.
    /// </summary>
    static void SortById<T>(List<T> rows, Comparison<T> compareIds)
    {
        int run = SortedPrefix(rows, compareIds);
        if (run == rows.Count)
            return;
        var rest = rows.GetRange(run, rows.Count - run);
        if (SortedPrefix(rest, compareIds) < rest.Count)
            rest.Sort(compareIds);
        // From the back, so the first run can stay where it is.
        int i = run - 1, j = rest.Count - 1, k = rows.Count - 1;
        while (j >= 0)
            rows[k--] = i >= 0 && compareIds(rows[i], rest[j]) > 0 ? rows[i--] : rest[j--];
    }

    /// <summary>How many rows from the first stand in id order.</summary>
    static int SortedPrefix<T>(List<T> rows, Comparison<T> compareIds)
    {
        int end = 1;
        while (end < rows.Count && compareIds(rows[end - 1], rows[end]) <= 0)
            end++;
        return Math.Min(end, rows.Count);
    }

    static bool SignedUpBy(CustomerProfile? profile, DateOnly cutoff) =>
        profile?.SignupDate is { } signup && signup <= cutoff;

    internal static Dictionary<string, CustomerProfile> IndexProfiles(IEnumerable<CustomerProfile>? profiles)
    {
        // Sized up front when the count is known (a loaded table): growing to a million entries by doubling rehashes
        // them all about twice and leaves 50 MB of old tables to the collector, on the one thread still working then.
        var byId = new Dictionary<string, CustomerProfile>(profiles?.TryGetNonEnumeratedCount(out int count) == true ? count : 0, StringComparer.Ordinal);
        foreach (var profile in profiles ?? [])
        {
            if (!byId.TryAdd(profile.CustomerId, profile))
                throw new ArgumentException($"Customer '{profile.CustomerId}' has more than one profile.", nameof(profiles));
        }
        return byId;
    }
}
